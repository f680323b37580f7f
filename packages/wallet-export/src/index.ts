export { WalletExportError, WalletExportErrorCodes, type WalletExportErrorCode } from './errors.ts';
export type { JsonObject, RenditionIssuer, RenditionOptions } from './options.ts';

export {
  buildOpenBadgeCredential,
  ALIGNMENT_EQF_LEVEL,
  ALIGNMENT_ESCO_SKILL,
  PRIMARY_CREDENTIAL_SCHEME,
  type OpenBadgeOptions,
} from './open-badge/build.ts';
export { readOpenBadge } from './open-badge/read.ts';
export { OPEN_BADGE_ELM_CONTEXT, OPEN_BADGES_V3_CONTEXT } from '@microcred/model';
export { identityHash, identityMatches, type IdentityObject } from './open-badge/identity.ts';

export {
  buildEuropassCredential,
  EDC_CONTEXTS,
  EDC_SCHEMA,
  type EidasIdentifier,
  type EuropassOptions,
} from './edc/build.ts';
export { SCHEMES as EU_CONCEPT_SCHEMES, type ConceptObject } from './edc/concepts.ts';
export { checkEuropassCredential, type EdcShapeIssue } from './edc/shape-checks.ts';

export { RENDITION_NAMES, RENDITIONS, isRenditionName, renditionFileName, type RenditionKind, type RenditionName } from './renditions.ts';
export { bindToHolder } from './holder-binding.ts';
export { presentCredentials, type PresentOptions } from './presentation/present.ts';

export {
  authorizationServerMetadata,
  credentialIssuerMetadata,
  credentialOffer,
  credentialOfferLink,
  isCredentialConfigurationId,
  oid4vciEndpoints,
  CREDENTIAL_CONFIGURATIONS,
  CREDENTIAL_CONFIGURATION_IDS,
  PRE_AUTHORIZED_CODE_GRANT,
  PROOF_JWT_TYPE,
  PROOF_SIGNING_ALGORITHMS,
  type CredentialConfigurationId,
  type TxCodeDescription,
} from './oid4vci/metadata.ts';
export { verifyKeyProof, didJwkOf, type KeyProof, type KeyProofOptions } from './oid4vci/proof.ts';
export { Oid4vciError, type Oid4vciErrorCode } from './oid4vci/errors.ts';
export { newTxCode } from './oid4vci/tx-code.ts';

export {
  checkDidAuthentication,
  didAuthenticationRequest,
  exchangeResponse,
  readExchangeMessage,
  type DidAuthenticationResult,
  type ExchangeMessage,
} from './exchange/vc-api.ts';
export { lcwDeepLink, LCW_REQUEST_BASE } from './exchange/lcw.ts';
