import { appendAudit } from './audit.ts';
import { inTransaction, parseJson, timestamp, type StoreContext } from './context.ts';
import { isForeignKeyViolation, isUniqueViolation, StorageError } from './errors.ts';
import type { KeysTable, KeyStatus } from './schema.ts';

/** A key without its private part: what DID documents and listings need. */
export interface KeyRecord {
  /** The verification method id, e.g. did:web:example.org#key-2. */
  id: string;
  tenantId: string;
  keyType: string;
  publicKey: unknown;
  status: KeyStatus;
  createdAt: string;
  retiredAt: string | null;
}

export interface KeyWithSecret extends KeyRecord {
  /** Stored exactly as given; encrypting it is the caller's business. */
  privateKey: string;
}

export interface NewKey {
  id: string;
  keyType: string;
  publicKey: unknown;
  privateKey: string;
}

function toKey(row: KeysTable): KeyWithSecret {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    keyType: row.key_type,
    publicKey: parseJson(row.public_key),
    status: row.status,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
    privateKey: row.private_key,
  };
}

function withoutSecret(key: KeyWithSecret): KeyRecord {
  const { privateKey: _omitted, ...rest } = key;
  return rest;
}

async function insertKey(ctx: StoreContext, tenantId: string, key: NewKey): Promise<KeyWithSecret> {
  const row: KeysTable = {
    id: key.id,
    tenant_id: tenantId,
    key_type: key.keyType,
    public_key: JSON.stringify(key.publicKey),
    private_key: key.privateKey,
    status: 'active',
    created_at: timestamp(ctx),
    retired_at: null,
  };
  try {
    await ctx.db.insertInto('keys').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new StorageError(
        'ERR_CONFLICT',
        `key ${key.id} exists or tenant ${tenantId} already has an active ${key.keyType} key (use rotateKey)`,
        { cause: error },
      );
    }
    if (isForeignKeyViolation(error)) throw new StorageError('ERR_NOT_FOUND', `tenant ${tenantId} not found`, { cause: error });
    throw error;
  }
  return toKey(row);
}

/** Adds an active key. Fails with ERR_CONFLICT if the tenant has an active key of that type. */
export async function addKey(ctx: StoreContext, tenantId: string, key: NewKey): Promise<KeyWithSecret> {
  return insertKey(ctx, tenantId, key);
}

export async function getKey(ctx: StoreContext, tenantId: string, id: string): Promise<KeyWithSecret | undefined> {
  const row = await ctx.db
    .selectFrom('keys')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toKey(row);
}

/** Every key, retired ones included: the DID document keeps them so old signatures still verify. */
export async function listKeys(ctx: StoreContext, tenantId: string): Promise<KeyRecord[]> {
  const rows = await ctx.db
    .selectFrom('keys')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => withoutSecret(toKey(row)));
}

export async function getActiveKey(
  ctx: StoreContext,
  tenantId: string,
  keyType?: string,
): Promise<KeyWithSecret | undefined> {
  let query = ctx.db
    .selectFrom('keys')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active');
  if (keyType !== undefined) query = query.where('key_type', '=', keyType);
  const row = await query.orderBy('created_at', 'desc').orderBy('id').executeTakeFirst();
  return row && toKey(row);
}

export async function retireKey(ctx: StoreContext, tenantId: string, id: string): Promise<boolean> {
  const result = await ctx.db
    .updateTable('keys')
    .set({ status: 'retired', retired_at: timestamp(ctx) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Retires the active key of the new key's type and activates the new key, atomically. */
export async function rotateKey(
  ctx: StoreContext,
  tenantId: string,
  key: NewKey,
  options: { actor?: string | null } = {},
): Promise<{ activated: KeyWithSecret; retired: string[] }> {
  return inTransaction(ctx, async (tx) => {
    const retiring = await tx.db
      .selectFrom('keys')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('key_type', '=', key.keyType)
      .where('status', '=', 'active')
      .execute();
    const retired = retiring.map((row) => row.id);
    if (retired.length > 0) {
      await tx.db
        .updateTable('keys')
        .set({ status: 'retired', retired_at: timestamp(tx) })
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', retired)
        .execute();
    }
    const activated = await insertKey(tx, tenantId, key);
    await appendAudit(tx, tenantId, {
      actor: options.actor ?? null,
      action: 'key-rotate',
      details: { activated: key.id, retired },
    });
    return { activated, retired };
  });
}
