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
export { OPEN_BADGE_ELM_CONTEXT, OPEN_BADGES_V3_CONTEXT } from './open-badge/context.ts';
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
