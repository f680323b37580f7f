import { isSealedKey, KeyEncryptionError, type KeyVault } from '../security/key-encryption.ts';
import type { StoreContext } from './context.ts';
import {
  addKey,
  getActiveKey,
  getKey,
  listKeys,
  retireKey,
  rotateKey,
  type KeyRecord,
  type KeyWithSecret,
  type NewKey,
} from './keys.ts';

export interface KeyRepository {
  add(tenantId: string, key: NewKey): Promise<KeyWithSecret>;
  get(tenantId: string, id: string): Promise<KeyWithSecret | undefined>;
  list(tenantId: string): Promise<KeyRecord[]>;
  getActive(tenantId: string, keyType?: string): Promise<KeyWithSecret | undefined>;
  rotate(tenantId: string, key: NewKey, options?: { actor?: string | null }): Promise<{ activated: KeyWithSecret; retired: string[] }>;
  retire(tenantId: string, id: string): Promise<boolean>;
  /** Encrypts every key still stored as a plain key file (a passphrase set on an existing database); returns how many. */
  sealPlaintext(): Promise<number>;
  /** Fails (KeyEncryptionError) when stored keys are encrypted and the passphrase is missing or does not open them. */
  checkPassphrase(): Promise<void>;
}

/**
 * The keys table behind the vault: private keys are sealed on the way in and
 * opened on the way out, so every caller above the store sees key files and
 * the database never holds one when a passphrase is set.
 */
export function sealedKeyRepository(ctx: StoreContext, vault: KeyVault): KeyRepository {
  const seal = async (tenantId: string, key: NewKey): Promise<NewKey> => ({
    ...key,
    privateKey: await vault.seal(key.privateKey, { tenantId, keyId: key.id }),
  });
  const open = async <T extends KeyWithSecret | undefined>(key: T): Promise<T> =>
    key && { ...key, privateKey: await vault.open(key.privateKey, { tenantId: key.tenantId, keyId: key.id }) };

  return {
    add: async (tenantId, key) => ({ ...(await addKey(ctx, tenantId, await seal(tenantId, key))), privateKey: key.privateKey }),
    get: async (tenantId, id) => open(await getKey(ctx, tenantId, id)),
    list: (tenantId) => listKeys(ctx, tenantId),
    getActive: async (tenantId, keyType) => open(await getActiveKey(ctx, tenantId, keyType)),
    rotate: async (tenantId, key, options) => {
      const result = await rotateKey(ctx, tenantId, await seal(tenantId, key), options);
      return { ...result, activated: { ...result.activated, privateKey: key.privateKey } };
    },
    retire: (tenantId, id) => retireKey(ctx, tenantId, id),
    async sealPlaintext() {
      if (!vault.encrypting) return 0;
      const rows = await ctx.db.selectFrom('keys').select(['id', 'tenant_id', 'private_key']).execute();
      let sealed = 0;
      for (const row of rows) {
        if (isSealedKey(row.private_key)) continue;
        const envelope = await vault.seal(row.private_key, { tenantId: row.tenant_id, keyId: row.id });
        // Compare-and-set: another process sealing at the same time leaves its own envelope.
        const result = await ctx.db
          .updateTable('keys')
          .set({ private_key: envelope })
          .where('id', '=', row.id)
          .where('private_key', '=', row.private_key)
          .executeTakeFirst();
        sealed += Number(result.numUpdatedRows);
      }
      return sealed;
    },
    async checkPassphrase() {
      const rows = await ctx.db.selectFrom('keys').select(['id', 'tenant_id', 'private_key']).execute();
      const sealed = rows.filter((row) => isSealedKey(row.private_key));
      if (sealed.length === 0) return;
      if (!vault.encrypting) {
        throw new KeyEncryptionError(
          `${sealed.length} private key(s) in the database are encrypted: set MICROCRED_KEY_PASSPHRASE to the passphrase they were encrypted with.`,
          'ERR_KEY_PASSPHRASE_REQUIRED',
        );
      }
      // Opening one catches a wrong passphrase at start-up rather than at the first issuance.
      const first = sealed[0] as (typeof sealed)[number];
      await vault.open(first.private_key, { tenantId: first.tenant_id, keyId: first.id });
    },
  };
}
