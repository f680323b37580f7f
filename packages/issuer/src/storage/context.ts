import { sql, type Kysely } from 'kysely';
import { isTransient, StorageError } from './errors.ts';
import type { DialectName } from './migrations.ts';
import type { Database } from './schema.ts';

/** What every repository function runs against: the database (or a transaction) and a clock. */
export interface StoreContext {
  db: Kysely<Database>;
  dialect: DialectName;
  now: () => Date;
}

export function timestamp(ctx: StoreContext): string {
  return ctx.now().toISOString();
}

/**
 * Runs `fn` in one transaction. SQLite uses BEGIN IMMEDIATE: a plain
 * (deferred) BEGIN takes the write lock only at the first write, and if
 * another process wrote in between, the upgrade fails at once with
 * SQLITE_BUSY instead of waiting for busy_timeout. Taking the lock up front
 * makes SQLite writers queue like PostgreSQL ones. Do not nest calls: the
 * SQLite connection is exclusive while `fn` runs.
 */
export async function inTransaction<T>(ctx: StoreContext, fn: (tx: StoreContext) => Promise<T>): Promise<T> {
  if (ctx.dialect === 'postgres') {
    return ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx }));
  }
  return ctx.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn({ ...ctx, db: conn });
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}

export interface RetryOptions {
  attempts?: number;
  /** Also retry on a unique violation: for operations that pick values which another writer may have picked first. */
  retryUniqueViolation?: (error: unknown) => boolean;
}

/** Re-runs a whole transaction after a failure that only reflects a race with another writer. */
export async function withRetry<T>(run: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 8;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!(isTransient(error) || (options.retryUniqueViolation?.(error) ?? false))) throw error;
      lastError = error;
      // Jitter so two processes that collided do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
  throw new StorageError('ERR_RETRY_EXHAUSTED', `gave up after ${attempts} conflicting attempts`, { cause: lastError });
}

/** Parses a JSON text column; the columns are only ever written by JSON.stringify. */
export function parseJson(text: string): unknown {
  return JSON.parse(text) as unknown;
}
