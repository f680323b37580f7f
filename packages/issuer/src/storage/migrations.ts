import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { shareLinksDown, shareLinksUp } from './migration-0003-share-links.ts';
import { walletDown, walletUp } from './migration-0004-wallet.ts';
import { statusMessagesDown, statusMessagesUp } from './migration-0005-status-messages.ts';

export type DialectName = 'sqlite' | 'postgres';

/*
 * Migrations live in code (not files) so the service has no runtime file
 * lookup and one list serves both databases. Only the auto-increment column
 * differs by dialect. Never edit a released migration: add a new one.
 */
export function migrationProvider(dialect: DialectName): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001_initial': {
      up: (db) => initial(db, dialect),
      down: async (db) => {
        for (const table of [
          'idempotency',
          'audit_log',
          'status_entries',
          'status_lists',
          'credentials',
          'specifications',
          'api_tokens',
          'keys',
          'tenants',
        ]) {
          await db.schema.dropTable(table).ifExists().execute();
        }
      },
    },
    '0002_share_tokens_and_idempotent_items': {
      up: (db) => shareTokensAndIdempotentItems(db),
      down: async (db) => {
        await db.schema.dropTable('idempotent_items').ifExists().execute();
        await db.schema.dropTable('share_tokens').ifExists().execute();
      },
    },
    '0003_share_links': { up: shareLinksUp, down: shareLinksDown },
    '0004_wallet': { up: walletUp, down: walletDown },
    '0005_status_messages': { up: statusMessagesUp(dialect), down: statusMessagesDown(dialect) },
  };
  return { getMigrations: async () => migrations };
}

async function initial(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('did', 'text')
    .addColumn('default_language', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('key_type', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .addCheckConstraint('keys_status_check', sql`status in ('active', 'retired')`)
    .execute();
  // Rotation must leave exactly one signing key per type; the database refuses a second.
  await db.schema
    .createIndex('keys_one_active_per_type')
    .on('keys')
    .columns(['tenant_id', 'key_type'])
    .unique()
    .where(sql<boolean>`status = 'active'`)
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_tenant').on('api_tokens').column('tenant_id').execute();

  await db.schema
    .createTable('specifications')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // tenant_id leads the key so one tenant's ids never collide with (or reveal) another's.
    .addPrimaryKeyConstraint('specifications_pk', ['tenant_id', 'id', 'version'])
    .addCheckConstraint('specifications_version_check', sql`version >= 1`)
    .execute();

  await db.schema
    .createTable('credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('certificate_number', 'text', (c) => c.notNull())
    .addColumn('learner_id', 'text')
    .addColumn('learner_name', 'text')
    .addColumn('learner_name_folded', 'text')
    .addColumn('specification_id', 'text')
    .addColumn('specification_version', 'integer')
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text')
    .addColumn('valid_until', 'text')
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('credential', 'text', (c) => c.notNull())
    .addColumn('renews', 'text')
    .addColumn('claim_token_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('credentials_certificate_number_key', ['tenant_id', 'certificate_number'])
    // Target of the composite foreign keys below, which make cross-tenant links impossible.
    .addUniqueConstraint('credentials_tenant_id_key', ['tenant_id', 'id'])
    .addForeignKeyConstraint('credentials_renews_fk', ['tenant_id', 'renews'], 'credentials', ['tenant_id', 'id'])
    .addForeignKeyConstraint(
      'credentials_specification_fk',
      ['tenant_id', 'specification_id', 'specification_version'],
      'specifications',
      ['tenant_id', 'id', 'version'],
    )
    .addCheckConstraint(
      'credentials_status_check',
      sql`status in ('active', 'suspended', 'revoked', 'superseded')`,
    )
    .execute();
  await db.schema.createIndex('credentials_learner').on('credentials').columns(['tenant_id', 'learner_id']).execute();
  await db.schema
    .createIndex('credentials_listing')
    .on('credentials')
    .columns(['tenant_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('status_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('allocated', 'integer', (c) => c.notNull())
    .addColumn('bits', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('status_lists_seq_key', ['tenant_id', 'purpose', 'seq'])
    .addUniqueConstraint('status_lists_tenant_id_key', ['tenant_id', 'id'])
    .addCheckConstraint('status_lists_purpose_check', sql`purpose in ('revocation', 'suspension')`)
    .addCheckConstraint('status_lists_allocated_check', sql`allocated >= 0 and allocated <= size`)
    .execute();

  await db.schema
    .createTable('status_entries')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('list_id', 'text', (c) => c.notNull())
    .addColumn('status_index', 'integer', (c) => c.notNull())
    .addColumn('credential_id', 'text')
    .addColumn('reserved_at', 'text', (c) => c.notNull())
    // The guarantee that no index is ever handed out twice, whoever allocates it.
    .addPrimaryKeyConstraint('status_entries_pk', ['list_id', 'status_index'])
    .addForeignKeyConstraint('status_entries_list_fk', ['tenant_id', 'list_id'], 'status_lists', ['tenant_id', 'id'])
    .addForeignKeyConstraint(
      'status_entries_credential_fk',
      ['tenant_id', 'credential_id'],
      'credentials',
      ['tenant_id', 'id'],
    )
    .addCheckConstraint('status_entries_index_check', sql`status_index >= 0`)
    .execute();
  await db.schema.createIndex('status_entries_credential').on('status_entries').column('credential_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('details', 'text')
    .addForeignKeyConstraint('audit_log_credential_fk', ['tenant_id', 'credential_id'], 'credentials', [
      'tenant_id',
      'id',
    ])
    .execute();
  await db.schema
    .createIndex('audit_log_credential')
    .on('audit_log')
    .columns(['tenant_id', 'credential_id', 'id'])
    .execute();

  await db.schema
    .createTable('idempotency')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_pk', ['tenant_id', 'key'])
    .addCheckConstraint('idempotency_status_check', sql`status in ('in-progress', 'done')`)
    .execute();
}

async function shareTokensAndIdempotentItems(db: Kysely<unknown>): Promise<void> {
  // A share token is a public link (it is meant to be handed out), so it is
  // stored as is; the claim token, a secret of the learner, stays a hash on
  // the credential row.
  await db.schema
    .createTable('share_tokens')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addForeignKeyConstraint('share_tokens_credential_fk', ['tenant_id', 'credential_id'], 'credentials', [
      'tenant_id',
      'id',
    ])
    .execute();
  await db.schema.createIndex('share_tokens_credential').on('share_tokens').columns(['tenant_id', 'credential_id']).execute();

  // One row per item of an idempotent request, written in the transaction
  // that stores the item's credential: a re-sent request skips exactly the
  // items that are already issued, whatever interrupted the first attempt.
  await db.schema
    .createTable('idempotent_items')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('item_index', 'integer', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotent_items_pk', ['tenant_id', 'idempotency_key', 'item_index'])
    .addForeignKeyConstraint('idempotent_items_credential_fk', ['tenant_id', 'credential_id'], 'credentials', [
      'tenant_id',
      'id',
    ])
    .execute();
}
