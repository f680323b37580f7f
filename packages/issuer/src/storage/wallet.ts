import type { Kysely } from 'kysely';
import { isUniqueViolation } from './errors.ts';
import type { Store } from './open-store.ts';
import type { Database } from './schema.ts';

/*
 * The tables of migration 0004 (renditions, OID4VCI offers and nonces, VC-API exchanges), kept out
 * of the shared Database interface: only the wallet routes read them, through these functions.
 */

export interface RenditionsTable {
  id: string;
  tenant_id: string;
  credential_id: string;
  name: string;
  holder: string | null;
  channel: string | null;
  media_type: string;
  body: string;
  created_at: string;
}

export interface WalletOffersTable {
  id: string;
  tenant_id: string;
  credential_id: string;
  pre_authorized_code_hash: string;
  tx_code_hash: string | null;
  tx_code_attempts: number;
  configuration_ids: string;
  created_at: string;
  expires_at: string;
  redeemed_at: string | null;
  access_token_hash: string | null;
  access_token_expires_at: string | null;
  credential_issued_at: string | null;
}

export interface WalletNoncesTable {
  nonce: string;
  expires_at: string;
  used_at: string | null;
}

export interface WalletExchangesTable {
  id: string;
  tenant_id: string;
  credential_id: string;
  challenge: string;
  domain: string;
  created_at: string;
  expires_at: string;
  completed_at: string | null;
  holder: string | null;
}

export interface WalletDatabase extends Database {
  renditions: RenditionsTable;
  wallet_offers: WalletOffersTable;
  wallet_nonces: WalletNoncesTable;
  wallet_exchanges: WalletExchangesTable;
}

export interface StoredRendition {
  id: string;
  name: string;
  mediaType: string;
  body: string;
  holder: string | null;
  channel: string | null;
  createdAt: string;
}

export interface WalletOffer {
  id: string;
  tenantId: string;
  credentialId: string;
  txCodeHash: string | null;
  txCodeAttempts: number;
  configurationIds: string[];
  expiresAt: string;
  redeemedAt: string | null;
  accessTokenExpiresAt: string | null;
  credentialIssuedAt: string | null;
}

export interface WalletExchange {
  id: string;
  tenantId: string;
  credentialId: string;
  challenge: string;
  domain: string;
  expiresAt: string;
  completedAt: string | null;
}

/** A wrong transaction code this many times burns the offer: six digits must not be guessable by retrying. */
export const MAX_TX_CODE_ATTEMPTS = 5;

const iso = (date: Date) => date.toISOString();

function toOffer(row: WalletOffersTable): WalletOffer {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    credentialId: row.credential_id,
    txCodeHash: row.tx_code_hash,
    txCodeAttempts: row.tx_code_attempts,
    configurationIds: JSON.parse(row.configuration_ids) as string[],
    expiresAt: row.expires_at,
    redeemedAt: row.redeemed_at,
    accessTokenExpiresAt: row.access_token_expires_at,
    credentialIssuedAt: row.credential_issued_at,
  };
}

function toExchange(row: WalletExchangesTable): WalletExchange {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    credentialId: row.credential_id,
    challenge: row.challenge,
    domain: row.domain,
    expiresAt: row.expires_at,
    completedAt: row.completed_at,
  };
}

/** The wallet tables of one store. Every function that reads tenant data filters on the tenant. */
export function walletStore(store: Store) {
  const db = store.db as unknown as Kysely<WalletDatabase>;

  return {
    renditions: {
      /** The standard rendition `name` of a credential, if it was built before. */
      async get(tenantId: string, credentialId: string, name: string): Promise<StoredRendition | undefined> {
        const row = await db
          .selectFrom('renditions')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('credential_id', '=', credentialId)
          .where('name', '=', name)
          .where('holder', 'is', null)
          .executeTakeFirst();
        return row && { id: row.id, name: row.name, mediaType: row.media_type, body: row.body, holder: null, channel: null, createdAt: row.created_at };
      },
      /**
       * Keeps a rendition. For a standard one that another request stored first, answers the stored
       * one: everybody gets the same signed file.
       */
      async put(
        tenantId: string,
        credentialId: string,
        rendition: { id: string; name: string; mediaType: string; body: string; holder?: string; channel?: string },
        now: Date,
      ): Promise<StoredRendition> {
        const row: RenditionsTable = {
          id: rendition.id,
          tenant_id: tenantId,
          credential_id: credentialId,
          name: rendition.name,
          holder: rendition.holder ?? null,
          channel: rendition.channel ?? null,
          media_type: rendition.mediaType,
          body: rendition.body,
          created_at: iso(now),
        };
        try {
          await db.insertInto('renditions').values(row).execute();
        } catch (error) {
          if (isUniqueViolation(error) && row.holder === null) {
            const first = await this.get(tenantId, credentialId, rendition.name);
            if (first) return first;
          }
          throw error;
        }
        return { id: row.id, name: row.name, mediaType: row.media_type, body: row.body, holder: row.holder, channel: row.channel, createdAt: row.created_at };
      },
      /** Every rendition of a credential, the holder-bound ones included (their bodies left out). */
      async list(tenantId: string, credentialId: string): Promise<Omit<StoredRendition, 'body'>[]> {
        const rows = await db
          .selectFrom('renditions')
          .select(['id', 'name', 'media_type', 'holder', 'channel', 'created_at'])
          .where('tenant_id', '=', tenantId)
          .where('credential_id', '=', credentialId)
          .orderBy('created_at')
          .execute();
        return rows.map((r) => ({ id: r.id, name: r.name, mediaType: r.media_type, holder: r.holder, channel: r.channel, createdAt: r.created_at }));
      },
    },

    offers: {
      async create(input: {
        id: string;
        tenantId: string;
        credentialId: string;
        preAuthorizedCodeHash: string;
        txCodeHash: string | null;
        configurationIds: string[];
        now: Date;
        expiresAt: Date;
      }): Promise<void> {
        await forget(input.now);
        await db
          .insertInto('wallet_offers')
          .values({
            id: input.id,
            tenant_id: input.tenantId,
            credential_id: input.credentialId,
            pre_authorized_code_hash: input.preAuthorizedCodeHash,
            tx_code_hash: input.txCodeHash,
            tx_code_attempts: 0,
            configuration_ids: JSON.stringify(input.configurationIds),
            created_at: iso(input.now),
            expires_at: iso(input.expiresAt),
            redeemed_at: null,
            access_token_hash: null,
            access_token_expires_at: null,
            credential_issued_at: null,
          })
          .execute();
      },
      /** The offer behind a credential_offer_uri (public: the id is the secret). */
      async get(id: string): Promise<(WalletOffer & { preAuthorizedCodeHash: string }) | undefined> {
        const row = await db.selectFrom('wallet_offers').selectAll().where('id', '=', id).executeTakeFirst();
        return row && { ...toOffer(row), preAuthorizedCodeHash: row.pre_authorized_code_hash };
      },
      async findByPreAuthorizedCode(codeHash: string): Promise<WalletOffer | undefined> {
        const row = await db.selectFrom('wallet_offers').selectAll().where('pre_authorized_code_hash', '=', codeHash).executeTakeFirst();
        return row && toOffer(row);
      },
      /** Counts a wrong transaction code; at MAX_TX_CODE_ATTEMPTS the offer cannot be redeemed any more. */
      async countWrongTxCode(id: string): Promise<void> {
        await db
          .updateTable('wallet_offers')
          .set((eb) => ({ tx_code_attempts: eb('tx_code_attempts', '+', 1) }))
          .where('id', '=', id)
          .execute();
      },
      /**
       * Redeems the offer for an access token, once: the conditional update makes a second redemption
       * (a replay, or two wallets racing) find nothing to update.
       */
      async redeem(id: string, accessTokenHash: string, now: Date, tokenExpiresAt: Date): Promise<boolean> {
        const result = await db
          .updateTable('wallet_offers')
          .set({ redeemed_at: iso(now), access_token_hash: accessTokenHash, access_token_expires_at: iso(tokenExpiresAt) })
          .where('id', '=', id)
          .where('redeemed_at', 'is', null)
          .where('expires_at', '>', iso(now))
          .where('tx_code_attempts', '<', MAX_TX_CODE_ATTEMPTS)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) === 1;
      },
      async findByAccessToken(tokenHash: string): Promise<WalletOffer | undefined> {
        const row = await db.selectFrom('wallet_offers').selectAll().where('access_token_hash', '=', tokenHash).executeTakeFirst();
        return row && toOffer(row);
      },
      /** The access token buys one credential. */
      async consumeAccessToken(id: string, now: Date): Promise<boolean> {
        const result = await db
          .updateTable('wallet_offers')
          .set({ credential_issued_at: iso(now) })
          .where('id', '=', id)
          .where('credential_issued_at', 'is', null)
          .where('access_token_expires_at', '>', iso(now))
          .executeTakeFirst();
        return Number(result.numUpdatedRows) === 1;
      },
    },

    nonces: {
      async create(nonce: string, now: Date, expiresAt: Date): Promise<void> {
        await forget(now);
        await db.insertInto('wallet_nonces').values({ nonce, expires_at: iso(expiresAt), used_at: null }).execute();
      },
      /** True once for a nonce this service gave out and that has not expired. */
      async consume(nonce: string, now: Date): Promise<boolean> {
        const result = await db
          .updateTable('wallet_nonces')
          .set({ used_at: iso(now) })
          .where('nonce', '=', nonce)
          .where('used_at', 'is', null)
          .where('expires_at', '>', iso(now))
          .executeTakeFirst();
        return Number(result.numUpdatedRows) === 1;
      },
    },

    exchanges: {
      async create(input: { id: string; tenantId: string; credentialId: string; challenge: string; domain: string; now: Date; expiresAt: Date }): Promise<void> {
        await forget(input.now);
        await db
          .insertInto('wallet_exchanges')
          .values({
            id: input.id,
            tenant_id: input.tenantId,
            credential_id: input.credentialId,
            challenge: input.challenge,
            domain: input.domain,
            created_at: iso(input.now),
            expires_at: iso(input.expiresAt),
            completed_at: null,
            holder: null,
          })
          .execute();
      },
      async get(id: string): Promise<WalletExchange | undefined> {
        const row = await db.selectFrom('wallet_exchanges').selectAll().where('id', '=', id).executeTakeFirst();
        return row && toExchange(row);
      },
      /** Completes the exchange for a holder, once. */
      async complete(id: string, holder: string, now: Date): Promise<boolean> {
        const result = await db
          .updateTable('wallet_exchanges')
          .set({ completed_at: iso(now), holder })
          .where('id', '=', id)
          .where('completed_at', 'is', null)
          .where('expires_at', '>', iso(now))
          .executeTakeFirst();
        return Number(result.numUpdatedRows) === 1;
      },
    },
  };

  /** Offers, nonces and exchanges are short-lived: a day after they expired nothing needs them. */
  async function forget(now: Date): Promise<void> {
    const before = iso(new Date(now.getTime() - 24 * 3600 * 1000));
    await db.deleteFrom('wallet_nonces').where('expires_at', '<', before).execute();
    await db.deleteFrom('wallet_offers').where('expires_at', '<', before).execute();
    await db.deleteFrom('wallet_exchanges').where('expires_at', '<', before).execute();
  }
}

export type WalletStore = ReturnType<typeof walletStore>;
