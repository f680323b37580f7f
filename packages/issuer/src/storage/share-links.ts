import { sql } from 'kysely';
import { appendAudit } from './audit.ts';
import { inTransaction, timestamp, type StoreContext } from './context.ts';
import { isUniqueViolation, StorageError } from './errors.ts';
import type { ShareTokensTable } from './schema.ts';

/** Who made a share link: the issuance itself, the issuer's API, the learner's page, or the printable certificate. */
export type ShareLinkOrigin = 'issuance' | 'issuer' | 'learner' | 'certificate';
export type ShareLinkWithdrawer = 'learner' | 'issuer';
export type ShareLinkState = 'active' | 'expired' | 'withdrawn';

export interface ShareLink {
  token: string;
  tenantId: string;
  credentialId: string;
  createdAt: string;
  expiresAt: string | null;
  label: string | null;
  origin: ShareLinkOrigin;
  withdrawnAt: string | null;
  withdrawnBy: ShareLinkWithdrawer | null;
  /** Derived from withdrawal and expiry at the time of reading. */
  state: ShareLinkState;
}

export interface NewShareLink {
  token: string;
  origin: ShareLinkOrigin;
  expiresAt?: string | null;
  label?: string | null;
  /** For the audit log. */
  actor?: string | null;
}

/** Enough for anyone's use; a cap keeps one leaked claim link from filling the table. */
export const MAX_ACTIVE_SHARE_LINKS = 50;

type Row = Omit<ShareTokensTable, 'origin'> & { origin: string };

function toShareLink(row: Row, now: Date): ShareLink {
  const state: ShareLinkState =
    row.revoked_at !== null ? 'withdrawn' : row.expires_at !== null && row.expires_at <= now.toISOString() ? 'expired' : 'active';
  return {
    token: row.token,
    tenantId: row.tenant_id,
    credentialId: row.credential_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    label: row.label,
    origin: row.origin as ShareLinkOrigin,
    withdrawnAt: row.revoked_at,
    withdrawnBy: row.withdrawn_by as ShareLinkWithdrawer | null,
    state,
  };
}

/** A new share link, refused (ERR_CONFLICT) when the credential already has MAX_ACTIVE_SHARE_LINKS usable ones. */
export async function createShareLink(
  ctx: StoreContext,
  tenantId: string,
  credentialId: string,
  input: NewShareLink,
): Promise<ShareLink> {
  return inTransaction(ctx, async (tx) => {
    const now = timestamp(tx);
    const { active } = await tx.db
      .selectFrom('share_tokens')
      .select(sql<number>`count(*)`.as('active'))
      .where('tenant_id', '=', tenantId)
      .where('credential_id', '=', credentialId)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .executeTakeFirstOrThrow();
    if (Number(active) >= MAX_ACTIVE_SHARE_LINKS) {
      throw new StorageError('ERR_CONFLICT', `credential ${credentialId} already has ${MAX_ACTIVE_SHARE_LINKS} share links; withdraw one first`);
    }
    const row = {
      token: input.token,
      tenant_id: tenantId,
      credential_id: credentialId,
      created_at: now,
      revoked_at: null,
      expires_at: input.expiresAt ?? null,
      label: input.label ?? null,
      origin: input.origin,
      withdrawn_by: null,
    };
    try {
      await tx.db.insertInto('share_tokens').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new StorageError('ERR_CONFLICT', 'the share token is already in use', { cause: error });
      throw error;
    }
    await appendAudit(tx, tenantId, {
      actor: input.actor ?? null,
      action: 'share-link-create',
      credentialId,
      details: { origin: input.origin, expiresAt: row.expires_at },
    });
    return toShareLink(row, tx.now());
  });
}

/** Every share link of a credential, withdrawn and expired ones included, newest first. */
export async function listShareLinks(ctx: StoreContext, tenantId: string, credentialId: string): Promise<ShareLink[]> {
  const rows = await ctx.db
    .selectFrom('share_tokens')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('credential_id', '=', credentialId)
    .orderBy('created_at', 'desc')
    .orderBy('token')
    .execute();
  const now = ctx.now();
  return rows.map((row) => toShareLink(row, now));
}

/** A share link by its token, across tenants (share links are public), in whatever state. */
export async function getShareLink(ctx: StoreContext, token: string): Promise<ShareLink | undefined> {
  const row = await ctx.db.selectFrom('share_tokens').selectAll().where('token', '=', token).executeTakeFirst();
  return row && toShareLink(row, ctx.now());
}

/**
 * Withdraws a share link of this credential. Withdrawing a withdrawn link
 * changes nothing (the first withdrawal is kept); undefined when the
 * credential has no such link.
 */
export async function withdrawShareLink(
  ctx: StoreContext,
  tenantId: string,
  credentialId: string,
  token: string,
  by: ShareLinkWithdrawer,
  actor: string | null = null,
): Promise<ShareLink | undefined> {
  return inTransaction(ctx, async (tx) => {
    const now = timestamp(tx);
    const result = await tx.db
      .updateTable('share_tokens')
      .set({ revoked_at: now, withdrawn_by: by })
      .where('tenant_id', '=', tenantId)
      .where('credential_id', '=', credentialId)
      .where('token', '=', token)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) {
      await appendAudit(tx, tenantId, { actor, action: 'share-link-withdraw', credentialId, details: { by } });
    }
    const row = await tx.db
      .selectFrom('share_tokens')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('credential_id', '=', credentialId)
      .where('token', '=', token)
      .executeTakeFirst();
    return row && toShareLink(row, tx.now());
  });
}
