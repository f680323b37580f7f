import type { Kysely } from 'kysely';

/*
 * Share links become things a learner manages: each may expire, carries a
 * note of whom it was made for, says who made it (the issuance, the issuer,
 * the learner, or the printable certificate, whose QR code needs a link of
 * its own) and who withdrew it. `revoked_at` (0002) stays the withdrawal
 * time. One column per statement: SQLite adds only one at a time.
 */
export async function shareLinksUp(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('share_tokens').addColumn('expires_at', 'text').execute();
  await db.schema.alterTable('share_tokens').addColumn('label', 'text').execute();
  await db.schema.alterTable('share_tokens').addColumn('origin', 'text', (c) => c.notNull().defaultTo('issuance')).execute();
  await db.schema.alterTable('share_tokens').addColumn('withdrawn_by', 'text').execute();
}

export async function shareLinksDown(db: Kysely<unknown>): Promise<void> {
  for (const column of ['withdrawn_by', 'origin', 'label', 'expires_at']) {
    await db.schema.alterTable('share_tokens').dropColumn(column).execute();
  }
}
