import { randomUUID } from 'node:crypto';
import { Bitstring, encodeList, randomIndexAllocator, type StatusMessage } from '@microcred/status-list';
import { inTransaction, timestamp, withRetry, type StoreContext } from './context.ts';
import { isUniqueViolation, StorageError } from './errors.ts';
import type { StatusListPurpose, StatusListsTable } from './schema.ts';
import { requireTenant } from './tenants.ts';

/** The spec's minimum list length: fewer entries would weaken holders' herd privacy. */
export const DEFAULT_LIST_SIZE = 131_072;
export const DEFAULT_CHUNK_SIZE = 500;

export interface StatusSlot {
  purpose: StatusListPurpose;
  listId: string;
  index: number;
}

/** One credential's pair of positions: every credential can be revoked and suspended; some also carry a status message. */
export interface StatusReservation {
  revocation: StatusSlot;
  suspension: StatusSlot;
  /** Only when the reservation asked for a message list. */
  message?: StatusSlot;
}

/**
 * What the credentials of one series of message lists commit to: statusSize bits per entry, the
 * statusMessage array (null: a one-bit list's default "unset"/"set") and the statusReference.
 * Lists are shared by credentials whose three values are equal, compared as stored JSON.
 */
export interface MessageListProfile {
  statusSize: number;
  statusMessages: StatusMessage[] | null;
  statusReference: string | string[] | null;
}

/** Largest statusSize of a message list: 256 messages per entry, a 128 KiB list. */
export const MAX_MESSAGE_STATUS_SIZE = 8;

interface StoredProfile {
  status_size: number;
  status_messages: string | null;
  status_reference: string | null;
}

const ONE_BIT: StoredProfile = { status_size: 1, status_messages: null, status_reference: null };

function storedProfile(profile: MessageListProfile): StoredProfile {
  const { statusSize } = profile;
  if (!Number.isInteger(statusSize) || statusSize < 1 || statusSize > MAX_MESSAGE_STATUS_SIZE) {
    throw new StorageError('ERR_INVALID_INPUT', `statusSize must be an integer from 1 to ${MAX_MESSAGE_STATUS_SIZE}`);
  }
  return {
    status_size: statusSize,
    status_messages: profile.statusMessages === null ? null : JSON.stringify(profile.statusMessages),
    status_reference: profile.statusReference === null ? null : JSON.stringify(profile.statusReference),
  };
}

export interface StatusListSnapshot {
  id: string;
  tenantId: string;
  purpose: StatusListPurpose;
  /** Bits per entry (1 except for message lists). */
  statusSize: number;
  /** Message lists: what every entry's statusMessage says, and its statusReference. */
  statusMessages: StatusMessage[] | null;
  statusReference: string | string[] | null;
  size: number;
  allocated: number;
  /** Bumped on every bit change: use it as the ETag of the published list. */
  version: number;
  updatedAt: string;
  bits: Bitstring;
  /** GZIP + multibase base64url, ready for credentialSubject.encodedList. */
  encodedList: string;
}

export interface StatusListInfo {
  id: string;
  purpose: StatusListPurpose;
  statusSize: number;
  seq: number;
  size: number;
  allocated: number;
  version: number;
  updatedAt: string;
}

/*
 * Crash safety of allocation (why reservation is its own committed step):
 *
 * reserveStatusIndexes commits status_entries rows with credential_id NULL
 * before the caller signs anything. The (list_id, status_index) primary key
 * then owns those indexes forever: nothing ever deletes an entry, so an index
 * is never handed out twice, even if the process dies after signing and
 * before insertIssuedCredentials links the rows to credentials. Such a crash
 * only leaves reserved rows without a credential ("burnt" indexes: their bit
 * stays 0, which is what a never-issued index looks like), and no credential
 * row can exist without its reserved entries, because insertIssuedCredentials
 * links them in the same transaction that inserts the credential. Reusing a
 * burnt index would be the real danger: a signed credential carrying it may
 * already be in a holder's hands.
 *
 * Concurrency: each list row has an `allocated` counter. A reservation first
 * does `UPDATE … SET allocated = allocated + k WHERE allocated + k <= size`,
 * which on PostgreSQL row-locks the list until commit, so two processes
 * allocate from one list one after the other, and each reads the taken
 * indexes only after the other has committed. SQLite gets the same effect
 * from BEGIN IMMEDIATE. The primary key stays the final guard: should two
 * writers ever pick the same index (or create the same next list: UNIQUE
 * (tenant_id, purpose, seq)), one gets a unique violation and its chunk is
 * retried from the start.
 */
export async function reserveStatusIndexes(
  ctx: StoreContext,
  tenantId: string,
  count: number,
  options: {
    chunkSize?: number;
    /** Entries per new list. Only tests should go below 131,072: a shorter published list breaks the spec's minimum. */
    listSize?: number;
    /** Also reserve a slot in a message list of this profile (created when the tenant has none with room). */
    message?: MessageListProfile;
  } = {},
): Promise<StatusReservation[]> {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new StorageError('ERR_INVALID_INPUT', `count must be a non-negative integer, got ${String(count)}`);
  }
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const listSize = options.listSize ?? DEFAULT_LIST_SIZE;
  if (!Number.isSafeInteger(listSize) || listSize < 8 || listSize % 8 !== 0) {
    throw new StorageError('ERR_INVALID_INPUT', 'listSize must be a positive multiple of 8');
  }
  const message = options.message === undefined ? undefined : storedProfile(options.message);
  await requireTenant(ctx, tenantId);
  const reservations: StatusReservation[] = [];
  for (let done = 0; done < count; done += chunkSize) {
    const n = Math.min(chunkSize, count - done);
    const chunk = await withRetry(
      () =>
        inTransaction(ctx, async (tx) => {
          // Always revocation, then suspension, then message: a fixed lock order rules out deadlocks.
          const revocation = await allocate(tx, tenantId, 'revocation', n, listSize, ONE_BIT);
          const suspension = await allocate(tx, tenantId, 'suspension', n, listSize, ONE_BIT);
          const messages = message ? await allocate(tx, tenantId, 'message', n, listSize, message) : [];
          return revocation.map((slot, i) => ({
            revocation: slot,
            suspension: suspension[i] as StatusSlot,
            ...(message ? { message: messages[i] as StatusSlot } : {}),
          }));
        }),
      { retryUniqueViolation: isUniqueViolation },
    );
    reservations.push(...chunk);
  }
  return reservations;
}

async function allocate(
  tx: StoreContext,
  tenantId: string,
  purpose: StatusListPurpose,
  count: number,
  listSize: number,
  profile: StoredProfile,
): Promise<StatusSlot[]> {
  const slots: StatusSlot[] = [];
  while (slots.length < count) {
    const list =
      (await tx.db
        .selectFrom('status_lists')
        .select(['id', 'size', 'allocated'])
        .where('tenant_id', '=', tenantId)
        .where('purpose', '=', purpose)
        .where('status_size', '=', profile.status_size)
        .where('status_messages', profile.status_messages === null ? 'is' : '=', profile.status_messages)
        .where('status_reference', profile.status_reference === null ? 'is' : '=', profile.status_reference)
        .whereRef('allocated', '<', 'size')
        .orderBy('seq')
        .limit(1)
        .executeTakeFirst()) ?? (await createList(tx, tenantId, purpose, listSize, profile));
    const take = Math.min(count - slots.length, list.size - list.allocated);
    const claimed = await tx.db
      .updateTable('status_lists')
      .set((eb) => ({ allocated: eb('allocated', '+', take) }))
      .where('id', '=', list.id)
      .where((eb) => eb(eb('allocated', '+', take), '<=', eb.ref('size')))
      .executeTakeFirst();
    // Another writer filled the list between our read and our update: look again.
    if (Number(claimed.numUpdatedRows) !== 1) continue;

    const taken = await tx.db
      .selectFrom('status_entries')
      .select('status_index')
      .where('list_id', '=', list.id)
      .execute();
    const picks = randomIndexAllocator({ length: list.size, taken: taken.map((row) => row.status_index) }).take(take);
    const reservedAt = timestamp(tx);
    for (let i = 0; i < picks.length; i += 500) {
      await tx.db
        .insertInto('status_entries')
        .values(
          picks.slice(i, i + 500).map((index) => ({
            tenant_id: tenantId,
            list_id: list.id,
            status_index: index,
            credential_id: null,
            reserved_at: reservedAt,
          })),
        )
        .execute();
    }
    for (const index of picks) slots.push({ purpose, listId: list.id, index });
  }
  return slots;
}

async function createList(
  tx: StoreContext,
  tenantId: string,
  purpose: StatusListPurpose,
  size: number,
  profile: StoredProfile,
): Promise<{ id: string; size: number; allocated: number }> {
  // seq counts all of a tenant's lists of the purpose, whatever their profile: the unique
  // (tenant, purpose, seq) still makes two writers creating "the next list" collide.
  const last = await tx.db
    .selectFrom('status_lists')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('tenant_id', '=', tenantId)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  const now = timestamp(tx);
  const row: StatusListsTable = {
    id: randomUUID(),
    tenant_id: tenantId,
    purpose,
    seq: Number(last?.seq ?? 0) + 1,
    size,
    allocated: 0,
    bits: Buffer.alloc((size * profile.status_size) / 8).toString('base64'),
    version: 1,
    created_at: now,
    updated_at: now,
    ...profile,
  };
  await tx.db.insertInto('status_lists').values(row).execute();
  return { id: row.id, size: row.size, allocated: 0 };
}

export async function getStatusList(
  ctx: StoreContext,
  tenantId: string,
  listId: string,
): Promise<StatusListSnapshot | undefined> {
  const row = await ctx.db
    .selectFrom('status_lists')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', listId)
    .executeTakeFirst();
  if (!row) return undefined;
  const bits = bitsOf(row);
  return {
    id: row.id,
    tenantId: row.tenant_id,
    purpose: row.purpose,
    statusSize: row.status_size,
    statusMessages: row.status_messages === null ? null : (JSON.parse(row.status_messages) as StatusMessage[]),
    statusReference: row.status_reference === null ? null : (JSON.parse(row.status_reference) as string | string[]),
    size: row.size,
    allocated: row.allocated,
    version: row.version,
    updatedAt: row.updated_at,
    bits,
    encodedList: await encodeList(bits),
  };
}

export async function listStatusLists(ctx: StoreContext, tenantId: string): Promise<StatusListInfo[]> {
  const rows = await ctx.db
    .selectFrom('status_lists')
    .select(['id', 'purpose', 'status_size', 'seq', 'size', 'allocated', 'version', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('purpose')
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    purpose: row.purpose,
    statusSize: row.status_size,
    seq: row.seq,
    size: row.size,
    allocated: row.allocated,
    version: row.version,
    updatedAt: row.updated_at,
  }));
}

function bitsOf(row: { bits: string; size: number; status_size: number }): Bitstring {
  return new Bitstring({ bytes: new Uint8Array(Buffer.from(row.bits, 'base64')), length: row.size, statusSize: row.status_size });
}

/**
 * Sets one entry's value (a bit, or for a message list statusSize bits) inside the caller's
 * transaction and bumps the list version. On PostgreSQL the row is locked while read: without the
 * lock, two concurrent changes in the same list would each write back a copy lacking the other's.
 * FOR NO KEY UPDATE (not FOR UPDATE) because the key does not change, so concurrent reservations'
 * foreign-key checks on the list row (FOR KEY SHARE) are not blocked.
 */
export async function writeStatusValue(
  tx: StoreContext,
  tenantId: string,
  slot: StatusSlot,
  value: number,
): Promise<{ listId: string; version: number; changed: boolean; previous: number; statusSize: number }> {
  let query = tx.db
    .selectFrom('status_lists')
    .select(['bits', 'size', 'version', 'status_size'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', slot.listId);
  if (tx.dialect === 'postgres') query = query.forNoKeyUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new StorageError('ERR_NOT_FOUND', `status list ${slot.listId} not found`);
  const bits = bitsOf(row);
  const previous = bits.getValue(slot.index);
  const unchanged = { listId: slot.listId, version: row.version, changed: false, previous, statusSize: row.status_size };
  if (previous === value) return unchanged;
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** row.status_size) {
    throw new StorageError('ERR_INVALID_INPUT', `status value ${value} does not fit in ${row.status_size} bit${row.status_size === 1 ? '' : 's'}`);
  }
  bits.setValue(slot.index, value);
  const updated = await tx.db
    .updateTable('status_lists')
    .set({ bits: Buffer.from(bits.bytes).toString('base64'), version: row.version + 1, updated_at: timestamp(tx) })
    .where('id', '=', slot.listId)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) {
    // Unreachable while the lock above holds; kept so a future code path without it fails loudly, not silently.
    throw new StorageError('ERR_CONFLICT', `status list ${slot.listId} changed concurrently`);
  }
  return { ...unchanged, version: row.version + 1, changed: true };
}

/** Sets one bit of a one-bit (revocation or suspension) list; see writeStatusValue. */
export async function writeBit(
  tx: StoreContext,
  tenantId: string,
  slot: StatusSlot,
  value: boolean,
): Promise<{ listId: string; version: number; changed: boolean }> {
  const { listId, version, changed } = await writeStatusValue(tx, tenantId, slot, value ? 1 : 0);
  return { listId, version, changed };
}

/**
 * The published list's owner and version, by list id alone: list URLs are
 * public and name no tenant. Cheap enough to run on every download, so a
 * cached signed list is served without reading the bits.
 */
export async function getStatusListHead(
  ctx: StoreContext,
  listId: string,
): Promise<{ tenantId: string; purpose: StatusListPurpose; version: number; updatedAt: string } | undefined> {
  const row = await ctx.db
    .selectFrom('status_lists')
    .select(['tenant_id', 'purpose', 'version', 'updated_at'])
    .where('id', '=', listId)
    .executeTakeFirst();
  return row && { tenantId: row.tenant_id, purpose: row.purpose, version: row.version, updatedAt: row.updated_at };
}
