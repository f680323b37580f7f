export { openStore, DEFAULT_SQLITE_FILE } from './open-store.ts';
export type { OpenStoreOptions, Store } from './open-store.ts';
export { StorageError } from './errors.ts';
export type { StorageErrorCode } from './errors.ts';
export { hashToken } from './api-tokens.ts';
export { foldName } from './credentials.ts';
export type { ApiToken, NewApiToken } from './api-tokens.ts';
export type { AuditAction, AuditEntry, NewAuditEntry } from './audit.ts';
export type {
  CredentialPage,
  CredentialRecord,
  CredentialSummary,
  EffectiveStatus,
  ListCredentialsQuery,
} from './credentials.ts';
export type { IdempotencyBegin, IdempotencyRecord, IdempotentItem } from './idempotency.ts';
export type {
  InsertOptions,
  IssuedCredential,
  IssueWithAllocationOptions,
  IssueWithoutAllocationOptions,
  NewCredentialRecord,
} from './issue.ts';
export type { KeyRecord, KeyWithSecret, NewKey } from './keys.ts';
export type { DialectName } from './migrations.ts';
export type { CredentialStatus, Database, KeyStatus, StatusListPurpose } from './schema.ts';
export { MAX_ACTIVE_SHARE_LINKS } from './share-links.ts';
export type { NewShareLink, ShareLink, ShareLinkOrigin, ShareLinkState, ShareLinkWithdrawer } from './share-links.ts';
export type { SetStatusMessageResult, SetStatusOptions, SetStatusResult, StatusChange } from './set-status.ts';
export type { Specification } from './specifications.ts';
export { DEFAULT_LIST_SIZE, MAX_MESSAGE_STATUS_SIZE } from './status-lists.ts';
export type { MessageListProfile, StatusListInfo, StatusListSnapshot, StatusReservation, StatusSlot } from './status-lists.ts';
export type { NewTenant, Tenant } from './tenants.ts';
