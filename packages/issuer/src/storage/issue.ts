import { sql } from 'kysely';
import { appendAuditMany, type NewAuditEntry } from './audit.ts';
import { inTransaction, timestamp, type StoreContext } from './context.ts';
import { foldName } from './credentials.ts';
import { isForeignKeyViolation, isUniqueViolation, StorageError } from './errors.ts';
import type { CredentialsTable } from './schema.ts';
import {
  DEFAULT_CHUNK_SIZE,
  reserveStatusIndexes,
  type MessageListProfile,
  type StatusReservation,
  type StatusSlot,
} from './status-lists.ts';

export interface NewCredentialRecord {
  /** urn:uuid:… */
  id: string;
  certificateNumber: string;
  learnerId?: string | null;
  learnerName?: string | null;
  specificationId?: string | null;
  specificationVersion?: number | null;
  /** e.g. 'ldp_vc', 'vc+jwt'. */
  format: string;
  /** The signed credential. */
  credential: unknown;
  validFrom?: string | Date | null;
  validUntil?: string | Date | null;
  issuedAt?: string | Date;
  /** Id of the credential this one renews; that one becomes 'superseded' if it was active. */
  renews?: string | null;
  claimTokenHash?: string | null;
  /** Slots from reserveStatusIndexes that the signed credential points to. */
  statusEntries?: StatusSlot[];
  /** A public share link token for the credential (stored as is: it is meant to be handed out). */
  shareToken?: string | null;
  /**
   * Records the credential as item `index` of the idempotent request `key`,
   * in the same transaction, with the item's response `result`.
   */
  idempotentItem?: { key: string; index: number; result: unknown } | null;
}

export interface IssuedCredential {
  id: string;
  certificateNumber: string;
  statusEntries: StatusSlot[];
}

export interface InsertOptions {
  /** API token id (or other principal) recorded in the audit log. */
  actor?: string | null;
}

/**
 * Inserts signed credentials, links their reserved status entries to them and
 * writes one audit row each, all in one transaction: either every record of
 * the call is stored or none is.
 */
export async function insertIssuedCredentials(
  ctx: StoreContext,
  tenantId: string,
  records: readonly NewCredentialRecord[],
  options: InsertOptions = {},
): Promise<IssuedCredential[]> {
  if (records.length === 0) return [];
  return inTransaction(ctx, (tx) => insertInTransaction(tx, tenantId, records, options));
}

async function insertInTransaction(
  tx: StoreContext,
  tenantId: string,
  records: readonly NewCredentialRecord[],
  options: InsertOptions,
): Promise<IssuedCredential[]> {
  const now = timestamp(tx);
  const rows = records.map((record) => toRow(record, tenantId, now));
  try {
    for (let i = 0; i < rows.length; i += 200) {
      await tx.db.insertInto('credentials').values(rows.slice(i, i + 200)).execute();
    }
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new StorageError('ERR_CONFLICT', 'a credential id or certificate number already exists', { cause: error });
    }
    if (isForeignKeyViolation(error)) {
      throw new StorageError(
        'ERR_NOT_FOUND',
        'tenant, renewed credential or specification version not found in this tenant',
        { cause: error },
      );
    }
    throw error;
  }

  await linkStatusSlots(tx, tenantId, records);

  const shareRows = records
    .filter((record) => record.shareToken)
    .map((record) => ({
      token: record.shareToken as string,
      tenant_id: tenantId,
      credential_id: record.id,
      created_at: now,
      revoked_at: null,
    }));
  const itemRows = records
    .filter((record) => record.idempotentItem)
    .map((record) => {
      const item = record.idempotentItem as { key: string; index: number; result: unknown };
      return {
        tenant_id: tenantId,
        idempotency_key: item.key,
        item_index: item.index,
        credential_id: record.id,
        result: JSON.stringify(item.result ?? null),
      };
    });
  try {
    for (let i = 0; i < shareRows.length; i += 200) {
      await tx.db.insertInto('share_tokens').values(shareRows.slice(i, i + 200)).execute();
    }
    for (let i = 0; i < itemRows.length; i += 200) {
      await tx.db.insertInto('idempotent_items').values(itemRows.slice(i, i + 200)).execute();
    }
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new StorageError('ERR_CONFLICT', 'a share token or an idempotent item is already recorded', { cause: error });
    }
    throw error;
  }

  const audit: NewAuditEntry[] = [];
  for (const record of records) {
    if (record.renews) {
      const superseded = await tx.db
        .updateTable('credentials')
        .set({ status: 'superseded', updated_at: now })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', record.renews)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (Number(superseded.numUpdatedRows) === 1) {
        audit.push({ actor: options.actor ?? null, action: 'supersede', credentialId: record.renews, details: { by: record.id } });
      }
    }
    audit.push({
      actor: options.actor ?? null,
      action: record.renews ? 'recertify' : 'issue',
      credentialId: record.id,
      details: {
        certificateNumber: record.certificateNumber,
        ...(record.renews ? { renews: record.renews } : {}),
        statusEntries: record.statusEntries ?? [],
      },
    });
  }
  await appendAuditMany(tx, tenantId, audit);

  return records.map((record) => ({
    id: record.id,
    certificateNumber: record.certificateNumber,
    statusEntries: record.statusEntries ?? [],
  }));
}

/** Slots linked per UPDATE: one CASE arm and one IN entry each, well within SQLite's and PostgreSQL's parameter limits. */
const LINK_BATCH = 250;

/**
 * Links each record's reserved status slots to it. Only a reserved, still
 * unlinked entry of this tenant in a list of the slot's purpose may be
 * claimed: a slot that was never reserved, belongs to another tenant, is
 * already linked or named twice would otherwise give two credentials one
 * index. Done per list in a few set-based UPDATEs (one statement per slot
 * was a tenth of a batch's time), checked by the number of rows updated.
 */
async function linkStatusSlots(tx: StoreContext, tenantId: string, records: readonly NewCredentialRecord[]): Promise<void> {
  const byList = new Map<string, { index: number; credentialId: string; purpose: string }[]>();
  for (const record of records) {
    for (const slot of record.statusEntries ?? []) {
      let slots = byList.get(slot.listId);
      if (!slots) byList.set(slot.listId, (slots = []));
      slots.push({ index: slot.index, credentialId: record.id, purpose: slot.purpose });
    }
  }
  if (byList.size === 0) return;
  const invalid = (listId: string, slot: { index: number; purpose: string }) =>
    new StorageError(
      'ERR_RESERVATION_INVALID',
      `status slot ${slot.purpose} ${listId}#${slot.index} is not a free reservation of tenant ${tenantId}`,
    );
  const purposes = new Map(
    (await tx.db.selectFrom('status_lists').select(['id', 'purpose']).where('id', 'in', [...byList.keys()]).execute()).map((list) => [
      list.id,
      list.purpose as string,
    ]),
  );
  for (const [listId, slots] of byList) {
    for (const slot of slots) if (purposes.get(listId) !== slot.purpose) throw invalid(listId, slot);
    for (let i = 0; i < slots.length; i += LINK_BATCH) {
      const part = slots.slice(i, i + LINK_BATCH);
      const arms = sql.join(
        part.map((slot) => sql`when ${slot.index} then ${slot.credentialId}`),
        sql` `,
      );
      const linked = await tx.db
        .updateTable('status_entries')
        .set({ credential_id: sql<string>`case status_index ${arms} end` })
        .where('tenant_id', '=', tenantId)
        .where('list_id', '=', listId)
        .where('status_index', 'in', part.map((slot) => slot.index))
        .where('credential_id', 'is', null)
        .executeTakeFirst();
      if (Number(linked.numUpdatedRows) !== part.length) {
        // Say which: the first slot of this part that is not linked to its record now.
        const rows = await tx.db
          .selectFrom('status_entries')
          .select(['status_index', 'credential_id'])
          .where('tenant_id', '=', tenantId)
          .where('list_id', '=', listId)
          .where('status_index', 'in', part.map((slot) => slot.index))
          .execute();
        const holder = new Map(rows.map((row) => [Number(row.status_index), row.credential_id]));
        const seen = new Set<number>();
        const culprit =
          part.find((slot) => {
            const duplicate = seen.has(slot.index);
            seen.add(slot.index);
            return duplicate || holder.get(slot.index) !== slot.credentialId;
          }) ?? part[0];
        throw invalid(listId, culprit as (typeof part)[number]);
      }
    }
  }
}

export interface IssueWithAllocationOptions<T> extends InsertOptions {
  allocate: true;
  /**
   * Turns an input and its reserved status slots into the signed record.
   * Called outside any transaction, so slow signing never holds a database lock.
   * If the record has no statusEntries, the reservation's slots are used.
   */
  build: (input: T, reservation: StatusReservation) => NewCredentialRecord | Promise<NewCredentialRecord>;
  chunkSize?: number;
  /** Also reserve each input a slot in a message list of this profile (reservation.message). */
  message?: MessageListProfile;
}

export interface IssueWithoutAllocationOptions extends InsertOptions {
  allocate: false;
  chunkSize?: number;
}

/**
 * Bulk issuance in chunks (default 500). With allocation, each chunk is:
 * reserve 2 status slots per input (one committed transaction), build/sign
 * each record, then insert the chunk (a second transaction). A failure
 * loses at most the current chunk; its reserved indexes stay burnt, never
 * reused (see status-lists.ts). Earlier chunks stay issued.
 */
export async function issueCredentialRecords<T>(
  ctx: StoreContext,
  tenantId: string,
  inputs: readonly T[],
  options: IssueWithAllocationOptions<T>,
): Promise<IssuedCredential[]>;
export async function issueCredentialRecords(
  ctx: StoreContext,
  tenantId: string,
  inputs: readonly NewCredentialRecord[],
  options: IssueWithoutAllocationOptions,
): Promise<IssuedCredential[]>;
export async function issueCredentialRecords<T>(
  ctx: StoreContext,
  tenantId: string,
  inputs: readonly T[],
  options: IssueWithAllocationOptions<T> | IssueWithoutAllocationOptions,
): Promise<IssuedCredential[]> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
    throw new StorageError('ERR_INVALID_INPUT', 'chunkSize must be a positive integer');
  }
  const issued: IssuedCredential[] = [];
  for (let start = 0; start < inputs.length; start += chunkSize) {
    const chunk = inputs.slice(start, start + chunkSize);
    let records: NewCredentialRecord[];
    if (options.allocate) {
      const reservations = await reserveStatusIndexes(ctx, tenantId, chunk.length, {
        chunkSize,
        ...(options.message ? { message: options.message } : {}),
      });
      // Built concurrently: a build that signs in a worker pool then keeps every worker busy.
      records = await Promise.all(
        chunk.map(async (input, i) => {
          const reservation = reservations[i] as StatusReservation;
          const record = await options.build(input, reservation);
          return record.statusEntries
            ? record
            : { ...record, statusEntries: [reservation.revocation, reservation.suspension, ...(reservation.message ? [reservation.message] : [])] };
        }),
      );
    } else {
      records = chunk as readonly unknown[] as NewCredentialRecord[];
    }
    issued.push(...(await insertIssuedCredentials(ctx, tenantId, records, { actor: options.actor ?? null })));
  }
  return issued;
}

function toRow(record: NewCredentialRecord, tenantId: string, now: string): CredentialsTable {
  if (typeof record.id !== 'string' || record.id.length === 0) {
    throw new StorageError('ERR_INVALID_INPUT', 'credential id is required');
  }
  if (typeof record.certificateNumber !== 'string' || record.certificateNumber.length === 0) {
    throw new StorageError('ERR_INVALID_INPUT', `credential ${record.id} needs a certificate number`);
  }
  if (record.credential === undefined) {
    throw new StorageError('ERR_INVALID_INPUT', `credential ${record.id} has no signed credential`);
  }
  if ((record.specificationId == null) !== (record.specificationVersion == null)) {
    throw new StorageError('ERR_INVALID_INPUT', 'specificationId and specificationVersion go together');
  }
  return {
    id: record.id,
    tenant_id: tenantId,
    certificate_number: record.certificateNumber,
    learner_id: record.learnerId ?? null,
    learner_name: record.learnerName ?? null,
    learner_name_folded: record.learnerName ? foldName(record.learnerName) : null,
    specification_id: record.specificationId ?? null,
    specification_version: record.specificationVersion ?? null,
    format: record.format,
    status: 'active',
    valid_from: isoOrNull(record.validFrom, 'validFrom'),
    valid_until: isoOrNull(record.validUntil, 'validUntil'),
    issued_at: isoOrNull(record.issuedAt, 'issuedAt') ?? now,
    credential: JSON.stringify(record.credential),
    renews: record.renews ?? null,
    claim_token_hash: record.claimTokenHash ?? null,
    created_at: now,
    updated_at: now,
  };
}

/** Normalised to toISOString form so timestamps compare correctly as text in SQL. */
function isoOrNull(value: string | Date | null | undefined, name: string): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new StorageError('ERR_INVALID_INPUT', `${name} is not a valid date`);
  return date.toISOString();
}
