import { createHash, randomUUID } from 'node:crypto';
import { timestamp, type StoreContext } from './context.ts';
import { isForeignKeyViolation, isUniqueViolation, StorageError } from './errors.ts';
import type { ApiTokensTable } from './schema.ts';

export interface ApiToken {
  id: string;
  tenantId: string;
  tokenHash: string;
  scopes: string[];
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface NewApiToken {
  /** The secret shown to the user once. Only its SHA-256 is stored. */
  token: string;
  scopes: string[] | string;
  label?: string | null;
  id?: string;
}

/** SHA-256 hex of a token. A fast hash is enough: tokens are random, not passwords. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function toApiToken(row: ApiTokensTable): ApiToken {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    tokenHash: row.token_hash,
    scopes: row.scopes.split(' ').filter((s) => s.length > 0),
    label: row.label,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

export async function createApiToken(ctx: StoreContext, tenantId: string, input: NewApiToken): Promise<ApiToken> {
  const scopes = typeof input.scopes === 'string' ? input.scopes.split(/\s+/) : input.scopes;
  const cleaned = scopes.filter((s) => s.length > 0);
  if (cleaned.some((s) => /\s/.test(s))) throw new StorageError('ERR_INVALID_INPUT', 'a scope cannot contain spaces');
  if (input.token.length < 16) throw new StorageError('ERR_INVALID_INPUT', 'tokens must have at least 16 characters');
  const row: ApiTokensTable = {
    id: input.id ?? randomUUID(),
    tenant_id: tenantId,
    token_hash: hashToken(input.token),
    scopes: cleaned.join(' '),
    label: input.label ?? null,
    created_at: timestamp(ctx),
    revoked_at: null,
  };
  try {
    await ctx.db.insertInto('api_tokens').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new StorageError('ERR_CONFLICT', 'token id or token already exists', { cause: error });
    if (isForeignKeyViolation(error)) throw new StorageError('ERR_NOT_FOUND', `tenant ${tenantId} not found`, { cause: error });
    throw error;
  }
  return toApiToken(row);
}

/**
 * Authentication lookup. Deliberately not tenant-scoped (the token decides the
 * tenant) and returns nothing for revoked tokens so callers cannot forget to check.
 */
export async function findApiTokenByHash(ctx: StoreContext, tokenHash: string): Promise<ApiToken | undefined> {
  const row = await ctx.db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row && toApiToken(row);
}

export async function listApiTokens(ctx: StoreContext, tenantId: string): Promise<ApiToken[]> {
  const rows = await ctx.db
    .selectFrom('api_tokens')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toApiToken);
}

/** Returns false if there was no such unrevoked token of this tenant. */
export async function revokeApiToken(ctx: StoreContext, tenantId: string, id: string): Promise<boolean> {
  const result = await ctx.db
    .updateTable('api_tokens')
    .set({ revoked_at: timestamp(ctx) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
