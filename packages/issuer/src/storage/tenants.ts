import { timestamp, type StoreContext } from './context.ts';
import { isUniqueViolation, StorageError } from './errors.ts';
import type { TenantsTable } from './schema.ts';

export interface Tenant {
  id: string;
  name: string;
  did: string | null;
  defaultLanguage: string;
  createdAt: string;
}

export interface NewTenant {
  /** A slug: it appears in URLs. */
  id: string;
  name: string;
  did?: string | null;
  defaultLanguage?: string;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export function toTenant(row: TenantsTable): Tenant {
  return { id: row.id, name: row.name, did: row.did, defaultLanguage: row.default_language, createdAt: row.created_at };
}

export async function createTenant(ctx: StoreContext, input: NewTenant): Promise<Tenant> {
  if (!SLUG.test(input.id)) {
    throw new StorageError('ERR_INVALID_INPUT', `tenant id must be a lower-case slug, got ${JSON.stringify(input.id)}`);
  }
  const row: TenantsTable = {
    id: input.id,
    name: input.name,
    did: input.did ?? null,
    default_language: input.defaultLanguage ?? 'en',
    created_at: timestamp(ctx),
  };
  try {
    await ctx.db.insertInto('tenants').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new StorageError('ERR_CONFLICT', `tenant ${input.id} exists`, { cause: error });
    throw error;
  }
  return toTenant(row);
}

export async function getTenant(ctx: StoreContext, id: string): Promise<Tenant | undefined> {
  const row = await ctx.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toTenant(row);
}

export async function listTenants(ctx: StoreContext): Promise<Tenant[]> {
  const rows = await ctx.db.selectFrom('tenants').selectAll().orderBy('id').execute();
  return rows.map(toTenant);
}

export async function updateTenant(
  ctx: StoreContext,
  id: string,
  patch: { name?: string; did?: string | null; defaultLanguage?: string },
): Promise<Tenant> {
  const set: Partial<TenantsTable> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.did !== undefined) set.did = patch.did;
  if (patch.defaultLanguage !== undefined) set.default_language = patch.defaultLanguage;
  if (Object.keys(set).length > 0) await ctx.db.updateTable('tenants').set(set).where('id', '=', id).execute();
  const tenant = await getTenant(ctx, id);
  if (!tenant) throw new StorageError('ERR_NOT_FOUND', `tenant ${id} not found`);
  return tenant;
}

/** Throws ERR_NOT_FOUND unless the tenant exists; used before creating tenant-owned rows. */
export async function requireTenant(ctx: StoreContext, id: string): Promise<void> {
  const row = await ctx.db.selectFrom('tenants').select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw new StorageError('ERR_NOT_FOUND', `tenant ${id} not found`);
}

export async function findTenantByDid(ctx: StoreContext, did: string): Promise<Tenant | undefined> {
  const row = await ctx.db.selectFrom('tenants').selectAll().where('did', '=', did).orderBy('id').executeTakeFirst();
  return row && toTenant(row);
}
