import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Bitstring,
  buildStatusEntry,
  buildStatusListCredential,
  readStatus,
} from '@microcred/status-list';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openStore,
  StorageError,
  type NewCredentialRecord,
  type OpenStoreOptions,
  type StatusReservation,
  type Store,
} from '../src/storage/index.ts';
import { createTestDatabase, probePostgres } from './support/postgres.ts';

interface Backend {
  open(options?: Pick<OpenStoreOptions, 'now'>): Promise<Store>;
  dispose(): Promise<void>;
}

const postgres = await probePostgres();

async function storageErrorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StorageError);
    return (error as StorageError).code;
  }
  throw new Error('expected a StorageError');
}

let tenantCounter = 0;
async function newTenant(store: Store, name = 'Tenant'): Promise<string> {
  tenantCounter += 1;
  const id = `t${tenantCounter}-${randomUUID().slice(0, 8)}`;
  await store.tenants.create({ id, name });
  return id;
}

function credentialFor(reservation: StatusReservation | undefined, overrides: Partial<NewCredentialRecord> = {}): NewCredentialRecord {
  const id = `urn:uuid:${randomUUID()}`;
  return {
    id,
    certificateNumber: `CERT-${randomUUID().slice(0, 13)}`,
    learnerId: 'learner-1',
    learnerName: 'Ada Lovelace',
    format: 'ldp_vc',
    credential: { id, type: ['VerifiableCredential'], proof: { type: 'DataIntegrityProof' } },
    ...(reservation ? { statusEntries: [reservation.revocation, reservation.suspension] } : {}),
    ...overrides,
  };
}

async function issueOne(store: Store, tenantId: string, overrides: Partial<NewCredentialRecord> = {}) {
  const [reservation] = await store.reserveStatusIndexes(tenantId, 1);
  const record = credentialFor(reservation, overrides);
  await store.insertIssuedCredentials(tenantId, [record], { actor: 'token-1' });
  return { record, reservation: reservation as StatusReservation };
}

function setBits(bits: Bitstring): number[] {
  const set: number[] = [];
  bits.bytes.forEach((byte, i) => {
    for (let b = 0; b < 8; b++) if (byte & (0x80 >> b)) set.push(i * 8 + b);
  });
  return set;
}

function storageSuite(name: string, setup: () => Promise<Backend>) {
  describe(name, () => {
    let backend: Backend;
    let store: Store;
    let firstMigration: string[];

    beforeAll(async () => {
      backend = await setup();
      store = await backend.open();
      firstMigration = await store.migrate();
    });

    afterAll(async () => {
      await store?.close();
      await backend?.dispose();
    });

    it('migrates once; migrating again (also from a second connection) is a no-op', async () => {
      expect(firstMigration).toEqual(['0001_initial', '0002_share_tokens_and_idempotent_items', '0003_share_links', '0004_wallet', '0005_status_messages']);
      expect(await store.migrate()).toEqual([]);
      const other = await backend.open();
      try {
        expect(await other.migrate()).toEqual([]);
      } finally {
        await other.close();
      }
    });

    it('creates, reads, lists and updates tenants', async () => {
      const id = await newTenant(store, 'Acme Academy');
      expect(await store.tenants.get(id)).toMatchObject({ id, name: 'Acme Academy', did: null, defaultLanguage: 'en' });
      const updated = await store.tenants.update(id, { did: 'did:web:acme.example', defaultLanguage: 'de' });
      expect(updated).toMatchObject({ id, name: 'Acme Academy', did: 'did:web:acme.example', defaultLanguage: 'de' });
      expect((await store.tenants.list()).map((t) => t.id)).toContain(id);
      expect(await store.tenants.get('no-such-tenant')).toBeUndefined();
      expect(await storageErrorCode(store.tenants.create({ id, name: 'again' }))).toBe('ERR_CONFLICT');
      expect(await storageErrorCode(store.tenants.create({ id: 'Not A Slug', name: 'x' }))).toBe('ERR_INVALID_INPUT');
      expect(await storageErrorCode(store.tenants.update('no-such-tenant', { name: 'x' }))).toBe('ERR_NOT_FOUND');
    });

    it('stores only the hash of API tokens, finds them by hash and forgets revoked ones', async () => {
      const a = await newTenant(store);
      const b = await newTenant(store);
      const secret = `mc_${randomUUID()}`;
      const hash = createHash('sha256').update(secret).digest('hex');
      const token = await store.apiTokens.create(a, { token: secret, scopes: 'issue manage', label: 'CI' });
      expect(token).toMatchObject({ tenantId: a, tokenHash: hash, scopes: ['issue', 'manage'], label: 'CI', revokedAt: null });
      const stored = await store.db.selectFrom('api_tokens').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow();
      expect(Object.values(stored)).not.toContain(secret);

      expect(await store.apiTokens.findByHash(hash)).toMatchObject({ id: token.id, tenantId: a });
      expect((await store.apiTokens.list(a)).map((t) => t.id)).toEqual([token.id]);
      expect(await store.apiTokens.list(b)).toEqual([]);
      expect(await store.apiTokens.revoke(b, token.id)).toBe(false);
      expect(await store.apiTokens.revoke(a, token.id)).toBe(true);
      expect(await store.apiTokens.revoke(a, token.id)).toBe(false);
      expect(await store.apiTokens.findByHash(hash)).toBeUndefined();
      expect((await store.apiTokens.list(a))[0]?.revokedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    });

    it('adds keys, keeps one active key per type and rotates atomically', async () => {
      const a = await newTenant(store);
      const b = await newTenant(store);
      const first = { id: `did:web:${a}.example#key-1`, keyType: 'Ed25519', publicKey: { publicKeyMultibase: 'z6Mk1' }, privateKey: 'secret-1' };
      await store.keys.add(a, first);
      expect(
        await storageErrorCode(store.keys.add(a, { ...first, id: `did:web:${a}.example#key-x` })),
      ).toBe('ERR_CONFLICT');

      const second = { id: `did:web:${a}.example#key-2`, keyType: 'Ed25519', publicKey: { publicKeyMultibase: 'z6Mk2' }, privateKey: 'secret-2' };
      const rotated = await store.keys.rotate(a, second, { actor: 'token-9' });
      expect(rotated.retired).toEqual([first.id]);
      expect(await store.keys.getActive(a, 'Ed25519')).toMatchObject({ id: second.id, privateKey: 'secret-2', status: 'active' });

      const listed = await store.keys.list(a);
      expect(listed.map((k) => [k.id, k.status])).toEqual([
        [first.id, 'retired'],
        [second.id, 'active'],
      ]);
      expect(listed.every((k) => !('privateKey' in k))).toBe(true);
      expect(listed[0]?.publicKey).toEqual({ publicKeyMultibase: 'z6Mk1' });

      expect(await store.keys.get(b, second.id)).toBeUndefined();
      expect(await store.keys.list(b)).toEqual([]);
      expect(await store.keys.retire(b, second.id)).toBe(false);
      expect(await store.keys.retire(a, second.id)).toBe(true);
      expect(await store.keys.getActive(a)).toBeUndefined();
      const audit = await store.db.selectFrom('audit_log').select(['action', 'actor']).where('tenant_id', '=', a).execute();
      expect(audit).toEqual([{ action: 'key-rotate', actor: 'token-9' }]);
    });

    it('isolates tenants: tenant B cannot read or change tenant A data', async () => {
      const a = await newTenant(store);
      const b = await newTenant(store);
      const { record, reservation } = await issueOne(store, a);

      expect((await store.credentials.get(a, record.id))?.id).toBe(record.id);
      expect(await store.credentials.get(b, record.id)).toBeUndefined();
      expect(await store.credentials.findStatusByCertificateNumber(b, record.certificateNumber)).toBeUndefined();
      expect((await store.credentials.list(b)).items).toEqual([]);
      expect(await store.audit.listByCredential(b, record.id)).toEqual([]);
      expect(await store.getStatusList(b, reservation.revocation.listId)).toBeUndefined();
      expect(await storageErrorCode(store.setStatus(b, record.id, 'revoked'))).toBe('ERR_NOT_FOUND');
      expect((await store.credentials.get(a, record.id))?.status).toBe('active');

      // B may not attach its credential to A's reserved (or used) status slots.
      const [spare] = await store.reserveStatusIndexes(a, 1);
      expect(await storageErrorCode(store.insertIssuedCredentials(b, [credentialFor(spare)]))).toBe(
        'ERR_RESERVATION_INVALID',
      );
      // Nor renew A's credential.
      expect(
        await storageErrorCode(store.insertIssuedCredentials(b, [credentialFor(undefined, { renews: record.id })])),
      ).toBe('ERR_NOT_FOUND');
    });

    it('allocates 10,000 unique in-range indexes on both lists', async () => {
      const tenant = await newTenant(store);
      const reservations = await store.reserveStatusIndexes(tenant, 10_000);
      expect(reservations).toHaveLength(10_000);
      for (const purpose of ['revocation', 'suspension'] as const) {
        const slots = reservations.map((r) => r[purpose]);
        expect(slots.every((s) => s.purpose === purpose)).toBe(true);
        expect(new Set(slots.map((s) => s.listId)).size).toBe(1);
        const indexes = slots.map((s) => s.index);
        expect(new Set(indexes).size).toBe(10_000);
        expect(indexes.every((i) => Number.isInteger(i) && i >= 0 && i < 131_072)).toBe(true);
      }
      expect(reservations[0]?.revocation.listId).not.toBe(reservations[0]?.suspension.listId);
      const lists = await store.listStatusLists(tenant);
      expect(lists.map((l) => [l.purpose, l.seq, l.size, l.allocated])).toEqual([
        ['revocation', 1, 131_072, 10_000],
        ['suspension', 1, 131_072, 10_000],
      ]);
      const rows = await store.db
        .selectFrom('status_entries')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', tenant)
        .executeTakeFirstOrThrow();
      expect(Number(rows.n)).toBe(20_000);
    });

    it('never reuses indexes reserved by an issuance that crashed before inserting', async () => {
      const tenant = await newTenant(store);
      const abandoned = await store.reserveStatusIndexes(tenant, 300);
      const later = await store.reserveStatusIndexes(tenant, 3_000);
      for (const purpose of ['revocation', 'suspension'] as const) {
        const burnt = new Set(abandoned.map((r) => r[purpose].index));
        expect(later.some((r) => burnt.has(r[purpose].index))).toBe(false);
      }
      expect((await store.listStatusLists(tenant)).map((l) => l.allocated)).toEqual([3_300, 3_300]);
    });

    it('starts a new list when the current one is full', async () => {
      const tenant = await newTenant(store);
      const reservations = await store.reserveStatusIndexes(tenant, 20, { listSize: 16, chunkSize: 7 });
      const lists = await store.listStatusLists(tenant);
      expect(lists.map((l) => [l.purpose, l.seq, l.allocated])).toEqual([
        ['revocation', 1, 16],
        ['revocation', 2, 4],
        ['suspension', 1, 16],
        ['suspension', 2, 4],
      ]);
      const keys = reservations.map((r) => `${r.revocation.listId}#${r.revocation.index}`);
      expect(new Set(keys).size).toBe(20);
    });

    it('issues in chunks with build callbacks and links the reserved slots', async () => {
      const tenant = await newTenant(store);
      const learners = ['Anna', 'Bo', 'Cleo', 'Dan', 'Eve'];
      const issued = await store.issueCredentialRecords(tenant, learners, {
        allocate: true,
        chunkSize: 2,
        actor: 'token-7',
        build: (learner, reservation) => ({
          ...credentialFor(undefined, { learnerName: learner, learnerId: learner.toLowerCase() }),
          credential: {
            credentialStatus: [
              { statusListIndex: String(reservation.revocation.index), statusPurpose: 'revocation' },
              { statusListIndex: String(reservation.suspension.index), statusPurpose: 'suspension' },
            ],
          },
        }),
      });
      expect(issued).toHaveLength(5);
      for (const item of issued) {
        const stored = await store.credentials.get(tenant, item.id);
        expect(stored?.statusEntries).toEqual(item.statusEntries);
        expect(stored?.credential).toEqual({
          credentialStatus: item.statusEntries.map((s) => ({ statusListIndex: String(s.index), statusPurpose: s.purpose })),
        });
        const audit = await store.audit.listByCredential(tenant, item.id);
        expect(audit.map((e) => [e.action, e.actor])).toEqual([['issue', 'token-7']]);
      }
      const unlinked = await store.db
        .selectFrom('status_entries')
        .select('status_index')
        .where('tenant_id', '=', tenant)
        .where('credential_id', 'is', null)
        .execute();
      expect(unlinked).toEqual([]);
    });

    it('setStatus flips exactly the credential bit, bumps the list version and audits', async () => {
      const tenant = await newTenant(store);
      const { record, reservation } = await issueOne(store, tenant);
      const other = await issueOne(store, tenant);
      const revocationBefore = await store.getStatusList(tenant, reservation.revocation.listId);
      const suspensionBefore = await store.getStatusList(tenant, reservation.suspension.listId);

      const result = await store.setStatus(tenant, record.id, 'revoked', { actor: 'token-2', reason: 'fraud' });
      expect(result).toEqual({
        credentialId: record.id,
        previousStatus: 'active',
        status: 'revoked',
        changed: true,
        lists: [
          {
            listId: reservation.revocation.listId,
            purpose: 'revocation',
            index: reservation.revocation.index,
            version: (revocationBefore?.version ?? 0) + 1,
          },
        ],
      });

      const revocation = await store.getStatusList(tenant, reservation.revocation.listId);
      expect(setBits(revocation!.bits)).toEqual([reservation.revocation.index]);
      expect(revocation?.version).toBe((revocationBefore?.version ?? 0) + 1);
      const suspension = await store.getStatusList(tenant, reservation.suspension.listId);
      expect(setBits(suspension!.bits)).toEqual([]);
      expect(suspension?.version).toBe(suspensionBefore?.version);

      // The published list reads back through the status-list package.
      const listUrl = `https://issuer.example/${tenant}/status/${revocation!.id}`;
      const listCredential = buildStatusListCredential({
        id: listUrl,
        issuer: 'did:web:issuer.example',
        statusPurpose: 'revocation',
        encodedList: revocation!.encodedList,
      });
      const entryOf = (index: number) =>
        buildStatusEntry({ statusListCredential: listUrl, statusListIndex: index, statusPurpose: 'revocation' });
      expect((await readStatus(entryOf(reservation.revocation.index), listCredential)).status).toBe(1);
      expect((await readStatus(entryOf(other.reservation.revocation.index), listCredential)).status).toBe(0);

      expect((await store.credentials.get(tenant, record.id))?.status).toBe('revoked');
      expect((await store.credentials.get(tenant, other.record.id))?.status).toBe('active');
      const audit = await store.audit.listByCredential(tenant, record.id);
      expect(audit.map((e) => [e.action, e.actor, e.reason])).toEqual([
        ['issue', 'token-1', null],
        ['revoke', 'token-2', 'fraud'],
      ]);
      expect(audit[1]?.details).toEqual({ from: 'active', to: 'revoked' });
    });

    it('suspends and reinstates via the suspension list; revoking clears the suspension bit', async () => {
      const tenant = await newTenant(store);
      const { record, reservation } = await issueOne(store, tenant);
      await store.setStatus(tenant, record.id, 'suspended', { reason: 'investigation' });
      let suspension = await store.getStatusList(tenant, reservation.suspension.listId);
      expect(setBits(suspension!.bits)).toEqual([reservation.suspension.index]);
      expect((await store.credentials.get(tenant, record.id))?.effectiveStatus).toBe('suspended');

      const again = await store.setStatus(tenant, record.id, 'suspended');
      expect(again.changed).toBe(false);

      await store.setStatus(tenant, record.id, 'active');
      suspension = await store.getStatusList(tenant, reservation.suspension.listId);
      expect(setBits(suspension!.bits)).toEqual([]);

      await store.setStatus(tenant, record.id, 'suspended');
      await store.setStatus(tenant, record.id, 'revoked');
      suspension = await store.getStatusList(tenant, reservation.suspension.listId);
      const revocation = await store.getStatusList(tenant, reservation.revocation.listId);
      expect(setBits(suspension!.bits)).toEqual([]);
      expect(setBits(revocation!.bits)).toEqual([reservation.revocation.index]);
      expect((await store.audit.listByCredential(tenant, record.id)).map((e) => e.action)).toEqual([
        'issue',
        'suspend',
        'reinstate',
        'suspend',
        'revoke',
      ]);
    });

    it('treats revocation as final', async () => {
      const tenant = await newTenant(store);
      const { record, reservation } = await issueOne(store, tenant);
      await store.setStatus(tenant, record.id, 'revoked');
      const before = await store.getStatusList(tenant, reservation.revocation.listId);
      expect(await storageErrorCode(store.setStatus(tenant, record.id, 'active'))).toBe('ERR_CREDENTIAL_REVOKED');
      expect(await storageErrorCode(store.setStatus(tenant, record.id, 'suspended'))).toBe('ERR_CREDENTIAL_REVOKED');
      expect((await store.setStatus(tenant, record.id, 'revoked')).changed).toBe(false);
      const after = await store.getStatusList(tenant, reservation.revocation.listId);
      expect(after?.version).toBe(before?.version);
      expect((await store.credentials.get(tenant, record.id))?.status).toBe('revoked');
      expect((await store.audit.listByCredential(tenant, record.id)).map((e) => e.action)).toEqual(['issue', 'revoke']);
    });

    it('supersedes a renewed credential, which can then only be revoked', async () => {
      const tenant = await newTenant(store);
      const old = await issueOne(store, tenant);
      const renewal = await issueOne(store, tenant, { renews: old.record.id });
      expect((await store.credentials.get(tenant, old.record.id))?.status).toBe('superseded');
      expect((await store.credentials.get(tenant, renewal.record.id))?.renews).toBe(old.record.id);
      expect((await store.audit.listByCredential(tenant, old.record.id)).map((e) => e.action)).toEqual(['issue', 'supersede']);
      expect((await store.audit.listByCredential(tenant, renewal.record.id)).map((e) => e.action)).toEqual(['recertify']);
      expect(await storageErrorCode(store.setStatus(tenant, old.record.id, 'suspended'))).toBe(
        'ERR_INVALID_STATUS_TRANSITION',
      );
      expect((await store.setStatus(tenant, old.record.id, 'revoked')).status).toBe('revoked');
    });

    it('searches by learner and status, derives expiry and pages', async () => {
      const tenant = await newTenant(store);
      const past = new Date(Date.now() - 86_400_000).toISOString();
      const future = new Date(Date.now() + 86_400_000).toISOString();
      const muller = await issueOne(store, tenant, { learnerId: 'L-1', learnerName: 'Jürgen Müller', validUntil: past });
      const smith = await issueOne(store, tenant, { learnerId: 'L-2', learnerName: 'Anna Smith', validUntil: future });
      const percent = await issueOne(store, tenant, { learnerId: 'L-3', learnerName: '100% Smith' });
      await store.setStatus(tenant, smith.record.id, 'revoked');

      const ids = async (query: Parameters<Store['credentials']['list']>[1]) =>
        (await store.credentials.list(tenant, query)).items.map((c) => c.id).sort();
      expect(await ids({ learner: 'MULLER' })).toEqual([muller.record.id]);
      expect(await ids({ learner: 'L-2' })).toEqual([smith.record.id]);
      expect(await ids({ learner: 'smith' })).toEqual([smith.record.id, percent.record.id].sort());
      // A % in the query is a literal character, not a wildcard.
      expect(await ids({ learner: '%' })).toEqual([percent.record.id]);
      expect(await ids({ status: 'expired' })).toEqual([muller.record.id]);
      expect(await ids({ status: 'revoked' })).toEqual([smith.record.id]);
      expect(await ids({ status: 'active' })).toEqual([percent.record.id]);

      expect(await store.credentials.findStatusByCertificateNumber(tenant, muller.record.certificateNumber)).toEqual({
        status: 'expired',
      });
      expect(await store.credentials.findStatusByCertificateNumber(tenant, smith.record.certificateNumber)).toEqual({
        status: 'revoked',
      });
      expect(await store.credentials.findStatusByCertificateNumber(tenant, 'NOPE')).toBeUndefined();

      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 5; page++) {
        const result = await store.credentials.list(tenant, { limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...result.items.map((c) => c.id));
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      expect(seen.sort()).toEqual([muller.record.id, smith.record.id, percent.record.id].sort());
      expect(await storageErrorCode(store.credentials.list(tenant, { cursor: 'garbage' }))).toBe('ERR_INVALID_INPUT');
    });

    it('records idempotency keys: claim once, replay, refuse a different request', async () => {
      const a = await newTenant(store);
      const b = await newTenant(store);
      expect(await store.idempotency.begin(a, 'key-1', 'hash-1')).toEqual({ state: 'started' });
      expect(await store.idempotency.begin(a, 'key-1', 'hash-1')).toEqual({ state: 'in-progress' });
      expect(await store.idempotency.begin(a, 'key-1', 'hash-2')).toEqual({ state: 'mismatch' });
      // Keys are per tenant.
      expect(await store.idempotency.begin(b, 'key-1', 'hash-9')).toEqual({ state: 'started' });

      await store.idempotency.complete(a, 'key-1', { statusCode: 201, body: { id: 'urn:uuid:1' } });
      expect(await store.idempotency.begin(a, 'key-1', 'hash-1')).toEqual({
        state: 'done',
        statusCode: 201,
        body: { id: 'urn:uuid:1' },
      });
      expect(await store.idempotency.get(a, 'key-1')).toMatchObject({ status: 'done', requestHash: 'hash-1', responseStatus: 201 });
      expect(await storageErrorCode(store.idempotency.complete(a, 'key-1', { statusCode: 500, body: null }))).toBe(
        'ERR_NOT_FOUND',
      );

      expect(await store.idempotency.release(b, 'key-1')).toBe(true);
      expect(await store.idempotency.begin(b, 'key-1', 'hash-9')).toEqual({ state: 'started' });

      // The primary key itself refuses a second row for (tenant, key).
      const duplicate = store.db
        .insertInto('idempotency')
        .values({
          tenant_id: a,
          key: 'key-1',
          request_hash: 'x',
          status: 'in-progress',
          response_status: null,
          response_body: null,
          created_at: '2025-01-01T00:00:00.000Z',
          updated_at: '2025-01-01T00:00:00.000Z',
        })
        .execute();
      await expect(duplicate).rejects.toThrow();
    });

    it('takes over an in-progress idempotency key whose owner went silent', async () => {
      const tenant = await newTenant(store);
      expect(await store.idempotency.begin(tenant, 'k', 'h')).toEqual({ state: 'started' });
      expect(await store.idempotency.begin(tenant, 'k', 'h', { staleAfterMs: 60_000 })).toEqual({ state: 'in-progress' });
      const later = await backend.open({ now: () => new Date(Date.now() + 3_600_000) });
      try {
        expect(await later.idempotency.begin(tenant, 'k', 'h', { staleAfterMs: 60_000 })).toEqual({ state: 'started' });
      } finally {
        await later.close();
      }
    });

    it('versions specifications', async () => {
      const a = await newTenant(store);
      const b = await newTenant(store);
      const v1 = await store.specifications.create(a, { id: 'spec-web', body: { title: 'Web 1' } });
      expect(v1).toMatchObject({ id: 'spec-web', version: 1, body: { title: 'Web 1' } });
      expect((await store.specifications.update(a, 'spec-web', { title: 'Web 2' })).version).toBe(2);
      expect((await store.specifications.update(a, 'spec-web', { title: 'Web 3' })).version).toBe(3);
      expect(await store.specifications.get(a, 'spec-web')).toMatchObject({ version: 3, body: { title: 'Web 3' } });
      expect(await store.specifications.get(a, 'spec-web', 1)).toMatchObject({ version: 1, body: { title: 'Web 1' } });
      expect((await store.specifications.listVersions(a, 'spec-web')).map((s) => s.version)).toEqual([1, 2, 3]);
      expect((await store.specifications.list(a)).map((s) => [s.id, s.version])).toEqual([['spec-web', 3]]);
      expect(await storageErrorCode(store.specifications.create(a, { id: 'spec-web', body: {} }))).toBe('ERR_CONFLICT');
      expect(await storageErrorCode(store.specifications.update(a, 'missing', {}))).toBe('ERR_NOT_FOUND');

      // Same id in another tenant is a different specification.
      expect(await store.specifications.get(b, 'spec-web')).toBeUndefined();
      expect((await store.specifications.create(b, { id: 'spec-web', body: { title: 'B' } })).version).toBe(1);

      const { record } = await issueOne(store, a, { specificationId: 'spec-web', specificationVersion: 2 });
      expect(await store.credentials.get(a, record.id)).toMatchObject({ specificationId: 'spec-web', specificationVersion: 2 });
      const [reservation] = await store.reserveStatusIndexes(a, 1);
      expect(
        await storageErrorCode(
          store.insertIssuedCredentials(a, [credentialFor(reservation, { specificationId: 'spec-web', specificationVersion: 9 })]),
        ),
      ).toBe('ERR_NOT_FOUND');
    });

    it('rolls back a failed insert completely', async () => {
      const tenant = await newTenant(store);
      const reservations = await store.reserveStatusIndexes(tenant, 3);
      const first = credentialFor(reservations[0]);
      const second = credentialFor(reservations[1]);
      // Third repeats the first certificate number: the unique constraint fails mid-transaction.
      const third = credentialFor(reservations[2], { certificateNumber: first.certificateNumber });
      expect(await storageErrorCode(store.insertIssuedCredentials(tenant, [first, second, third]))).toBe('ERR_CONFLICT');

      // A slot that was never reserved fails after the credentials were inserted: still nothing stays.
      const bogus = credentialFor(undefined, {
        statusEntries: [{ purpose: 'revocation', listId: reservations[0]!.revocation.listId, index: 131_071 + 1 }],
      });
      expect(await storageErrorCode(store.insertIssuedCredentials(tenant, [first, bogus]))).toBe('ERR_RESERVATION_INVALID');

      const credentials = await store.db.selectFrom('credentials').select('id').where('tenant_id', '=', tenant).execute();
      expect(credentials).toEqual([]);
      const linked = await store.db
        .selectFrom('status_entries')
        .select('status_index')
        .where('tenant_id', '=', tenant)
        .where('credential_id', 'is not', null)
        .execute();
      expect(linked).toEqual([]);
      const audit = await store.db.selectFrom('audit_log').select('id').where('tenant_id', '=', tenant).execute();
      expect(audit).toEqual([]);

      // The reservations are still usable afterwards.
      await store.insertIssuedCredentials(tenant, [first, second]);
      expect((await store.credentials.list(tenant)).items).toHaveLength(2);
    });

    it('rolls back a key rotation whose new key is invalid', async () => {
      const tenant = await newTenant(store);
      const key = { id: `did:web:${tenant}#k1`, keyType: 'P-256', publicKey: {}, privateKey: 'p' };
      await store.keys.add(tenant, key);
      // Reusing the existing id makes the insert fail after the old key was retired in the same transaction.
      expect(await storageErrorCode(store.keys.rotate(tenant, key))).toBe('ERR_CONFLICT');
      expect(await store.keys.getActive(tenant, 'P-256')).toMatchObject({ id: key.id, status: 'active' });
    });
  });
}

storageSuite('storage on SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'microcred-storage-'));
  const file = join(dir, 'test.sqlite');
  return {
    open: (options = {}) => openStore({ file, ...options }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

if (postgres.available) {
  const serverUrl = postgres.serverUrl;
  storageSuite('storage on PostgreSQL', async () => {
    const database = await createTestDatabase(serverUrl, 'storage');
    return {
      open: (options = {}) => openStore({ url: database.url, ...options }),
      dispose: () => database.drop(),
    };
  });

  describe('storage on PostgreSQL, two concurrent writers', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let first: Store;
    let second: Store;

    beforeAll(async () => {
      database = await createTestDatabase(serverUrl, 'concurrent');
      // Two pools are two independent sessions: to the database, two processes.
      first = await openStore({ url: database.url });
      second = await openStore({ url: database.url });
      await first.migrate();
    });

    afterAll(async () => {
      await first?.close();
      await second?.close();
      await database?.drop();
    });

    it('never gives one index to both, and creates one list per purpose', async () => {
      const tenant = await newTenant(first);
      const [a, b] = await Promise.all([
        first.reserveStatusIndexes(tenant, 3_000, { chunkSize: 250 }),
        second.reserveStatusIndexes(tenant, 3_000, { chunkSize: 250 }),
      ]);
      for (const purpose of ['revocation', 'suspension'] as const) {
        const all = [...a, ...b].map((r) => `${r[purpose].listId}#${r[purpose].index}`);
        expect(new Set(all).size).toBe(6_000);
      }
      expect((await first.listStatusLists(tenant)).map((l) => [l.purpose, l.allocated])).toEqual([
        ['revocation', 6_000],
        ['suspension', 6_000],
      ]);
    });

    it('loses no bit when two writers flip bits of the same list at once', async () => {
      const tenant = await newTenant(first);
      const reservations = await first.reserveStatusIndexes(tenant, 40);
      const records = reservations.map((r) => credentialFor(r));
      await first.insertIssuedCredentials(tenant, records);
      await Promise.all(
        records.map((record, i) => (i % 2 === 0 ? first : second).setStatus(tenant, record.id, 'revoked')),
      );
      const list = await first.getStatusList(tenant, reservations[0]!.revocation.listId);
      expect(setBits(list!.bits)).toEqual(reservations.map((r) => r.revocation.index).sort((x, y) => x - y));
      expect(list?.version).toBe(1 + 40);
    });
  });
} else {
  describe('storage on PostgreSQL', () => {
    it.skip(`skipped: ${postgres.reason}`, () => {});
  });
}
