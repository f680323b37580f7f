import { randomUUID } from 'node:crypto';
import { inTransaction, parseJson, timestamp, withRetry, type StoreContext } from './context.ts';
import { isForeignKeyViolation, isUniqueViolation, StorageError } from './errors.ts';
import type { SpecificationsTable } from './schema.ts';

export interface Specification {
  id: string;
  version: number;
  tenantId: string;
  body: unknown;
  createdAt: string;
}

function toSpecification(row: SpecificationsTable): Specification {
  return { id: row.id, version: row.version, tenantId: row.tenant_id, body: parseJson(row.body), createdAt: row.created_at };
}

/** Creates version 1. ERR_CONFLICT if the id is taken in this tenant. */
export async function createSpecification(
  ctx: StoreContext,
  tenantId: string,
  input: { id?: string; body: unknown },
): Promise<Specification> {
  const row: SpecificationsTable = {
    tenant_id: tenantId,
    id: input.id ?? `urn:uuid:${randomUUID()}`,
    version: 1,
    body: JSON.stringify(input.body),
    created_at: timestamp(ctx),
  };
  try {
    await ctx.db.insertInto('specifications').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new StorageError('ERR_CONFLICT', `specification ${row.id} exists`, { cause: error });
    if (isForeignKeyViolation(error)) throw new StorageError('ERR_NOT_FOUND', `tenant ${tenantId} not found`, { cause: error });
    throw error;
  }
  return toSpecification(row);
}

/**
 * Stores a changed body as the next version; earlier versions stay because
 * issued credentials refer to the exact version they were issued under.
 * Two concurrent updates both compute the same next version; the primary key
 * rejects one and it is retried on top of the other.
 */
export async function updateSpecification(
  ctx: StoreContext,
  tenantId: string,
  id: string,
  body: unknown,
): Promise<Specification> {
  return withRetry(
    () =>
      inTransaction(ctx, async (tx) => {
        const latest = await tx.db
          .selectFrom('specifications')
          .select((eb) => eb.fn.max('version').as('version'))
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (latest?.version === null || latest?.version === undefined) {
          throw new StorageError('ERR_NOT_FOUND', `specification ${id} not found`);
        }
        const row: SpecificationsTable = {
          tenant_id: tenantId,
          id,
          version: Number(latest.version) + 1,
          body: JSON.stringify(body),
          created_at: timestamp(tx),
        };
        await tx.db.insertInto('specifications').values(row).execute();
        return toSpecification(row);
      }),
    { retryUniqueViolation: isUniqueViolation },
  );
}

/** The given version, or the latest when `version` is omitted. */
export async function getSpecification(
  ctx: StoreContext,
  tenantId: string,
  id: string,
  version?: number,
): Promise<Specification | undefined> {
  let query = ctx.db.selectFrom('specifications').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  const row = await query.executeTakeFirst();
  return row && toSpecification(row);
}

export async function listSpecificationVersions(
  ctx: StoreContext,
  tenantId: string,
  id: string,
): Promise<Specification[]> {
  const rows = await ctx.db
    .selectFrom('specifications')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .orderBy('version')
    .execute();
  return rows.map(toSpecification);
}

/** The latest version of every specification of the tenant. */
export async function listSpecifications(ctx: StoreContext, tenantId: string): Promise<Specification[]> {
  const rows = await ctx.db
    .selectFrom('specifications as s')
    .selectAll('s')
    .where('s.tenant_id', '=', tenantId)
    .where(({ eb, selectFrom }) =>
      eb(
        's.version',
        '=',
        selectFrom('specifications as v')
          .select((v) => v.fn.max('v.version').as('max_version'))
          .whereRef('v.tenant_id', '=', 's.tenant_id')
          .whereRef('v.id', '=', 's.id'),
      ),
    )
    .orderBy('s.id')
    .execute();
  return rows.map(toSpecification);
}
