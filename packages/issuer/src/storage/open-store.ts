import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { appendAudit, listAuditByCredential, type AuditEntry, type NewAuditEntry } from './audit.ts';
import type { StoreContext } from './context.ts';
import {
  createApiToken,
  findApiTokenByHash,
  listApiTokens,
  revokeApiToken,
  type ApiToken,
  type NewApiToken,
} from './api-tokens.ts';
import {
  findByCertificateNumberInAnyTenant,
  findByClaimTokenHash,
  findByShareToken,
  findExistingCertificateNumbers,
  findRenewals,
  findStatusByCertificateNumber,
  getCredential,
  getShareToken,
  listCredentials,
  type CredentialPage,
  type CredentialRecord,
  type EffectiveStatus,
  type ListCredentialsQuery,
} from './credentials.ts';
import { StorageError } from './errors.ts';
import {
  abandonIdempotent,
  beginIdempotent,
  completeIdempotent,
  countIdempotentItems,
  getIdempotency,
  listIdempotentItems,
  releaseIdempotent,
  touchIdempotent,
  type IdempotencyBegin,
  type IdempotencyRecord,
  type IdempotentItem,
} from './idempotency.ts';
import {
  insertIssuedCredentials,
  issueCredentialRecords,
  type InsertOptions,
  type IssuedCredential,
  type IssueWithAllocationOptions,
  type IssueWithoutAllocationOptions,
  type NewCredentialRecord,
} from './issue.ts';
import { keyVault } from '../security/key-encryption.ts';
import { sealedKeyRepository, type KeyRepository } from './sealed-keys.ts';
import { migrationProvider, type DialectName } from './migrations.ts';
import type { Database } from './schema.ts';
import {
  createShareLink,
  getShareLink,
  listShareLinks,
  withdrawShareLink,
  type NewShareLink,
  type ShareLink,
  type ShareLinkWithdrawer,
} from './share-links.ts';
import { setStatus, setStatusMessage, type SetStatusMessageResult, type SetStatusOptions, type SetStatusResult, type StatusChange } from './set-status.ts';
import {
  createSpecification,
  getSpecification,
  listSpecifications,
  listSpecificationVersions,
  updateSpecification,
  type Specification,
} from './specifications.ts';
import {
  getStatusList,
  getStatusListHead,
  listStatusLists,
  reserveStatusIndexes,
  type StatusListInfo,
  type MessageListProfile,
  type StatusListSnapshot,
  type StatusReservation,
} from './status-lists.ts';
import {
  createTenant,
  findTenantByDid,
  getTenant,
  listTenants,
  updateTenant,
  type NewTenant,
  type Tenant,
} from './tenants.ts';
import type { StatusListPurpose } from './schema.ts';

export interface OpenStoreOptions {
  /** postgres:// or postgresql:// URL (e.g. DATABASE_URL). Takes precedence over `file`. */
  url?: string;
  /** SQLite database file. Default: data/microcred.sqlite under the working directory. */
  file?: string;
  /** Clock, for tests of expiry. */
  now?: () => Date;
  /** PostgreSQL pool size. Default 10. */
  poolSize?: number;
  /** Errors of idle PostgreSQL connections (e.g. a server restart). Default: a process warning. */
  onPoolError?: (error: Error) => void;
  /** MICROCRED_KEY_PASSPHRASE: private keys are stored encrypted (scrypt + AES-256-GCM). */
  keyPassphrase?: string;
}

export const DEFAULT_SQLITE_FILE = 'data/microcred.sqlite';

export interface Store {
  readonly dialect: DialectName;
  /** Escape hatch for queries the repositories do not cover. Every query of tenant data must filter on tenant_id. */
  readonly db: Kysely<Database>;
  /** Applies pending migrations; returns the names applied (empty when up to date). */
  migrate(): Promise<string[]>;
  close(): Promise<void>;

  tenants: {
    create(input: NewTenant): Promise<Tenant>;
    get(id: string): Promise<Tenant | undefined>;
    findByDid(did: string): Promise<Tenant | undefined>;
    list(): Promise<Tenant[]>;
    update(id: string, patch: { name?: string; did?: string | null; defaultLanguage?: string }): Promise<Tenant>;
  };
  /** Private keys are sealed with `keyPassphrase` on the way in and opened on the way out. */
  keys: KeyRepository;
  apiTokens: {
    create(tenantId: string, input: NewApiToken): Promise<ApiToken>;
    findByHash(tokenHash: string): Promise<ApiToken | undefined>;
    list(tenantId: string): Promise<ApiToken[]>;
    revoke(tenantId: string, id: string): Promise<boolean>;
  };
  specifications: {
    create(tenantId: string, input: { id?: string; body: unknown }): Promise<Specification>;
    update(tenantId: string, id: string, body: unknown): Promise<Specification>;
    get(tenantId: string, id: string, version?: number): Promise<Specification | undefined>;
    list(tenantId: string): Promise<Specification[]>;
    listVersions(tenantId: string, id: string): Promise<Specification[]>;
  };
  credentials: {
    get(tenantId: string, id: string): Promise<CredentialRecord | undefined>;
    list(tenantId: string, query?: ListCredentialsQuery): Promise<CredentialPage>;
    findStatusByCertificateNumber(tenantId: string, certificateNumber: string): Promise<{ status: EffectiveStatus } | undefined>;
    /** Across tenants: the public register. */
    findByCertificateNumberInAnyTenant(certificateNumber: string): Promise<{ tenantId: string; id: string; status: EffectiveStatus }[]>;
    findExistingCertificateNumbers(tenantId: string, numbers: readonly string[]): Promise<string[]>;
    getShareToken(tenantId: string, credentialId: string): Promise<string | undefined>;
    /** Across tenants: share tokens are public links. */
    findByShareToken(token: string): Promise<{ tenantId: string; credentialId: string } | undefined>;
    /** Across tenants: the learner's claim link carries only the token. */
    findByClaimTokenHash(claimTokenHash: string): Promise<{ tenantId: string; credentialId: string } | undefined>;
    findRenewals(tenantId: string, credentialId: string): Promise<string[]>;
  };
  shareLinks: {
    create(tenantId: string, credentialId: string, input: NewShareLink): Promise<ShareLink>;
    list(tenantId: string, credentialId: string): Promise<ShareLink[]>;
    /** Across tenants: share tokens are public links. Any state; read `state`. */
    get(token: string): Promise<ShareLink | undefined>;
    withdraw(tenantId: string, credentialId: string, token: string, by: ShareLinkWithdrawer, actor?: string | null): Promise<ShareLink | undefined>;
  };
  audit: {
    append(tenantId: string, entry: NewAuditEntry): Promise<void>;
    listByCredential(tenantId: string, credentialId: string): Promise<AuditEntry[]>;
  };
  idempotency: {
    begin(tenantId: string, key: string, requestHash: string, options?: { staleAfterMs?: number }): Promise<IdempotencyBegin>;
    complete(tenantId: string, key: string, response: { statusCode: number; body: unknown }): Promise<void>;
    release(tenantId: string, key: string): Promise<boolean>;
    get(tenantId: string, key: string): Promise<IdempotencyRecord | undefined>;
    touch(tenantId: string, key: string): Promise<void>;
    abandon(tenantId: string, key: string): Promise<void>;
    listItems(tenantId: string, key: string): Promise<IdempotentItem[]>;
    countItems(tenantId: string, key: string): Promise<number>;
  };

  reserveStatusIndexes(tenantId: string, count: number, options?: { chunkSize?: number; listSize?: number; message?: MessageListProfile }): Promise<StatusReservation[]>;
  insertIssuedCredentials(tenantId: string, records: readonly NewCredentialRecord[], options?: InsertOptions): Promise<IssuedCredential[]>;
  issueCredentialRecords<T>(tenantId: string, inputs: readonly T[], options: IssueWithAllocationOptions<T>): Promise<IssuedCredential[]>;
  issueCredentialRecords(tenantId: string, records: readonly NewCredentialRecord[], options: IssueWithoutAllocationOptions): Promise<IssuedCredential[]>;
  setStatus(tenantId: string, credentialId: string, status: StatusChange, options?: SetStatusOptions): Promise<SetStatusResult>;
  /** Sets the value of the credential's status message entry (its list of the message purpose). */
  setStatusMessage(tenantId: string, credentialId: string, value: number, options?: SetStatusOptions): Promise<SetStatusMessageResult>;
  getStatusList(tenantId: string, listId: string): Promise<StatusListSnapshot | undefined>;
  /** By list id alone (list URLs are public): owner, purpose and version. */
  getStatusListHead(listId: string): Promise<{ tenantId: string; purpose: StatusListPurpose; version: number; updatedAt: string } | undefined>;
  listStatusLists(tenantId: string): Promise<StatusListInfo[]>;
}

/**
 * Opens PostgreSQL when `url` is a postgres URL, otherwise a SQLite file.
 * Does not migrate: call store.migrate() (the service does so at start-up).
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const { db, dialect } = connect(options);
  const ctx: StoreContext = { db, dialect, now: options.now ?? (() => new Date()) };
  return {
    dialect,
    db,
    async migrate() {
      const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
      const { error, results } = await migrator.migrateToLatest();
      if (error) {
        throw new StorageError('ERR_MIGRATION_FAILED', `migration failed: ${String(error)}`, { cause: error });
      }
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    },
    close: () => db.destroy(),

    tenants: {
      create: (input) => createTenant(ctx, input),
      get: (id) => getTenant(ctx, id),
      findByDid: (did) => findTenantByDid(ctx, did),
      list: () => listTenants(ctx),
      update: (id, patch) => updateTenant(ctx, id, patch),
    },
    keys: sealedKeyRepository(ctx, keyVault(options.keyPassphrase)),
    apiTokens: {
      create: (tenantId, input) => createApiToken(ctx, tenantId, input),
      findByHash: (tokenHash) => findApiTokenByHash(ctx, tokenHash),
      list: (tenantId) => listApiTokens(ctx, tenantId),
      revoke: (tenantId, id) => revokeApiToken(ctx, tenantId, id),
    },
    specifications: {
      create: (tenantId, input) => createSpecification(ctx, tenantId, input),
      update: (tenantId, id, body) => updateSpecification(ctx, tenantId, id, body),
      get: (tenantId, id, version) => getSpecification(ctx, tenantId, id, version),
      list: (tenantId) => listSpecifications(ctx, tenantId),
      listVersions: (tenantId, id) => listSpecificationVersions(ctx, tenantId, id),
    },
    credentials: {
      get: (tenantId, id) => getCredential(ctx, tenantId, id),
      list: (tenantId, query) => listCredentials(ctx, tenantId, query),
      findStatusByCertificateNumber: (tenantId, number) => findStatusByCertificateNumber(ctx, tenantId, number),
      findByCertificateNumberInAnyTenant: (number) => findByCertificateNumberInAnyTenant(ctx, number),
      findExistingCertificateNumbers: (tenantId, numbers) => findExistingCertificateNumbers(ctx, tenantId, numbers),
      getShareToken: (tenantId, credentialId) => getShareToken(ctx, tenantId, credentialId),
      findByShareToken: (token) => findByShareToken(ctx, token),
      findByClaimTokenHash: (hash) => findByClaimTokenHash(ctx, hash),
      findRenewals: (tenantId, credentialId) => findRenewals(ctx, tenantId, credentialId),
    },
    shareLinks: {
      create: (tenantId, credentialId, input) => createShareLink(ctx, tenantId, credentialId, input),
      list: (tenantId, credentialId) => listShareLinks(ctx, tenantId, credentialId),
      get: (token) => getShareLink(ctx, token),
      withdraw: (tenantId, credentialId, token, by, actor) => withdrawShareLink(ctx, tenantId, credentialId, token, by, actor),
    },
    audit: {
      append: (tenantId, entry) => appendAudit(ctx, tenantId, entry),
      listByCredential: (tenantId, credentialId) => listAuditByCredential(ctx, tenantId, credentialId),
    },
    idempotency: {
      begin: (tenantId, key, requestHash, opts) => beginIdempotent(ctx, tenantId, key, requestHash, opts),
      complete: (tenantId, key, response) => completeIdempotent(ctx, tenantId, key, response),
      release: (tenantId, key) => releaseIdempotent(ctx, tenantId, key),
      get: (tenantId, key) => getIdempotency(ctx, tenantId, key),
      touch: (tenantId, key) => touchIdempotent(ctx, tenantId, key),
      abandon: (tenantId, key) => abandonIdempotent(ctx, tenantId, key),
      listItems: (tenantId, key) => listIdempotentItems(ctx, tenantId, key),
      countItems: (tenantId, key) => countIdempotentItems(ctx, tenantId, key),
    },

    reserveStatusIndexes: (tenantId, count, opts) => reserveStatusIndexes(ctx, tenantId, count, opts),
    insertIssuedCredentials: (tenantId, records, opts) => insertIssuedCredentials(ctx, tenantId, records, opts),
    issueCredentialRecords: <T>(
      tenantId: string,
      inputs: readonly T[],
      opts: IssueWithAllocationOptions<T> | IssueWithoutAllocationOptions,
    ) =>
      opts.allocate
        ? issueCredentialRecords(ctx, tenantId, inputs, opts)
        : issueCredentialRecords(ctx, tenantId, inputs as readonly unknown[] as NewCredentialRecord[], opts),
    setStatus: (tenantId, credentialId, status, opts) => setStatus(ctx, tenantId, credentialId, status, opts),
    setStatusMessage: (tenantId, credentialId, value, opts) => setStatusMessage(ctx, tenantId, credentialId, value, opts),
    getStatusList: (tenantId, listId) => getStatusList(ctx, tenantId, listId),
    getStatusListHead: (listId) => getStatusListHead(ctx, listId),
    listStatusLists: (tenantId) => listStatusLists(ctx, tenantId),
  };
}

function connect(options: OpenStoreOptions): { db: Kysely<Database>; dialect: DialectName } {
  if (options.url !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(options.url)) {
      throw new StorageError(
        'ERR_UNSUPPORTED_DATABASE_URL',
        'url must start with postgres:// or postgresql:// (use `file` for SQLite)',
      );
    }
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // Without a listener, an idle connection dropped by the server is an
    // unhandled 'error' event and kills the process; the pool itself already
    // discards the broken connection and opens a new one on demand.
    pool.on(
      'error',
      options.onPoolError ?? ((error) => process.emitWarning(`PostgreSQL idle connection error: ${error.message}`)),
    );
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
  }
  const file = resolve(options.file ?? DEFAULT_SQLITE_FILE);
  mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  // WAL lets readers (status list downloads) proceed while a writer holds the lock.
  sqlite.pragma('journal_mode = WAL');
  // With WAL, NORMAL only risks the last transactions on power loss, never corruption.
  sqlite.pragma('synchronous = NORMAL');
  // Another process holding the write lock makes us wait, not fail at once.
  sqlite.pragma('busy_timeout = 5000');
  // Off by default in SQLite; the schema's tenant isolation relies on the composite foreign keys.
  sqlite.pragma('foreign_keys = ON');
  // Freed space is zeroed: a learner's erased data (or any overwritten row) must not linger in the file's free space.
  sqlite.pragma('secure_delete = ON');
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), dialect: 'sqlite' };
}
