/**
 * The issuer service as it runs: startServer on 127.0.0.1 (a free port),
 * spoken to over HTTP, on SQLite and on PostgreSQL. Its credentials are
 * checked as a verifier would: the proof through did:web resolution against
 * this very server, the status through its published lists.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixture } from '@microcred/model';
import { createDidResolver, verifySecuredCredential } from '@microcred/securing';
import { decodeList, type Bitstring } from '@microcred/status-list';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTenantToken,
  provisionTenant,
  readSettings,
  silentLogger,
  startServer,
  type RunningServer,
} from '@microcred/issuer';
import { createTestDatabase, probePostgres, type TestDatabase } from '../packages/issuer/test/support/postgres.ts';

type Json = Record<string, any>;

const postgres = await probePostgres();
if (!postgres.available) console.warn(`issuer e2e on PostgreSQL skipped: ${postgres.reason}`);

interface Backend {
  name: string;
  skip: boolean;
  start(): Promise<{ server: RunningServer; dispose(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'SQLite',
    skip: false,
    async start() {
      const dir = mkdtempSync(join(tmpdir(), 'microcred-e2e-'));
      const server = await startServer({ host: '127.0.0.1', port: 0, dataDir: dir, settings: readSettings({}), logger: silentLogger });
      return { server, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    skip: !postgres.available,
    async start() {
      const database: TestDatabase = await createTestDatabase((postgres as { serverUrl: string }).serverUrl, 'issuer-e2e');
      const server = await startServer({ host: '127.0.0.1', port: 0, databaseUrl: database.url, settings: readSettings({}), logger: silentLogger });
      return { server, dispose: () => database.drop() };
    },
  },
];

describe.each(backends)('the issuer service on $name', (backend) => {
  let server: RunningServer;
  let dispose: () => Promise<void>;
  let token: string;
  let did: string;
  const resolver = createDidResolver({ allowHttp: true });
  const issued: Record<string, Json> = {};

  async function http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Json) : undefined, text };
  }

  async function list(url: string): Promise<{ bits: Bitstring; etag: string; credential: Json }> {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const credential = (await response.json()) as Json;
    const proof = await verifySecuredCredential(credential, { didResolver: resolver });
    expect(proof.verified, JSON.stringify(proof.errors)).toBe(true);
    return { bits: await decodeList(credential.credentialSubject.encodedList), etag: response.headers.get('etag') as string, credential };
  }

  function setBits(bits: Bitstring): number[] {
    const set: number[] = [];
    for (let i = 0; i < bits.length; i++) if (bits.get(i)) set.push(i);
    return set;
  }

  const entry = (name: string, purpose: 'revocation' | 'suspension') =>
    (issued[name]?.verifiableCredential.credentialStatus as Json[]).find((e) => e.statusPurpose === purpose) as Json;

  beforeAll(async () => {
    if (backend.skip) return;
    ({ server, dispose } = await backend.start());
    // The tenant at the server's own host: did:web:127.0.0.1%3A<port>, served at /.well-known/did.json.
    const tenant = await provisionTenant(server.store, { id: 'pcb', name: 'Example Personnel Certification Body', publicUrl: server.publicUrl, root: true });
    did = tenant.did as string;
    token = (await createTenantToken(server.store, tenant.id, { scopes: ['issue', 'manage'] })).token;
  });

  afterAll(async () => {
    if (backend.skip) return;
    await server.close();
    await dispose();
  });

  it.skipIf(backend.skip)('serves its public URL and DID document on 127.0.0.1', async () => {
    expect(server.publicUrl).toBe(`http://127.0.0.1:${server.port}`);
    expect(did).toBe(`did:web:127.0.0.1%3A${server.port}`);
    const health = await fetch(`${server.url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', database: server.store.dialect });
    expect((await resolver.resolve(did)).id).toBe(did);
  });

  it.skipIf(backend.skip)('issues both fixtures, which verify through did:web resolution against this server', async () => {
    for (const name of ['digital-skills-bootcamp', 'crane-operator-certificate'] as const) {
      const response = await http('POST', '/micro-credentials', loadFixture(name));
      expect(response.status, response.text).toBe(201);
      issued[name] = response.body as Json;
      const proof = await verifySecuredCredential(response.body?.verifiableCredential, { didResolver: resolver });
      expect(proof.errors).toEqual([]);
      expect(proof.verified).toBe(true);
      expect(proof.issuer).toBe(did);
    }
    // The crane certificate renews a credential this service never issued: named, accepted as external.
    expect(issued['crane-operator-certificate']?.verifiableCredential.replaces).toBe('urn:uuid:0b7d0a8e-5bd1-4a7a-8f0e-8d3f2b1e4c11');
  });

  it.skipIf(backend.skip)('revokes one and suspends the other: each published list has exactly that bit set', async () => {
    const bootcamp = issued['digital-skills-bootcamp'] as Json;
    const crane = issued['crane-operator-certificate'] as Json;
    const before = await list(entry('digital-skills-bootcamp', 'revocation').statusListCredential);
    expect(setBits(before.bits)).toEqual([]);

    const revoke = await http('POST', `${new URL(bootcamp.links.self).pathname}/revoke`, { reason: 'Assessment found to be plagiarised' });
    expect(revoke.body).toMatchObject({ status: 'revoked', changed: true });
    const suspend = await http('POST', `${new URL(crane.links.self).pathname}/suspend`, { reason: 'Medical fitness certificate lapsed' });
    expect(suspend.body).toMatchObject({ status: 'suspended', changed: true });

    const revocation = entry('digital-skills-bootcamp', 'revocation');
    const suspension = entry('crane-operator-certificate', 'suspension');
    // Both credentials share the tenant's two lists.
    expect(entry('crane-operator-certificate', 'revocation').statusListCredential).toBe(revocation.statusListCredential);
    expect(entry('digital-skills-bootcamp', 'suspension').statusListCredential).toBe(suspension.statusListCredential);
    const revocations = await list(revocation.statusListCredential);
    const suspensions = await list(suspension.statusListCredential);
    expect(revocations.etag).not.toBe(before.etag);
    expect(revocations.credential.credentialSubject.statusPurpose).toBe('revocation');
    expect(setBits(revocations.bits)).toEqual([Number(revocation.statusListIndex)]);
    expect(setBits(suspensions.bits)).toEqual([Number(suspension.statusListIndex)]);

    const notModified = await fetch(suspension.statusListCredential, { headers: { 'if-none-match': suspensions.etag } });
    expect(notModified.status).toBe(304);
  });

  it.skipIf(backend.skip)('reinstates: the suspension bit is cleared', async () => {
    const crane = issued['crane-operator-certificate'] as Json;
    const reinstated = await http('POST', `${new URL(crane.links.self).pathname}/reinstate`, { reason: 'New medical certificate received' });
    expect(reinstated.body).toMatchObject({ status: 'active', previousStatus: 'suspended' });
    expect(setBits((await list(entry('crane-operator-certificate', 'suspension').statusListCredential)).bits)).toEqual([]);
    expect(setBits((await list(entry('digital-skills-bootcamp', 'revocation').statusListCredential)).bits)).toEqual([
      Number(entry('digital-skills-bootcamp', 'revocation').statusListIndex),
    ]);
    expect((await http('GET', `${new URL(crane.links.self).pathname}/status`)).body).toMatchObject({ status: 'active', suspended: false });
  });

  it.skipIf(backend.skip)('recertifies: a new credential, and the old one reads superseded in the API and the register', async () => {
    const crane = issued['crane-operator-certificate'] as Json;
    const renewed = await http('POST', `${new URL(crane.links.self).pathname}/recertify`, { validUntil: '2036-08-31' });
    expect(renewed.status, renewed.text).toBe(201);
    expect(renewed.body?.renews).toBe(crane.id);
    expect(renewed.body?.verifiableCredential).toMatchObject({ replaces: crane.id, validUntil: '2036-08-31T23:59:59Z' });
    expect((await verifySecuredCredential(renewed.body?.verifiableCredential, { didResolver: resolver })).verified).toBe(true);
    const old = await http('GET', new URL(crane.links.self).pathname);
    expect(old.body).toMatchObject({ status: 'superseded', renewedBy: [renewed.body?.id] });
    const register = await fetch(`${server.url}/register/PCB-CRANE-2026-0042`);
    expect(await register.json()).toEqual({
      certificateNumber: 'PCB-CRANE-2026-0042',
      status: 'superseded',
      issuer: { id: did, name: 'Example Personnel Certification Body' },
    });
    const current = await fetch(`${server.url}/register/${renewed.body?.certificateNumber}`);
    expect(((await current.json()) as Json).status).toBe('valid');
    const withdrawn = await fetch(`${server.url}/register/${issued['digital-skills-bootcamp']?.certificateNumber}`);
    expect(((await withdrawn.json()) as Json).status).toBe('withdrawn');
    issued.renewed = renewed.body as Json;
  });

  it.skipIf(backend.skip)('answers a retried POST with the same Idempotency-Key with the same body, storing one credential', async () => {
    const count = async () =>
      Number((await server.store.db.selectFrom('credentials').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const headers = { 'idempotency-key': `retry-${backend.name}` };
    const first = await http('POST', '/micro-credentials?format=jwt', loadFixture('minimal'), headers);
    const retry = await http('POST', '/micro-credentials?format=jwt', loadFixture('minimal'), headers);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.text).toBe(first.text);
    expect(typeof first.body?.verifiableCredential).toBe('string');
    expect(await count()).toBe(before + 1);
    const stored = await server.store.db.selectFrom('credentials').select('id').where('id', '=', first.body?.id).execute();
    expect(stored).toHaveLength(1);
    expect((await verifySecuredCredential(first.body?.verifiableCredential, { didResolver: resolver })).verified).toBe(true);
  });

  it.skipIf(backend.skip)('rotates keys: earlier credentials still verify through the DID document, later ones use the new key', async () => {
    const rotated = await http('POST', '/tenants/current/keys/rotate');
    expect(rotated.status, rotated.text).toBe(200);
    const document = await resolver.resolve(did);
    expect(document.verificationMethod).toHaveLength(4);
    for (const credential of [issued['crane-operator-certificate'], issued.renewed]) {
      const proof = await verifySecuredCredential(credential?.verifiableCredential, { didResolver: createDidResolver({ allowHttp: true }) });
      expect(proof.verified, JSON.stringify(proof.errors)).toBe(true);
      expect(rotated.body?.retired).toContain(proof.verificationMethod);
    }
    const fresh = await http('POST', '/micro-credentials?format=ecdsa', loadFixture('minimal'));
    const proof = await verifySecuredCredential(fresh.body?.verifiableCredential, { didResolver: createDidResolver({ allowHttp: true }) });
    expect(proof.verified).toBe(true);
    expect(rotated.body?.activated).toContain(proof.verificationMethod);
    // The status lists are signed with the new key from now on, and still verify.
    await list(entry('digital-skills-bootcamp', 'revocation').statusListCredential);
  });
});
