import type { Generated } from 'kysely';

/*
 * Column conventions (chosen so one migration runs on SQLite and PostgreSQL):
 * ids are text, JSON documents are text holding JSON, timestamps are ISO 8601
 * UTC strings from Date#toISOString (fixed width, so they sort and compare as
 * text), booleans do not exist (states are text with CHECK constraints).
 */

export type CredentialStatus = 'active' | 'suspended' | 'revoked' | 'superseded';
export type StatusListPurpose = 'revocation' | 'suspension' | 'message';
export type KeyStatus = 'active' | 'retired';
export type IdempotencyState = 'in-progress' | 'done';

export interface TenantsTable {
  id: string;
  name: string;
  did: string | null;
  default_language: string;
  created_at: string;
}

export interface KeysTable {
  id: string;
  tenant_id: string;
  key_type: string;
  public_key: string;
  private_key: string;
  status: KeyStatus;
  created_at: string;
  retired_at: string | null;
}

export interface ApiTokensTable {
  id: string;
  tenant_id: string;
  token_hash: string;
  scopes: string;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface SpecificationsTable {
  tenant_id: string;
  id: string;
  version: number;
  body: string;
  created_at: string;
}

export interface CredentialsTable {
  id: string;
  tenant_id: string;
  certificate_number: string;
  learner_id: string | null;
  learner_name: string | null;
  /** learner_name lower-cased without diacritics, for ?learner= search. */
  learner_name_folded: string | null;
  specification_id: string | null;
  specification_version: number | null;
  format: string;
  status: CredentialStatus;
  valid_from: string | null;
  valid_until: string | null;
  issued_at: string;
  credential: string;
  renews: string | null;
  claim_token_hash: string | null;
  created_at: string;
  updated_at: string;
}

export interface StatusListsTable {
  id: string;
  tenant_id: string;
  purpose: StatusListPurpose;
  /** Per tenant and purpose, 1, 2, 3…: a unique number makes concurrent creation of "the next list" collide. */
  seq: number;
  size: number;
  /** Rows in status_entries for this list; updating it locks the list row on PostgreSQL. */
  allocated: number;
  /** The raw (uncompressed) bitstring, base64. */
  bits: string;
  version: number;
  created_at: string;
  updated_at: string;
  /** Bits per entry: 1, or up to 8 for a message list (0005). */
  status_size: number;
  /** Message lists: the statusMessage every entry carries (JSON), NULL for a one-bit list's default "unset"/"set". */
  status_messages: string | null;
  /** Message lists: the entries' statusReference (JSON: a URL or a list of URLs), or NULL. */
  status_reference: string | null;
}

export interface StatusEntriesTable {
  tenant_id: string;
  list_id: string;
  status_index: number;
  /** NULL while reserved: the index is burnt even if the credential never arrives. */
  credential_id: string | null;
  reserved_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  tenant_id: string;
  at: string;
  actor: string | null;
  action: string;
  credential_id: string | null;
  reason: string | null;
  details: string | null;
}

export interface IdempotencyTable {
  tenant_id: string;
  key: string;
  request_hash: string;
  status: IdempotencyState;
  response_status: number | null;
  response_body: string | null;
  created_at: string;
  updated_at: string;
}

export interface ShareTokensTable {
  token: string;
  tenant_id: string;
  credential_id: string;
  created_at: string;
  /** When the link was withdrawn. */
  revoked_at: string | null;
  expires_at: string | null;
  /** The learner's or issuer's note of whom the link is for. */
  label: string | null;
  /** issuance | issuer | learner | certificate */
  origin: Generated<string>;
  /** learner | issuer */
  withdrawn_by: string | null;
}

export interface IdempotentItemsTable {
  tenant_id: string;
  idempotency_key: string;
  item_index: number;
  credential_id: string;
  /** The item's response (JSON), replayed when the request is sent again. */
  result: string;
}

export interface Database {
  tenants: TenantsTable;
  keys: KeysTable;
  api_tokens: ApiTokensTable;
  specifications: SpecificationsTable;
  credentials: CredentialsTable;
  status_lists: StatusListsTable;
  status_entries: StatusEntriesTable;
  audit_log: AuditLogTable;
  idempotency: IdempotencyTable;
  share_tokens: ShareTokensTable;
  idempotent_items: IdempotentItemsTable;
}
