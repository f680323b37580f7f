import { sql, type Kysely } from 'kysely';
import type { DialectName } from './migrations.ts';

/*
 * Status lists of the Bitstring Status List "message" purpose (issue 7): a list whose entries have
 * status_size bits each (1 to 8), every credential on it committed at issuance to the list's messages
 * (status_messages, JSON: one {status: "0x…", message} per value, or NULL for a one-bit list's
 * default "unset"/"set") and to where they are explained (status_reference, JSON: a URL or a list of
 * URLs, or NULL). Lists of one tenant with the same three values are one series (seq 1, 2, …) that
 * credentials are allocated from. Revocation and suspension lists stay one bit each, NULL, NULL.
 *
 * The purpose CHECK constraint must admit 'message'. PostgreSQL replaces the constraint; SQLite
 * cannot alter a constraint, so the table is rebuilt the way SQLite documents (foreign keys off,
 * new table, copy, drop, rename, foreign_key_check, all in one transaction). SQLite migrations run
 * outside a transaction (Kysely's SQLite adapter has no transactional DDL), which is what lets the
 * foreign_keys pragma be switched here; a rebuild that finds the columns already there does nothing.
 */

const PURPOSES = sql`purpose in ('revocation', 'suspension', 'message')`;
const OLD_PURPOSES = sql`purpose in ('revocation', 'suspension')`;

export function statusMessagesUp(dialect: DialectName) {
  return async (db: Kysely<unknown>): Promise<void> => {
    if (dialect === 'postgres') {
      await db.schema.alterTable('status_lists').addColumn('status_size', 'integer', (c) => c.notNull().defaultTo(1)).execute();
      await db.schema.alterTable('status_lists').addColumn('status_messages', 'text').execute();
      await db.schema.alterTable('status_lists').addColumn('status_reference', 'text').execute();
      await db.schema.alterTable('status_lists').dropConstraint('status_lists_purpose_check').execute();
      await db.schema.alterTable('status_lists').addCheckConstraint('status_lists_purpose_check', PURPOSES).execute();
      await db.schema.alterTable('status_lists').addCheckConstraint('status_lists_status_size_check', sizeRule()).execute();
      return;
    }
    if (await hasColumn(db, 'status_size')) return;
    await rebuildSqlite(db, true);
  };
}

export function statusMessagesDown(dialect: DialectName) {
  return async (db: Kysely<unknown>): Promise<void> => {
    const messageLists = await sql<{ n: number }>`select count(*) as n from status_lists where purpose = 'message'`.execute(db);
    if (Number(messageLists.rows[0]?.n ?? 0) > 0) {
      // Their entries are in credentials already in holders' hands: dropping them would silently lose statuses.
      throw new Error('status lists of the message purpose exist: migrating below 0005 would lose them');
    }
    if (dialect === 'postgres') {
      await db.schema.alterTable('status_lists').dropConstraint('status_lists_status_size_check').execute();
      await db.schema.alterTable('status_lists').dropConstraint('status_lists_purpose_check').execute();
      await db.schema.alterTable('status_lists').addCheckConstraint('status_lists_purpose_check', OLD_PURPOSES).execute();
      for (const column of ['status_reference', 'status_messages', 'status_size']) {
        await db.schema.alterTable('status_lists').dropColumn(column).execute();
      }
      return;
    }
    if (!(await hasColumn(db, 'status_size'))) return;
    await rebuildSqlite(db, false);
  };
}

/** One bit for revocation and suspension; 1 to 8 bits (2 to 256 messages) for a message list. */
function sizeRule() {
  return sql`status_size >= 1 and status_size <= 8 and (purpose = 'message' or status_size = 1)`;
}

async function hasColumn(db: Kysely<unknown>, column: string): Promise<boolean> {
  const columns = await sql<{ name: string }>`select name from pragma_table_info('status_lists')`.execute(db);
  return columns.rows.some((row) => row.name === column);
}

async function rebuildSqlite(db: Kysely<unknown>, withMessages: boolean): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin immediate`.execute(db);
    try {
      let table = db.schema
        .createTable('status_lists_next')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('allocated', 'integer', (c) => c.notNull())
        .addColumn('bits', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull());
      if (withMessages) {
        table = table
          .addColumn('status_size', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('status_messages', 'text')
          .addColumn('status_reference', 'text');
      }
      table = table
        .addUniqueConstraint('status_lists_seq_key', ['tenant_id', 'purpose', 'seq'])
        .addUniqueConstraint('status_lists_tenant_id_key', ['tenant_id', 'id'])
        .addCheckConstraint('status_lists_purpose_check', withMessages ? PURPOSES : OLD_PURPOSES)
        .addCheckConstraint('status_lists_allocated_check', sql`allocated >= 0 and allocated <= size`);
      if (withMessages) table = table.addCheckConstraint('status_lists_status_size_check', sizeRule());
      await table.execute();
      const columns = sql.raw('id, tenant_id, purpose, seq, size, allocated, bits, version, created_at, updated_at');
      await sql`insert into status_lists_next (${columns}) select ${columns} from status_lists`.execute(db);
      await sql`drop table status_lists`.execute(db);
      await sql`alter table status_lists_next rename to status_lists`.execute(db);
      // status_entries still names status_lists: every entry must find its list in the new table.
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error(`rebuilding status_lists broke ${broken.rows.length} foreign keys`);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
