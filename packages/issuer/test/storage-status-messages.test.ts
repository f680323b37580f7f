/**
 * Status-message lists in storage, on SQLite and PostgreSQL: lists of statusSize bits per entry,
 * one series per set of messages a credential commits to, values set without touching any other
 * entry or the credential's revocation and suspension, and the migration that brings an existing
 * database (with its revocation and suspension lists) to them without losing a bit.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationProvider } from '../src/storage/migrations.ts';
import { openStore, StorageError, type MessageListProfile, type StatusReservation, type Store } from '../src/storage/index.ts';
import { createTestDatabase, probePostgres } from './support/postgres.ts';

const postgres = await probePostgres();

const MESSAGES = [
  { status: '0x0', message: 'pending_review' },
  { status: '0x1', message: 'accepted' },
  { status: '0x2', message: 'rejected' },
  { status: '0x3', message: 'undefined' },
];
const TWO_BITS: MessageListProfile = { statusSize: 2, statusMessages: MESSAGES, statusReference: 'https://issuer.example/status-codes' };
// Small lists keep the tests fast; the service always uses 131,072 entries.
const LIST_SIZE = 1024;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StorageError);
    return (error as StorageError).code;
  }
  throw new Error('expected a StorageError');
}

async function newTenant(store: Store): Promise<string> {
  const id = `t-${randomUUID().slice(0, 8)}`;
  await store.tenants.create({ id, name: 'Tenant' });
  return id;
}

async function issueWith(store: Store, tenantId: string, reservation: StatusReservation): Promise<string> {
  const id = `urn:uuid:${randomUUID()}`;
  await store.insertIssuedCredentials(tenantId, [
    {
      id,
      certificateNumber: `C-${randomUUID().slice(0, 12)}`,
      format: 'ldp_vc',
      credential: { id },
      statusEntries: [reservation.revocation, reservation.suspension, ...(reservation.message ? [reservation.message] : [])],
    },
  ]);
  return id;
}

interface Backend {
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

function suite(name: string, setup: () => Promise<Backend>) {
  describe(name, () => {
    let backend: Backend;
    let store: Store;

    beforeAll(async () => {
      backend = await setup();
      store = await backend.open();
      await store.migrate();
    });

    afterAll(async () => {
      await store?.close();
      await backend?.dispose();
    });

    it('reserves a message slot beside revocation and suspension, one series of lists per set of commitments', async () => {
      const tenant = await newTenant(store);
      const first = await store.reserveStatusIndexes(tenant, 3, { listSize: LIST_SIZE, message: TWO_BITS });
      const same = await store.reserveStatusIndexes(tenant, 2, { listSize: LIST_SIZE, message: { ...TWO_BITS } });
      const otherReference = await store.reserveStatusIndexes(tenant, 1, { listSize: LIST_SIZE, message: { ...TWO_BITS, statusReference: ['https://elsewhere.example/codes'] } });
      const plain = await store.reserveStatusIndexes(tenant, 1, { listSize: LIST_SIZE });
      expect(plain[0]?.message).toBeUndefined();
      const messageLists = new Set([...first, ...same].map((r) => r.message?.listId));
      expect(messageLists.size).toBe(1);
      expect(otherReference[0]?.message?.listId).not.toBe([...messageLists][0]);
      const indexes = [...first, ...same].map((r) => r.message!.index);
      expect(new Set(indexes).size).toBe(5);
      expect(indexes.every((i) => i >= 0 && i < LIST_SIZE)).toBe(true);

      const lists = await store.listStatusLists(tenant);
      expect(lists.map((l) => [l.purpose, l.statusSize, l.allocated])).toEqual([
        ['message', 2, 5],
        ['message', 2, 1],
        ['revocation', 1, 7],
        ['suspension', 1, 7],
      ]);
      const snapshot = await store.getStatusList(tenant, first[0]!.message!.listId);
      expect(snapshot).toMatchObject({ purpose: 'message', statusSize: 2, statusMessages: MESSAGES, statusReference: TWO_BITS.statusReference });
      // LIST_SIZE entries of 2 bits each.
      expect(snapshot?.bits.bytes.length).toBe((LIST_SIZE * 2) / 8);
    });

    it('refuses a statusSize the lists cannot hold', async () => {
      const tenant = await newTenant(store);
      expect(await codeOf(store.reserveStatusIndexes(tenant, 1, { listSize: LIST_SIZE, message: { ...TWO_BITS, statusSize: 9 } }))).toBe('ERR_INVALID_INPUT');
    });

    it('sets a value in the entry\'s own bits only, bumps the version and writes the audit row', async () => {
      const tenant = await newTenant(store);
      const reservations = await store.reserveStatusIndexes(tenant, 3, { listSize: LIST_SIZE, message: TWO_BITS });
      const [a, b, c] = await Promise.all(reservations.map((r) => issueWith(store, tenant, r)));
      const listId = reservations[0]!.message!.listId;
      const before = (await store.getStatusList(tenant, listId))!.version;

      await store.setStatusMessage(tenant, a!, 3);
      const result = await store.setStatusMessage(tenant, b!, 2, { actor: 'token-1', reason: 'assessment appealed' });
      expect(result).toMatchObject({ credentialId: b, previousValue: 0, value: 2, statusSize: 2, changed: true, version: before + 2, statusMessages: MESSAGES });

      const list = (await store.getStatusList(tenant, listId))!;
      expect(list.bits.getValue(reservations[0]!.message!.index)).toBe(3);
      expect(list.bits.getValue(reservations[1]!.message!.index)).toBe(2);
      expect(list.bits.getValue(reservations[2]!.message!.index)).toBe(0);
      // Nothing else in the list is set: 3 (0b11) and 2 (0b10) are three bits.
      expect(list.bits.bytes.reduce((n, byte) => n + byte.toString(2).replaceAll('0', '').length, 0)).toBe(3);

      const again = await store.setStatusMessage(tenant, b!, 2);
      expect(again).toMatchObject({ changed: false, version: before + 2 });
      const audit = await store.audit.listByCredential(tenant, b!);
      expect(audit.filter((e) => e.action === 'set-status-message').map((e) => [e.details, e.reason, e.actor])).toEqual([
        [{ from: '0x0', to: '0x2', listId, index: reservations[1]!.message!.index }, 'assessment appealed', 'token-1'],
      ]);
      // The credential's own status is not the message's business.
      expect((await store.credentials.get(tenant, c!))?.status).toBe('active');
    });

    it('keeps the message when the credential is revoked, and revoking keeps the message list as it was', async () => {
      const tenant = await newTenant(store);
      const [reservation] = await store.reserveStatusIndexes(tenant, 1, { listSize: LIST_SIZE, message: TWO_BITS });
      const id = await issueWith(store, tenant, reservation!);
      await store.setStatusMessage(tenant, id, 1);
      const revoked = await store.setStatus(tenant, id, 'revoked');
      expect(revoked.lists.map((l) => l.purpose)).toEqual(['revocation']);
      const list = (await store.getStatusList(tenant, reservation!.message!.listId))!;
      expect(list.bits.getValue(reservation!.message!.index)).toBe(1);
      // A message can still be set on a revoked credential: the list says what the issuer says.
      expect((await store.setStatusMessage(tenant, id, 2)).changed).toBe(true);
      expect((await store.credentials.get(tenant, id))?.statusEntries.map((e) => e.purpose).sort()).toEqual(['message', 'revocation', 'suspension']);
    });

    it('refuses a value wider than the entry, a credential without a message entry and an unknown credential', async () => {
      const tenant = await newTenant(store);
      const [withMessage] = await store.reserveStatusIndexes(tenant, 1, { listSize: LIST_SIZE, message: TWO_BITS });
      const [without] = await store.reserveStatusIndexes(tenant, 1, { listSize: LIST_SIZE });
      const a = await issueWith(store, tenant, withMessage!);
      const b = await issueWith(store, tenant, without!);
      expect(await codeOf(store.setStatusMessage(tenant, a, 4))).toBe('ERR_INVALID_INPUT');
      expect(await codeOf(store.setStatusMessage(tenant, a, -1))).toBe('ERR_INVALID_INPUT');
      expect(await codeOf(store.setStatusMessage(tenant, b, 1))).toBe('ERR_INVALID_STATUS_TRANSITION');
      expect(await codeOf(store.setStatusMessage(tenant, 'urn:uuid:00000000-0000-4000-8000-000000000000', 1))).toBe('ERR_NOT_FOUND');
      // Another tenant cannot reach the credential.
      expect(await codeOf(store.setStatusMessage(await newTenant(store), a, 1))).toBe('ERR_NOT_FOUND');
    });

    it('brings a database of migration 0004, lists and all, to 0005 without changing a bit', async () => {
      {
        // A second database of its own: the store above is already at the latest migration.
        const fresh = await freshBackend(name);
        const db = await fresh.open();
        try {
          const to0004 = await new Migrator({ db: db.db, provider: migrationProvider(db.dialect) }).migrateTo('0004_wallet');
          expect(to0004.error).toBeUndefined();
          const tenant = await newTenant(db);
          // Reservation as 0004 knew it: written by hand, since today's code names the new columns.
          const listId = randomUUID();
          const bits = Buffer.alloc(LIST_SIZE / 8);
          bits[3] = 0b0010_0000;
          const now = new Date().toISOString();
          await db.db
            .insertInto('status_lists')
            .values({ id: listId, tenant_id: tenant, purpose: 'revocation', seq: 1, size: LIST_SIZE, allocated: 1, bits: bits.toString('base64'), version: 2, created_at: now, updated_at: now } as never)
            .execute();
          await db.db.insertInto('status_entries').values({ tenant_id: tenant, list_id: listId, status_index: 26, credential_id: null, reserved_at: now }).execute();

          expect(await db.migrate()).toEqual(['0005_status_messages']);
          const row = await db.db.selectFrom('status_lists').selectAll().where('id', '=', listId).executeTakeFirstOrThrow();
          expect(row).toMatchObject({ purpose: 'revocation', size: LIST_SIZE, allocated: 1, bits: bits.toString('base64'), version: 2, status_size: 1, status_messages: null, status_reference: null });
          expect((await db.getStatusList(tenant, listId))?.bits.get(26)).toBe(true);
          // The foreign key from status_entries to status_lists still holds after the rebuild.
          await expect(
            db.db.insertInto('status_entries').values({ tenant_id: tenant, list_id: randomUUID(), status_index: 1, credential_id: null, reserved_at: now }).execute(),
          ).rejects.toThrow();
          // And the constraints of 0005 are there: a revocation list stays one bit.
          await expect(db.db.updateTable('status_lists').set({ status_size: 2 }).where('id', '=', listId).execute()).rejects.toThrow();
          // New reservations continue the old list.
          const [next] = await db.reserveStatusIndexes(tenant, 1, { listSize: LIST_SIZE });
          expect(next?.revocation.listId).toBe(listId);
        } finally {
          await db.close();
          await fresh.dispose();
        }
      }
    });
  });
}

const backends: Record<string, () => Promise<Backend>> = {
  'status messages on SQLite': async () => {
    const dir = mkdtempSync(join(tmpdir(), 'microcred-messages-'));
    const file = join(dir, 'test.sqlite');
    return { open: () => openStore({ file }), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};
if (postgres.available) {
  backends['status messages on PostgreSQL'] = async () => {
    const database = await createTestDatabase(postgres.serverUrl, 'messages');
    return { open: () => openStore({ url: database.url }), dispose: () => database.drop() };
  };
}

function freshBackend(name: string): Promise<Backend> {
  return backends[name]!();
}

for (const [name, setup] of Object.entries(backends)) suite(name, setup);

if (postgres.available) {
  describe('status messages on PostgreSQL, two concurrent writers', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let first: Store;
    let second: Store;

    beforeAll(async () => {
      database = await createTestDatabase(postgres.serverUrl, 'messages_concurrent');
      first = await openStore({ url: database.url });
      second = await openStore({ url: database.url });
      await first.migrate();
    });

    afterAll(async () => {
      await first?.close();
      await second?.close();
      await database?.drop();
    });

    it('loses no value when two processes set messages in the same list at once', async () => {
      const tenant = await newTenant(first);
      const reservations = await first.reserveStatusIndexes(tenant, 40, { listSize: LIST_SIZE, message: TWO_BITS });
      const ids = await Promise.all(reservations.map((r) => issueWith(first, tenant, r)));
      await Promise.all(ids.map((id, i) => (i % 2 === 0 ? first : second).setStatusMessage(tenant, id, (i % 3) + 1)));
      const list = (await first.getStatusList(tenant, reservations[0]!.message!.listId))!;
      expect(reservations.map((r) => list.bits.getValue(r.message!.index))).toEqual(ids.map((_, i) => (i % 3) + 1));
      expect(list.version).toBe(1 + 40);
    });
  });
} else {
  describe('status messages on PostgreSQL', () => {
    it.skip(`skipped: ${postgres.reason}`, () => {});
  });
}
