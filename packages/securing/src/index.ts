export { SecuringError, ErrorCodes, isSecuringError, type ErrorCode } from './errors.ts';
export type {
  DataIntegritySigner,
  DidDocument,
  DidResolver,
  DocumentLoader,
  JsonObject,
  JwsAlgorithm,
  KeyFile,
  KeyPair,
  KeyType,
  MultikeyVerificationMethod,
  ProofError,
  ProofFormat,
  ProofResult,
  ProofSetEntry,
  PublicKeyDescription,
  RemoteDocument,
  SecuredCredential,
  SecuringFormat,
  VerificationMethod,
} from './types.ts';

export { bundledContexts } from './contexts.ts';
export { CONTEXT_DIGESTS, matchesPublishedDigest, type ContextDigests, type DigestAlgorithm } from './context-digests.ts';
export { createDocumentLoader, type DocumentLoaderOptions } from './document-loader.ts';
export { createDidResolver, type DidResolverOptions } from './did/resolve.ts';
export { didWebFromDomain, didWebUrl } from './did/web.ts';
export { didDocumentFor } from './did/document.ts';

export { generateKey, type GenerateKeyOptions } from './signing-keys/generate.ts';
export { importKeyFile } from './signing-keys/import.ts';
export { exportKeyFile } from './signing-keys/export.ts';
export { loadKeyFile } from './signing-keys/load.ts';
export { saveKeyFile } from './signing-keys/save.ts';
export { publicVerificationMethod } from './signing-keys/verification-method.ts';

export { secureCredential, type SecureCredentialOptions } from './secure.ts';
export { addProof, type AddProofOptions } from './add-proof.ts';
export { verifySecuredCredential, type VerifySecuredCredentialOptions } from './verify.ts';
export { decodeJwtCredential, type DecodedJwt, type JwtEncoding } from './jwt/decode.ts';
export { withJwtProof, JWT_PROOF_TYPE } from './jwt/jwt-proof.ts';
export { signPresentation, type SignPresentationOptions } from './presentation/sign.ts';
export { verifyPresentation, type PresentationResult, type VerifyPresentationOptions } from './presentation/verify.ts';
export { verifyPresentationJwt, isPresentationJwt, type PresentationJwtOptions, type PresentationJwtResult } from './presentation/verify-jwt.ts';
export { isEnvelope, readEnvelope, type EnvelopeContent, type EnvelopeKind } from './envelope.ts';

export {
  verifyJades,
  sealJades,
  sealJadesWithExternalSigner,
  generateTestSeal,
  JadesError,
  JadesErrorCodes,
  type ExternalSignerOptions,
  type GenerateTestSealOptions,
  type JadesAlgorithm,
  type JadesCertificateInfo,
  type JadesChainResult,
  type JadesErrorCode,
  type JadesResult,
  type JadesSeal,
  type JadesTimestamp,
  type SealJadesOptions,
  type TestSeal,
  type VerifyJadesOptions,
} from './jades/index.ts';
export { addressRefusal } from './did/guarded-fetch.ts';
