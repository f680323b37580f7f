import { sql } from 'kysely';
import { parseJson, timestamp, type StoreContext } from './context.ts';
import { StorageError } from './errors.ts';
import type { CredentialsTable, CredentialStatus } from './schema.ts';
import type { StatusSlot } from './status-lists.ts';

/** The stored status plus 'expired', which is derived from valid_until and never stored. */
export type EffectiveStatus = CredentialStatus | 'expired';

export interface CredentialSummary {
  id: string;
  tenantId: string;
  certificateNumber: string;
  learnerId: string | null;
  learnerName: string | null;
  specificationId: string | null;
  specificationVersion: number | null;
  format: string;
  status: CredentialStatus;
  effectiveStatus: EffectiveStatus;
  validFrom: string | null;
  validUntil: string | null;
  issuedAt: string;
  renews: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CredentialRecord extends CredentialSummary {
  /** The signed credential as it was issued (JSON value; a JWT is stored as a JSON string). */
  credential: unknown;
  claimTokenHash: string | null;
  statusEntries: StatusSlot[];
}

export interface ListCredentialsQuery {
  /** Exact learner id, or a case- and accent-insensitive part of the learner's name. */
  learner?: string;
  status?: EffectiveStatus;
  /** 1–500, default 50. */
  limit?: number;
  /** nextCursor of the previous page. */
  cursor?: string;
}

export interface CredentialPage {
  items: CredentialSummary[];
  nextCursor: string | null;
}

// Letters that carry no combining mark, so Unicode decomposition leaves them as they are.
const UNMARKED: Record<string, string> = { ł: 'l', đ: 'd', ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', þ: 'th', ð: 'd', ı: 'i', ħ: 'h' };

/** Case- and accent-insensitive form used for learner name search ("Müller" finds "muller", "Łukasz" finds "lukasz"). */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[łđøæœßþðıħ]/g, (ch) => UNMARKED[ch] ?? ch);
}

export function effectiveStatus(status: CredentialStatus, validUntil: string | null, now: Date): EffectiveStatus {
  // Only an otherwise active credential is reported as expired: revoked or suspended says more.
  if (status === 'active' && validUntil !== null && validUntil < now.toISOString()) return 'expired';
  return status;
}

function toSummary(row: CredentialsTable, now: Date): CredentialSummary {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    certificateNumber: row.certificate_number,
    learnerId: row.learner_id,
    learnerName: row.learner_name,
    specificationId: row.specification_id,
    specificationVersion: row.specification_version,
    format: row.format,
    status: row.status,
    effectiveStatus: effectiveStatus(row.status, row.valid_until, now),
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    issuedAt: row.issued_at,
    renews: row.renews,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function getCredential(
  ctx: StoreContext,
  tenantId: string,
  id: string,
): Promise<CredentialRecord | undefined> {
  const row = await ctx.db
    .selectFrom('credentials')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const entries = await ctx.db
    .selectFrom('status_entries as e')
    .innerJoin('status_lists as l', 'l.id', 'e.list_id')
    .select(['e.list_id', 'e.status_index', 'l.purpose'])
    .where('e.tenant_id', '=', tenantId)
    .where('e.credential_id', '=', id)
    .orderBy('l.purpose')
    .execute();
  return {
    ...toSummary(row, ctx.now()),
    credential: parseJson(row.credential),
    claimTokenHash: row.claim_token_hash,
    statusEntries: entries.map((e) => ({ purpose: e.purpose, listId: e.list_id, index: e.status_index })),
  };
}

/** Newest first, keyset-paged so deep pages stay cheap and stable while credentials are added. */
export async function listCredentials(
  ctx: StoreContext,
  tenantId: string,
  query: ListCredentialsQuery = {},
): Promise<CredentialPage> {
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new StorageError('ERR_INVALID_INPUT', 'limit must be an integer in [1, 500]');
  }
  const now = ctx.now();
  const nowText = now.toISOString();
  let q = ctx.db.selectFrom('credentials').selectAll().where('tenant_id', '=', tenantId);
  if (query.learner !== undefined && query.learner !== '') {
    const learner = query.learner;
    const pattern = `%${foldName(learner).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([eb('learner_id', '=', learner), sql<boolean>`learner_name_folded like ${pattern} escape '\\'`]),
    );
  }
  switch (query.status) {
    case undefined:
      break;
    case 'expired':
      q = q.where('status', '=', 'active').where('valid_until', 'is not', null).where('valid_until', '<', nowText);
      break;
    case 'active':
      q = q
        .where('status', '=', 'active')
        .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', nowText)]));
      break;
    default:
      q = q.where('status', '=', query.status);
  }
  if (query.cursor !== undefined) {
    const [createdAt, id] = decodeCursor(query.cursor);
    q = q.where((eb) =>
      eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]),
    );
  }
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => toSummary(row, now)),
    nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

/**
 * For a public register: given a certificate number, only the effective
 * status, nothing about the learner.
 */
export async function findStatusByCertificateNumber(
  ctx: StoreContext,
  tenantId: string,
  certificateNumber: string,
): Promise<{ status: EffectiveStatus } | undefined> {
  const row = await ctx.db
    .selectFrom('credentials')
    .select(['status', 'valid_until'])
    .where('tenant_id', '=', tenantId)
    .where('certificate_number', '=', certificateNumber)
    .executeTakeFirst();
  return row && { status: effectiveStatus(row.status, row.valid_until, ctx.now()) };
}

function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return [value[0], value[1]];
    }
  } catch {
    // fall through to the error below
  }
  throw new StorageError('ERR_INVALID_INPUT', 'invalid cursor');
}

/**
 * The public register's look-up: a certificate number across every tenant
 * (numbers are unique per tenant only), with what the register may show.
 */
export async function findByCertificateNumberInAnyTenant(
  ctx: StoreContext,
  certificateNumber: string,
): Promise<{ tenantId: string; id: string; status: EffectiveStatus }[]> {
  const rows = await ctx.db
    .selectFrom('credentials')
    .select(['tenant_id', 'id', 'status', 'valid_until'])
    .where('certificate_number', '=', certificateNumber)
    .orderBy('tenant_id')
    .execute();
  const now = ctx.now();
  return rows.map((row) => ({ tenantId: row.tenant_id, id: row.id, status: effectiveStatus(row.status, row.valid_until, now) }));
}

/** Which of `numbers` this tenant has already used (to refuse a batch before issuing anything). */
export async function findExistingCertificateNumbers(
  ctx: StoreContext,
  tenantId: string,
  numbers: readonly string[],
): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < numbers.length; i += 500) {
    const rows = await ctx.db
      .selectFrom('credentials')
      .select('certificate_number')
      .where('tenant_id', '=', tenantId)
      .where('certificate_number', 'in', numbers.slice(i, i + 500))
      .execute();
    for (const row of rows) found.push(row.certificate_number);
  }
  return found;
}

/** The credential's newest usable (neither withdrawn nor expired) share link token, if it has one. */
export async function getShareToken(ctx: StoreContext, tenantId: string, credentialId: string): Promise<string | undefined> {
  const row = await ctx.db
    .selectFrom('share_tokens')
    .select('token')
    .where('tenant_id', '=', tenantId)
    .where('credential_id', '=', credentialId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', timestamp(ctx))]))
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row?.token;
}

/** Resolves a share token to its credential (for the public share page). */
export async function findByShareToken(
  ctx: StoreContext,
  token: string,
): Promise<{ tenantId: string; credentialId: string } | undefined> {
  const row = await ctx.db
    .selectFrom('share_tokens')
    .select(['tenant_id', 'credential_id'])
    .where('token', '=', token)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', timestamp(ctx))]))
    .executeTakeFirst();
  return row && { tenantId: row.tenant_id, credentialId: row.credential_id };
}

/** The ids of credentials that renew `credentialId` (recertifications), oldest first. */
export async function findRenewals(ctx: StoreContext, tenantId: string, credentialId: string): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('credentials')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('renews', '=', credentialId)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => row.id);
}

/** Resolves a credential by the hash of its learner's claim token (for the wallet page). */
export async function findByClaimTokenHash(
  ctx: StoreContext,
  claimTokenHash: string,
): Promise<{ tenantId: string; credentialId: string } | undefined> {
  const row = await ctx.db
    .selectFrom('credentials')
    .select(['tenant_id', 'id'])
    .where('claim_token_hash', '=', claimTokenHash)
    .executeTakeFirst();
  return row && { tenantId: row.tenant_id, credentialId: row.id };
}
