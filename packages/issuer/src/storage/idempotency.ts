import { parseJson, timestamp, type StoreContext } from './context.ts';
import { isForeignKeyViolation, StorageError } from './errors.ts';
import type { IdempotencyTable } from './schema.ts';

export type IdempotencyBegin =
  /** This caller owns the key now: do the work, then complete (or release on failure). */
  | { state: 'started' }
  /** Another request with this key is running. */
  | { state: 'in-progress' }
  /** The request already finished: replay the stored response. */
  | { state: 'done'; statusCode: number; body: unknown }
  /** The key was used for a different request body: refuse (HTTP 422 in the IETF draft). */
  | { state: 'mismatch' };

export interface IdempotencyRecord {
  tenantId: string;
  key: string;
  requestHash: string;
  status: 'in-progress' | 'done';
  responseStatus: number | null;
  responseBody: unknown;
  createdAt: string;
  updatedAt: string;
}

function toRecord(row: IdempotencyTable): IdempotencyRecord {
  return {
    tenantId: row.tenant_id,
    key: row.key,
    requestHash: row.request_hash,
    status: row.status,
    responseStatus: row.response_status,
    responseBody: row.response_body === null ? null : parseJson(row.response_body),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Claims an idempotency key. The claim is the INSERT itself, so of two
 * concurrent requests exactly one sees 'started'. With `staleAfterMs`, an
 * in-progress claim older than that (its process died) is taken over.
 */
export async function beginIdempotent(
  ctx: StoreContext,
  tenantId: string,
  key: string,
  requestHash: string,
  options: { staleAfterMs?: number } = {},
): Promise<IdempotencyBegin> {
  const now = timestamp(ctx);
  const inserted = await ctx.db
    .insertInto('idempotency')
    .values({
      tenant_id: tenantId,
      key,
      request_hash: requestHash,
      status: 'in-progress',
      response_status: null,
      response_body: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
    .executeTakeFirst()
    .catch((error: unknown) => {
      if (isForeignKeyViolation(error)) throw new StorageError('ERR_NOT_FOUND', `tenant ${tenantId} not found`, { cause: error });
      throw error;
    });
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return { state: 'started' };

  const existing = await getIdempotency(ctx, tenantId, key);
  if (!existing) return beginIdempotent(ctx, tenantId, key, requestHash, options); // released in between
  if (existing.requestHash !== requestHash) return { state: 'mismatch' };
  if (existing.status === 'done') {
    return { state: 'done', statusCode: existing.responseStatus ?? 200, body: existing.responseBody };
  }
  if (options.staleAfterMs !== undefined) {
    const cutoff = new Date(ctx.now().getTime() - options.staleAfterMs).toISOString();
    // Conditional on the old timestamp so only one of several concurrent takers wins.
    const taken = await ctx.db
      .updateTable('idempotency')
      .set({ updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('key', '=', key)
      .where('status', '=', 'in-progress')
      .where('updated_at', '=', existing.updatedAt)
      .where('updated_at', '<', cutoff)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 1) return { state: 'started' };
  }
  return { state: 'in-progress' };
}

export async function completeIdempotent(
  ctx: StoreContext,
  tenantId: string,
  key: string,
  response: { statusCode: number; body: unknown },
): Promise<void> {
  const result = await ctx.db
    .updateTable('idempotency')
    .set({
      status: 'done',
      response_status: response.statusCode,
      response_body: JSON.stringify(response.body ?? null),
      updated_at: timestamp(ctx),
    })
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .where('status', '=', 'in-progress')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    throw new StorageError('ERR_NOT_FOUND', `no in-progress idempotency key ${key}`);
  }
}

/** Drops an in-progress claim after a failed request so the client may retry it. */
export async function releaseIdempotent(ctx: StoreContext, tenantId: string, key: string): Promise<boolean> {
  const result = await ctx.db
    .deleteFrom('idempotency')
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .where('status', '=', 'in-progress')
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function getIdempotency(
  ctx: StoreContext,
  tenantId: string,
  key: string,
): Promise<IdempotencyRecord | undefined> {
  const row = await ctx.db
    .selectFrom('idempotency')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row && toRecord(row);
}

/** A heartbeat of a long request (a batch), so that it is not taken for abandoned while it runs. */
export async function touchIdempotent(ctx: StoreContext, tenantId: string, key: string): Promise<void> {
  await ctx.db
    .updateTable('idempotency')
    .set({ updated_at: timestamp(ctx) })
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .where('status', '=', 'in-progress')
    .execute();
}

/**
 * Marks an in-progress claim as abandoned without deleting it: a request
 * that failed after some of its items were issued keeps its request hash,
 * so only a re-send of the same request can take it over and finish it.
 */
export async function abandonIdempotent(ctx: StoreContext, tenantId: string, key: string): Promise<void> {
  await ctx.db
    .updateTable('idempotency')
    .set({ updated_at: new Date(0).toISOString() })
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .where('status', '=', 'in-progress')
    .execute();
}

export interface IdempotentItem {
  index: number;
  credentialId: string;
  result: unknown;
}

/** The items of an idempotent request that are already issued, by index. */
export async function listIdempotentItems(ctx: StoreContext, tenantId: string, key: string): Promise<IdempotentItem[]> {
  const rows = await ctx.db
    .selectFrom('idempotent_items')
    .select(['item_index', 'credential_id', 'result'])
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', key)
    .orderBy('item_index')
    .execute();
  return rows.map((row) => ({ index: row.item_index, credentialId: row.credential_id, result: parseJson(row.result) }));
}

/** How many items of an idempotent request are issued so far (a batch's progress). */
export async function countIdempotentItems(ctx: StoreContext, tenantId: string, key: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('idempotent_items')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
