export { microCredentialInputSchema, type MicroCredentialInput, type Text, type LanguageMap } from './input.ts';
export {
  validateMicroCredentialInput,
  parseMicroCredentialInput,
  InvalidInputError,
  formatPath,
  type FieldIssue,
  type ValidationResult,
} from './validate.ts';
export { normalizeMicroCredential, languageMap, type NormalizedMicroCredential } from './normalize.ts';
export { buildMicroCredential, type BuildOptions, type JsonObject } from './build-credential.ts';
export { readMicroCredential } from './read-credential.ts';
export { generateCertificateNumber, hasValidCheckCharacter } from './certificate-number.ts';
export { CREDENTIALS_V2, MICROCREDENTIAL_CONTEXT } from './context.ts';
export { OPEN_BADGE_ELM_CONTEXT, OPEN_BADGES_V3_CONTEXT } from './open-badge-context.ts';
export { countryIri, countryFromIri, countryName, isCountryCode } from './countries.ts';
export * as vocabulary from './vocabulary.ts';
export { FIXTURE_NAMES, fixturePath, loadFixture, type FixtureName } from './fixtures.ts';
