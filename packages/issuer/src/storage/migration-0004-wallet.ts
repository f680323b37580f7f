import { sql, type Kysely } from 'kysely';

/*
 * What learners take into wallets (issue 6):
 *
 * - renditions: every signed rendition of a credential the service handed out. The standard ones
 *   (vc, vc-jwt, ob3, edc) are built on first request and kept, one per credential and name; the
 *   holder-bound ones (OID4VCI, VC-API exchange) are kept for the record, one row each.
 * - wallet_offers: OID4VCI pre-authorized code offers. Codes, transaction codes and access tokens
 *   are stored as SHA-256 only, like API tokens.
 * - wallet_nonces: the c_nonce values a wallet's proof of possession must carry, each usable once.
 * - wallet_exchanges: VC-API exchanges (DID authentication, then the credential), each usable once.
 *
 * The e-seal needs no table: it is tenant key material, in `keys` (key_type `eseal`).
 */
export async function walletUp(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('renditions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('holder', 'text')
    .addColumn('channel', 'text')
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('renditions_credential_fk', ['tenant_id', 'credential_id'], 'credentials', ['tenant_id', 'id'])
    .execute();
  // Two requests racing to build the same standard rendition: the second insert loses and reads the first.
  await db.schema
    .createIndex('renditions_one_per_name')
    .on('renditions')
    .columns(['tenant_id', 'credential_id', 'name'])
    .unique()
    .where(sql<boolean>`holder is null`)
    .execute();
  await db.schema.createIndex('renditions_credential').on('renditions').columns(['tenant_id', 'credential_id']).execute();

  await db.schema
    .createTable('wallet_offers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('pre_authorized_code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('tx_code_hash', 'text')
    .addColumn('tx_code_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('configuration_ids', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('redeemed_at', 'text')
    .addColumn('access_token_hash', 'text', (c) => c.unique())
    .addColumn('access_token_expires_at', 'text')
    .addColumn('credential_issued_at', 'text')
    .addForeignKeyConstraint('wallet_offers_credential_fk', ['tenant_id', 'credential_id'], 'credentials', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('wallet_offers_expiry').on('wallet_offers').column('expires_at').execute();

  await db.schema
    .createTable('wallet_nonces')
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('wallet_nonces_expiry').on('wallet_nonces').column('expires_at').execute();

  await db.schema
    .createTable('wallet_exchanges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('challenge', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('holder', 'text')
    .addForeignKeyConstraint('wallet_exchanges_credential_fk', ['tenant_id', 'credential_id'], 'credentials', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('wallet_exchanges_expiry').on('wallet_exchanges').column('expires_at').execute();
}

export async function walletDown(db: Kysely<unknown>): Promise<void> {
  for (const table of ['wallet_exchanges', 'wallet_nonces', 'wallet_offers', 'renditions']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
