export { verifyJades } from './verify.ts';
export { sealJades, sealJadesWithExternalSigner } from './seal.ts';
export { generateTestSeal, type GenerateTestSealOptions, type TestSeal } from './test-seal.ts';
export { NO_ANCHORS_REASON, NOT_CHAINED_REASON } from './chain.ts';
export {
  JadesError,
  JadesErrorCodes,
  type ExternalSignerOptions,
  type JadesAlgorithm,
  type JadesCertificateInfo,
  type JadesChainResult,
  type JadesErrorCode,
  type JadesResult,
  type JadesSeal,
  type JadesTimestamp,
  type SealJadesOptions,
  type VerifyJadesOptions,
} from './types.ts';
