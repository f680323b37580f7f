export { createApp, type AppDeps } from './app.ts';
export { startServer, type RunningServer, type StartServerOptions } from './server.ts';
export { readSettings, sqliteFile, SettingsError, type Settings } from './settings.ts';
export { SCOPES, type Scope, type Principal } from './context.ts';
export { Problem, problems, PROBLEM_BASE, PROBLEM_CONTENT_TYPE, type FieldError, type ProblemBody } from './problem.ts';
export {
  provisionTenant,
  addTenantKey,
  rotateTenantKeys,
  rootDid,
  tenantDid,
  didDocumentUrl,
  FORMATS,
  FORMAT_KEY_TYPES,
  KEY_TYPES,
  TENANT_KEY_TYPES,
  type DidMethod,
  type Format,
  type ProvisionTenantOptions,
} from './tenants.ts';
export { createTenantToken } from './tokens.ts';
export { newSecret } from './secrets.ts';
export { seedDemo, demoBanner, DEMO_TENANT_ID, DEMO_SPECIFICATION_ID, type DemoInfo } from './demo.ts';
export { inProcessSigner, workerPoolSigner, type CredentialSigner, type SignRequest, type SignResult } from './signing.ts';
export { openApiDocument, OPERATIONS } from './openapi.ts';
export { primaryCredentialOf, type CredentialLinks, type IssuedItem } from './issuance.ts';
export { createLogger, silentLogger, type Logger } from './log.ts';
export * from './storage/index.ts';
export {
  prepareSeal,
  readPkcs12,
  sealStatus,
  sealWarning,
  setTenantSeal,
  tenantSeal,
  SealConfigError,
  SEAL_EXPIRY_WARNING_DAYS,
  type ExternalSigner,
  type SealInput,
  type SealSummary,
} from './seal.ts';
export { renditionOf, issueToHolder, type RenditionFile } from './renditions.ts';
export { eraseLearner, ErasureError, type EraseLearnerOptions, type EraseLearnerResult, type ErasedCredential } from './privacy/erase-learner.ts';
export { backupSqlite, restoreSqlite, backupPostgres, restorePostgres, checkSqliteBackup, BackupError, type BackupResult } from './storage/backup.ts';
export { rateLimiter, clientAddress, type RateLimiterOptions } from './security/rate-limit.ts';
export { securityHeaders, PAGE_CSP } from './security/headers.ts';
export { keyVault, isSealedKey, KeyEncryptionError, SEALED_KEY_FORMAT, type KeyVault } from './security/key-encryption.ts';
