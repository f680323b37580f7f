/**
 * The issuer app through `app.request` on a real SQLite file: every route,
 * its problem details, idempotency, tenant isolation and the OpenAPI
 * document. The real HTTP server, PostgreSQL and did:web resolution are in
 * /test/issuer-e2e.test.ts.
 */
import { createHash } from 'node:crypto';
import { readMicroCredential, loadFixture, type MicroCredentialInput } from '@microcred/model';
import { createDidResolver, verifySecuredCredential } from '@microcred/securing';
import { decodeList } from '@microcred/status-list';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessSigner, PROBLEM_BASE, type CredentialSigner, type Store } from '../src/index.ts';
import { call, PUBLIC_URL, sqliteStore, tenantWithTokens, testApp, type TestTenant } from './support/app.ts';

type Json = Record<string, any>;

const fixture = (name: 'digital-skills-bootcamp' | 'crane-operator-certificate' | 'minimal'): Json =>
  loadFixture(name) as unknown as Json;

/** The bootcamp fixture without what belongs to each credential: a specification body. */
function bootcampSpecification(): Json {
  const { learner: _l, issued: _i, grade: _g, ...rest } = fixture('digital-skills-bootcamp');
  return rest;
}

function countingSigner(options: { failAfter?: number } = {}): CredentialSigner & { calls: number } {
  const inner = inProcessSigner();
  const signer = {
    calls: 0,
    async sign(request: Parameters<CredentialSigner['sign']>[0]) {
      signer.calls += 1;
      if (options.failAfter !== undefined && signer.calls > options.failAfter) throw new Error('simulated crash while signing');
      return inner.sign(request);
    },
    close: () => inner.close(),
  };
  return signer;
}

function expectProblem(response: { status: number; headers: Headers; body: Json }, status: number, slug: string): void {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.body.type).toBe(`${PROBLEM_BASE}${slug}`);
  expect(response.body.status).toBe(status);
  expect(typeof response.body.title).toBe('string');
}

async function countCredentials(store: Store, tenantId?: string): Promise<number> {
  let query = store.db.selectFrom('credentials').select((eb) => eb.fn.countAll().as('n'));
  if (tenantId) query = query.where('tenant_id', '=', tenantId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

const path = (url: string) => new URL(url).pathname + new URL(url).search;

let store: Store;
let dispose: () => Promise<void>;
let acme: TestTenant;
let other: TestTenant;
let devKey: TestTenant;
let signer: ReturnType<typeof countingSigner>;
let now: Date;
let app: ReturnType<typeof testApp>;

beforeAll(async () => {
  now = new Date('2026-11-22T12:00:00Z');
  ({ store, dispose } = await sqliteStore({ now: () => now }));
  acme = await tenantWithTokens(store, 'acme', { name: 'ACME Certification' });
  other = await tenantWithTokens(store, 'other');
  devKey = await tenantWithTokens(store, 'dev', { did: 'key' });
  signer = countingSigner();
  app = testApp(store, { signer, clock: () => now });
});

afterAll(async () => {
  await dispose();
});

describe('POST /micro-credentials', () => {
  it.each(['di', 'eddsa-jcs', 'ecdsa', 'jwt'] as const)('issues in format %s: 201 with the credential, its status entries and links', async (format) => {
    const response = await call(app, 'POST', `/micro-credentials?format=${format}`, { token: devKey.issueToken, body: fixture('minimal') });
    expect(response.status).toBe(201);
    const { id, certificateNumber, verifiableCredential, links } = response.body;
    expect(id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(certificateNumber).toMatch(/^DEV-2026-/);
    const uuid = id.slice('urn:uuid:'.length);
    expect(links).toEqual({
      self: `${PUBLIC_URL}/micro-credentials/${uuid}`,
      status: `${PUBLIC_URL}/micro-credentials/${uuid}/status`,
      share: expect.stringMatching(new RegExp(`^${PUBLIC_URL}/v/[A-Za-z0-9_-]{43}$`)),
      qr: `${PUBLIC_URL}/micro-credentials/${uuid}/qr.svg`,
      claim: expect.stringMatching(new RegExp(`^${PUBLIC_URL}/wallet/[A-Za-z0-9_-]{43}$`)),
    });
    expect(response.headers.get('location')).toBe(links.self);

    const verified = await verifySecuredCredential(verifiableCredential);
    expect(verified.errors).toEqual([]);
    expect(verified.verified).toBe(true);
    expect(verified.format).toBe(format);
    if (format === 'jwt') expect(typeof verifiableCredential).toBe('string');
    const credential = verified.credential as Json;
    expect(readMicroCredential(credential).certificateNumber).toBe(certificateNumber);
    expect(credential.credentialStatus.map((e: Json) => [e.type, e.statusPurpose])).toEqual([
      ['BitstringStatusListEntry', 'revocation'],
      ['BitstringStatusListEntry', 'suspension'],
    ]);
    for (const entry of credential.credentialStatus) {
      // A did:key tenant's P-256 key is a DID of its own: its credentials read the list that DID signs.
      expect(entry.statusListCredential).toMatch(new RegExp(`^${PUBLIC_URL}/status-lists/[0-9a-f-]{36}${format === 'ecdsa' ? '/p-256' : ''}$`));
    }

    // The credential as issued, the share token, and only the hash of the claim token.
    const row = await store.db.selectFrom('credentials').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const claimToken = links.claim.split('/').pop();
    expect(row.claim_token_hash).toBe(createHash('sha256').update(claimToken).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(claimToken);
    expect(JSON.parse(row.credential)).toEqual(verifiableCredential);
    const share = await store.db.selectFrom('share_tokens').selectAll().where('credential_id', '=', id).executeTakeFirstOrThrow();
    expect(links.share).toBe(`${PUBLIC_URL}/v/${share.token}`);
  });

  it('names the tenant and signs with its did:web key', async () => {
    const response = await call(app, 'POST', '/micro-credentials', { token: acme.token, body: fixture('crane-operator-certificate') });
    expect(response.status).toBe(201);
    expect(response.body.certificateNumber).toBe('PCB-CRANE-2026-0042');
    expect(response.body.verifiableCredential.issuer).toMatchObject({ id: 'did:web:certs.example.org:tenants:acme', name: 'ACME Certification' });
    expect(response.body.verifiableCredential.proof).toMatchObject({
      cryptosuite: 'eddsa-rdfc-2022',
      verificationMethod: expect.stringMatching(/^did:web:certs\.example\.org:tenants:acme#key-/),
    });
    // recertificationOf names an id this tenant never issued: taken as external, named, nothing renewed.
    expect(response.body.verifiableCredential.replaces).toBe('urn:uuid:0b7d0a8e-5bd1-4a7a-8f0e-8d3f2b1e4c11');
    expect(response.body.renews).toBeUndefined();
    // The certificate number is the tenant's now: a second credential may not reuse it.
    const again = await call(app, 'POST', '/micro-credentials', { token: acme.token, body: fixture('crane-operator-certificate') });
    expectProblem(again, 422, 'validation');
    expect(again.body.errors).toEqual([{ path: 'certificateNumber', message: 'is already used by another of your credentials' }]);
  });
});

describe('problem details', () => {
  it('answers malformed JSON with 400, a non-JSON body with 415, and an unknown route with 404', async () => {
    const bad = await call(app, 'POST', '/micro-credentials', { token: acme.token, rawBody: '{"learner": ' });
    expectProblem(bad, 400, 'malformed-json');
    const text = await call(app, 'POST', '/micro-credentials', { token: acme.token, rawBody: 'hello', headers: { 'content-type': 'text/plain' } });
    expectProblem(text, 415, 'unsupported-media-type');
    expectProblem(await call(app, 'GET', '/no/such/thing'), 404, 'not-found');
  });

  it('lists every missing and invalid field at once (422)', async () => {
    const input = fixture('minimal');
    delete input.workload;
    delete input.level;
    input.learner = { givenName: 'Eero' };
    input.issuerCountries = ['Finland'];
    const response = await call(app, 'POST', '/micro-credentials', { token: acme.token, body: input });
    expectProblem(response, 422, 'validation');
    expect([...new Set(response.body.errors.map((e: Json) => e.path))].sort()).toEqual(['issuerCountries[0]', 'learner.familyName', 'level', 'workload']);
    for (const error of response.body.errors) expect(error.message).toMatch(/\w/);
    expect(await countCredentials(store, 'acme')).toBe(1);
  });

  it('refuses an unknown format with 400 naming the parameter', async () => {
    const response = await call(app, 'POST', '/micro-credentials?format=rsa', { token: acme.token, body: fixture('minimal') });
    expectProblem(response, 400, 'invalid-parameter');
    expect(response.body.errors).toEqual([{ path: 'format', message: 'must be di, eddsa-jcs, ecdsa or jwt' }]);
  });

  it('answers a missing or unknown token with 401 and the wrong scope with 403', async () => {
    const missing = await call(app, 'POST', '/micro-credentials', { body: fixture('minimal') });
    expectProblem(missing, 401, 'unauthorized');
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expectProblem(await call(app, 'POST', '/micro-credentials', { token: 'x'.repeat(43), body: fixture('minimal') }), 401, 'unauthorized');
    expectProblem(await call(app, 'GET', '/micro-credentials', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'unauthorized');
    const wrongScope = await call(app, 'POST', '/micro-credentials', { token: acme.manageToken, body: fixture('minimal') });
    expectProblem(wrongScope, 403, 'forbidden');
    expect(wrongScope.body.requiredScopes).toEqual(['issue']);
    expectProblem(await call(app, 'POST', '/specifications', { token: acme.issueToken, body: bootcampSpecification() }), 403, 'forbidden');
  });

  it('answers odd bodies and parameters on every POST route with a 4xx problem, never a 500', async () => {
    const { id } = (await call(app, 'POST', '/micro-credentials', { token: acme.token, body: fixture('minimal') })).body;
    const routes = [
      '/micro-credentials',
      '/micro-credentials/batch',
      `/micro-credentials/${id}/revoke`,
      `/micro-credentials/${id}/suspend`,
      `/micro-credentials/${id}/reinstate`,
      `/micro-credentials/${id}/recertify`,
      '/specifications',
      '/specifications/bootcamp',
      '/credentials/issue',
      '/credentials/status',
      '/tenants/current/keys/rotate',
    ];
    const bodies = ['null', '[]', '"text"', '42', '{}', '{"items": "x", "learner": 7, "reason": ["x"], "credential": []}', '[{"learner": null}]', '{"specification": {"$ne": 1}}'];
    for (const route of routes) {
      // An empty object is a whole, valid request to recertify or rotate.
      for (const rawBody of bodies.filter((b) => !(b === '{}' && /recertify|rotate/.test(route)))) {
        const response = await call(app, 'POST', route, { token: acme.token, rawBody });
        expect(response.status, `${route} ${rawBody}: ${response.text}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${route} ${rawBody}: ${response.text}`).toBeLessThan(500);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
      }
    }
    for (const query of ['cursor=nonsense', 'limit=0', 'limit=abc', 'status=lost']) {
      expectProblem(await call(app, 'GET', `/micro-credentials?${query}`, { token: acme.token }), 400, 'invalid-parameter');
    }
    expectProblem(await call(app, 'POST', '/micro-credentials', { token: acme.token, body: fixture('minimal'), headers: { 'idempotency-key': 'ü' } }), 400, 'invalid-idempotency-key');
  });

  it('refuses a body larger than the limit with 413', async () => {
    const small = testApp(store, { signer, bodyLimitBytes: 2048 });
    const items = Array.from({ length: 5 }, () => fixture('minimal'));
    const response = await call(small, 'POST', '/micro-credentials/batch', { token: acme.token, body: { items } });
    expectProblem(response, 413, 'payload-too-large');
  });
});

describe('specifications', () => {
  it('creates, versions and issues against a specification; credentials name their version', async () => {
    const created = await call(app, 'POST', '/specifications', { token: acme.manageToken, body: { id: 'bootcamp', ...bootcampSpecification(), validFor: 'P3Y' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'bootcamp', version: 1, url: `${PUBLIC_URL}/specifications/bootcamp/versions/1` });

    const changed = { ...bootcampSpecification(), workload: { ects: 6, hours: 150 }, validFor: 'P3Y' };
    const v2 = await call(app, 'PUT', '/specifications/bootcamp', { token: acme.manageToken, body: changed });
    expect(v2.status).toBe(201);
    expect(v2.body.version).toBe(2);
    const latest = await call(app, 'GET', '/specifications/bootcamp', { token: acme.issueToken });
    expect(latest.body.version).toBe(2);
    expect(latest.body.versions.map((v: Json) => v.version)).toEqual([1, 2]);
    const first = await call(app, 'GET', '/specifications/bootcamp/versions/1', { token: acme.issueToken });
    expect(first.body.specification.workload).toEqual({ ects: 5, hours: 125 });

    const issued = await call(app, 'POST', '/micro-credentials', {
      token: acme.issueToken,
      body: { specification: 'bootcamp', learner: { givenName: 'Siobhán', familyName: 'Ó Briain' }, issued: '2026-06-01', grade: 'Merit' },
    });
    expect(issued.status).toBe(201);
    const vc = issued.body.verifiableCredential;
    expect(vc.credentialSubject.hasClaim.specifiedBy.id).toBe(`${PUBLIC_URL}/specifications/bootcamp/versions/2`);
    const read = readMicroCredential(vc);
    expect(read.workload).toEqual({ ects: 6, hours: 150 });
    expect(read.grade).toEqual({ en: 'Merit' });
    expect(read.validUntil).toBe('2029-05-31T23:59:59Z');
    const record = await call(app, 'GET', path(issued.body.links.self), { token: acme.issueToken });
    expect(record.body.specification).toEqual({ id: 'bootcamp', version: 2, url: `${PUBLIC_URL}/specifications/bootcamp/versions/2` });

    const pinned = await call(app, 'POST', '/micro-credentials', {
      token: acme.issueToken,
      body: { specification: 'bootcamp', specificationVersion: 1, learner: { fullName: 'Ada Lovelace' } },
    });
    expect(pinned.body.verifiableCredential.credentialSubject.hasClaim.specifiedBy.id).toBe(`${PUBLIC_URL}/specifications/bootcamp/versions/1`);
  });

  it('refuses per-credential fields in a specification and unknown specifications when issuing', async () => {
    const withLearner = await call(app, 'POST', '/specifications', {
      token: acme.manageToken,
      body: { ...bootcampSpecification(), learner: { fullName: 'X' }, title: '', validFor: 'five years' },
    });
    expectProblem(withLearner, 422, 'validation');
    expect(withLearner.body.errors.map((e: Json) => e.path).sort()).toEqual(['learner', 'title', 'validFor']);
    const unknown = await call(app, 'POST', '/micro-credentials', { token: acme.issueToken, body: { specification: 'nope', learner: { fullName: 'X' } } });
    expectProblem(unknown, 422, 'validation');
    expect(unknown.body.errors[0].path).toBe('specification');
    expectProblem(await call(app, 'GET', '/specifications/nope', { token: acme.issueToken }), 404, 'not-found');
    // Specification IRIs name no tenant, so an id is taken service-wide.
    expectProblem(await call(app, 'POST', '/specifications', { token: other.manageToken, body: { id: 'bootcamp', ...bootcampSpecification() } }), 409, 'conflict');
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, refuses another body, and issues once', async () => {
    const before = await countCredentials(store, 'acme');
    const headers = { 'idempotency-key': 'retry-1' };
    const body = { ...fixture('minimal'), learner: { givenName: 'Retry', familyName: 'Me' } };
    const first = await call(app, 'POST', '/micro-credentials', { token: acme.token, body, headers });
    const second = await call(app, 'POST', '/micro-credentials', { token: acme.token, body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await countCredentials(store, 'acme')).toBe(before + 1);

    const different = await call(app, 'POST', '/micro-credentials', { token: acme.token, body: fixture('minimal'), headers });
    expectProblem(different, 422, 'idempotency-key-reused');
    // A key is per tenant: another tenant may use the same one.
    expect((await call(app, 'POST', '/micro-credentials', { token: other.token, body, headers })).status).toBe(201);
  });

  it('answers a retry after a lost response with the credential already issued, not a second one', async () => {
    // The credential is stored but the response is not recorded (the process died in between).
    const losing = testApp({ ...store, idempotency: { ...store.idempotency, complete: async () => { throw new Error('process died'); } } }, { signer, clock: () => now });
    // Stale at once: the claim of the dead process is taken over by the next retry.
    const retrying = testApp(store, { signer, clock: () => now, idempotencyStaleAfterMs: -1_000 });
    for (const [route, body] of [
      ['/micro-credentials', { ...fixture('minimal'), certificateNumber: 'LOST-RESPONSE-1' }],
      ['/credentials/issue', { credential: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: devKey.did, credentialSubject: { id: 'did:example:x' } } }],
    ] as const) {
      const headers = { 'idempotency-key': `lost-${route}` };
      const before = await countCredentials(store);
      const first = await call(losing, 'POST', route, { token: devKey.token, body, headers });
      expect(first.status).toBe(201);
      expectProblem(await call(app, 'POST', route, { token: devKey.token, body, headers }), 409, 'idempotency-in-progress');
      const retry = await call(retrying, 'POST', route, { token: devKey.token, body, headers });
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(await countCredentials(store)).toBe(before + 1);
    }
  });

  it('does not keep a failed request: the same key works once the body is corrected', async () => {
    const headers = { 'idempotency-key': 'fix-and-retry' };
    const bad = await call(app, 'POST', '/micro-credentials', { token: acme.token, body: { ...fixture('minimal'), level: { eqf: 11 } }, headers });
    expectProblem(bad, 422, 'validation');
    const good = await call(app, 'POST', '/micro-credentials', { token: acme.token, body: fixture('minimal'), headers });
    expect(good.status).toBe(201);
  });
});

describe('status changes, audit and the status lists', () => {
  let credential: Json;

  beforeAll(async () => {
    credential = (await call(app, 'POST', '/micro-credentials', { token: acme.issueToken, body: fixture('digital-skills-bootcamp') })).body;
  });

  async function bits(): Promise<{ revocation: boolean; suspension: boolean }> {
    const out: Record<string, boolean> = {};
    for (const entry of credential.verifiableCredential.credentialStatus) {
      const list = await call(app, 'GET', path(entry.statusListCredential));
      const decoded = await decodeList(list.body.credentialSubject.encodedList);
      out[entry.statusPurpose] = decoded.get(Number(entry.statusListIndex));
    }
    return out as { revocation: boolean; suspension: boolean };
  }

  it('suspends, reinstates and revokes with a reason, each in the audit log with the token and the reason', async () => {
    const self = path(credential.links.self);
    const noReason = await call(app, 'POST', `${self}/suspend`, { token: acme.manageToken, body: {} });
    expectProblem(noReason, 422, 'validation');
    expect(noReason.body.errors).toEqual([{ path: 'reason', message: expect.stringContaining('is required') }]);

    const suspended = await call(app, 'POST', `${self}/suspend`, { token: acme.manageToken, body: { reason: 'Complaint under investigation' } });
    expect(suspended.body).toMatchObject({ id: credential.id, status: 'suspended', previousStatus: 'active', changed: true });
    expect(await bits()).toEqual({ revocation: false, suspension: true });
    expect((await call(app, 'GET', `${self}/status`, { token: acme.issueToken })).body).toMatchObject({ status: 'suspended', suspended: true, revoked: false });

    await call(app, 'POST', `${self}/reinstate`, { token: acme.manageToken, body: { reason: 'Complaint dismissed' } });
    expect(await bits()).toEqual({ revocation: false, suspension: false });
    // Addressed by the full urn:uuid id too.
    const revoked = await call(app, 'POST', `/micro-credentials/${encodeURIComponent(credential.id)}/revoke`, { token: acme.manageToken, body: { reason: 'Fraud' } });
    expect(revoked.body.status).toBe('revoked');
    expect(await bits()).toEqual({ revocation: true, suspension: false });

    expectProblem(await call(app, 'POST', `${self}/reinstate`, { token: acme.manageToken, body: { reason: 'Oops' } }), 409, 'credential-revoked');
    expectProblem(await call(app, 'POST', `${self}/recertify`, { token: acme.issueToken }), 409, 'invalid-status-transition');

    const audit = await call(app, 'GET', `${self}/audit`, { token: acme.manageToken });
    const tokenId = (await store.apiTokens.list('acme')).find((t) => t.scopes.join(' ') === 'manage')?.id;
    expect(audit.body.items.map((e: Json) => [e.action, e.reason, e.actor === tokenId])).toEqual([
      ['issue', null, false],
      ['suspend', 'Complaint under investigation', true],
      ['reinstate', 'Complaint dismissed', true],
      ['revoke', 'Fraud', true],
    ]);
    expect(audit.body.items[0].actor).toBe((await store.apiTokens.list('acme')).find((t) => t.scopes.join(' ') === 'issue')?.id);
    expectProblem(await call(app, 'GET', `${self}/audit`, { token: acme.issueToken }), 403, 'forbidden');
  });

  it('serves each list signed, with ETag, Cache-Control from the ttl, 304 on If-None-Match, and signs a version once', async () => {
    const entry = credential.verifiableCredential.credentialStatus[0];
    const first = await call(app, 'GET', path(entry.statusListCredential));
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    expect(first.body.credentialSubject).toMatchObject({ type: 'BitstringStatusList', statusPurpose: 'revocation', ttl: 300_000 });
    expect(first.body.issuer).toBe(acme.did);
    const didResolver = createDidResolver({ fetch: (async (url: URL) => app.request(url.pathname)) as unknown as typeof fetch });
    const proof = await verifySecuredCredential(first.body, { didResolver });
    expect(proof.verified).toBe(true);
    expect((await decodeList(first.body.credentialSubject.encodedList)).length).toBeGreaterThanOrEqual(131_072);

    const etag = first.headers.get('etag') as string;
    const calls = signer.calls;
    const again = await call(app, 'GET', path(entry.statusListCredential));
    expect(again.text).toBe(first.text);
    expect(signer.calls).toBe(calls);
    const notModified = await call(app, 'GET', path(entry.statusListCredential), { headers: { 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe('');

    const next = (await call(app, 'POST', '/micro-credentials', { token: acme.issueToken, body: fixture('minimal') })).body;
    await call(app, 'POST', `${path(next.links.self)}/revoke`, { token: acme.manageToken, body: { reason: 'Issued in error' } });
    const sameList = next.verifiableCredential.credentialStatus[0].statusListCredential === entry.statusListCredential;
    const changed = await call(app, 'GET', path(entry.statusListCredential), { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(sameList ? 200 : 304);
    expectProblem(await call(app, 'GET', '/status-lists/00000000-0000-0000-0000-000000000000'), 404, 'not-found');
  });

  it('draws the share link as a QR code (SVG and PNG)', async () => {
    const svg = await call(app, 'GET', path(credential.links.qr), { token: acme.issueToken });
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.text).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const png = await app.request(path(credential.links.qr).replace(/svg$/, 'png'), { headers: { authorization: `Bearer ${acme.issueToken}` } });
    expect(png.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await png.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});

/** The DID documents this app serves, resolved through it (no network in these tests). */
async function didDocumentOf(did: string): Promise<Json> {
  const bare = did.split('#')[0] as string;
  const parts = bare.slice('did:web:'.length).split(':').slice(1);
  const response = await app.request(parts.length ? `/${parts.join('/')}/did.json` : '/.well-known/did.json');
  return (await response.json()) as Json;
}

describe('recertification and the public register', () => {
  it('renews a credential: the new one names the old one, which reads superseded, not revoked', async () => {
    const old = (await call(app, 'POST', '/micro-credentials', {
      token: acme.issueToken,
      body: { ...fixture('crane-operator-certificate'), certificateNumber: 'PCB-CRANE-2021-0007', issued: '2021-09-01', validUntil: '2026-08-31', recertificationOf: undefined },
    })).body;
    expect((await call(app, 'GET', `/register/PCB-CRANE-2021-0007`)).body.status).toBe('expired');
    const renewed = await call(app, 'POST', `${path(old.links.self)}/recertify`, { token: acme.issueToken, body: { issued: '2026-09-01' } });
    expect(renewed.status).toBe(201);
    expect(renewed.body.renews).toBe(old.id);
    const vc = renewed.body.verifiableCredential;
    expect(vc.replaces).toBe(old.id);
    expect(vc.validFrom).toBe('2026-09-01T00:00:00Z');
    // As long as the old window (2021-09-01 to 2026-08-31T23:59:59Z).
    expect(vc.validUntil).toBe('2031-08-31T23:59:59Z');
    expect(renewed.body.certificateNumber).not.toBe('PCB-CRANE-2021-0007');
    expect(readMicroCredential(vc).title).toEqual(readMicroCredential(old.verifiableCredential).title);

    const oldRecord = await call(app, 'GET', path(old.links.self), { token: acme.issueToken });
    expect(oldRecord.body.status).toBe('superseded');
    expect(oldRecord.body.renewedBy).toEqual([renewed.body.id]);
    expect((await call(app, 'GET', '/register/PCB-CRANE-2021-0007')).body.status).toBe('superseded');
    expectProblem(await call(app, 'POST', `${path(old.links.self)}/recertify`, { token: acme.issueToken }), 409, 'invalid-status-transition');
    const audit = await call(app, 'GET', `${path(old.links.self)}/audit`, { token: acme.manageToken });
    expect(audit.body.items.map((e: Json) => e.action)).toEqual(['issue', 'supersede']);
  });

  it('confirms a certificate with no personal data, and answers only whether a name matches', async () => {
    const body = { ...fixture('crane-operator-certificate'), certificateNumber: 'PCB-CRANE-2026-0100' };
    const issued = (await call(app, 'POST', '/micro-credentials', { token: acme.issueToken, body })).body;
    const register = await call(app, 'GET', '/register/PCB-CRANE-2026-0100');
    expect(register.body).toEqual({
      certificateNumber: 'PCB-CRANE-2026-0100',
      status: 'valid',
      issuer: { id: acme.did, name: 'ACME Certification' },
    });
    expect(register.text).not.toMatch(/Łukasz|1985|Dvořák/);
    for (const [name, matches] of [
      ['Łukasz Dvořák-Παπαδόπουλος', true],
      ['LUKASZ DVORAK-ΠΑΠΑΔΟΠΟΥΛΟΣ', true],
      ['  łukasz   dvořák-παπαδοπουλος ', true],
      ['Lukas Dvorak', false],
      ['', false],
    ] as const) {
      const answer = await call(app, 'GET', `/register/PCB-CRANE-2026-0100?name=${encodeURIComponent(name)}`);
      expect(answer.body, name).toEqual({ nameMatches: matches });
    }
    await call(app, 'POST', `${path(issued.links.self)}/suspend`, { token: acme.manageToken, body: { reason: 'Audit' } });
    expect((await call(app, 'GET', '/register/PCB-CRANE-2026-0100')).body.status).toBe('suspended');
    await call(app, 'POST', `${path(issued.links.self)}/revoke`, { token: acme.manageToken, body: { reason: 'Audit failed' } });
    expect((await call(app, 'GET', '/register/PCB-CRANE-2026-0100')).body.status).toBe('withdrawn');
    expectProblem(await call(app, 'GET', '/register/NO-SUCH-NUMBER'), 404, 'not-found');

    // Numbers are unique per issuer only: a number two issuers use needs ?issuer=.
    await call(app, 'POST', '/micro-credentials', { token: other.issueToken, body });
    const ambiguous = await call(app, 'GET', '/register/PCB-CRANE-2026-0100');
    expectProblem(ambiguous, 409, 'conflict');
    expect(ambiguous.body.issuers.map((i: Json) => i.id).sort()).toEqual([acme.did, other.did].sort());
    expect((await call(app, 'GET', `/register/PCB-CRANE-2026-0100?issuer=${encodeURIComponent(other.did)}`)).body.status).toBe('valid');
  });
});

describe('GET /micro-credentials', () => {
  it('finds by learner (accent-insensitive) and status, newest first, in pages', async () => {
    const found = await call(app, 'GET', `/micro-credentials?learner=${encodeURIComponent('lukasz dvorak')}`, { token: acme.issueToken });
    expect(found.body.items.length).toBeGreaterThanOrEqual(3);
    for (const item of found.body.items) expect(item.learner.name).toBe('Łukasz Dvořák-Παπαδόπουλος');
    const revoked = await call(app, 'GET', '/micro-credentials?status=revoked', { token: acme.issueToken });
    expect(revoked.body.items.length).toBeGreaterThan(0);
    for (const item of revoked.body.items) expect(item.status).toBe('revoked');

    const total = await countCredentials(store, 'acme');
    const seen: string[] = [];
    let next: string | null = '/micro-credentials?limit=3';
    while (next) {
      const page: Awaited<ReturnType<typeof call>> = await call(app, 'GET', next.startsWith('http') ? path(next) : next, { token: acme.issueToken });
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((i: Json) => i.id));
      next = page.body.next;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expectProblem(await call(app, 'GET', '/micro-credentials?status=lost', { token: acme.issueToken }), 400, 'invalid-parameter');
  });
});

describe('VC-API', () => {
  it('issues any credential with the status entries asked for, and updates its status', async () => {
    const request = {
      credential: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential'],
        issuer: devKey.did,
        credentialSubject: { id: 'did:example:learner', name: 'Grace Hopper' },
      },
      options: { credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' } },
    };
    const issued = await call(app, 'POST', '/credentials/issue', { token: devKey.issueToken, body: request });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const vc = issued.body.verifiableCredential;
    expect(Object.keys(issued.body)).toEqual(['verifiableCredential']);
    expect(vc.proof.cryptosuite).toBe('eddsa-rdfc-2022');
    expect(vc.issuer).toBe(devKey.did);
    expect(vc.credentialStatus.map((e: Json) => e.statusPurpose)).toEqual(['revocation']);
    expect((await verifySecuredCredential(vc)).verified).toBe(true);

    const jwt = await call(app, 'POST', '/credentials/issue', { token: devKey.issueToken, body: { ...request, options: { format: 'jwt' } } });
    expect(jwt.body.verifiableCredential).toMatchObject({ type: 'EnvelopedVerifiableCredential', id: expect.stringMatching(/^data:application\/vc\+jwt,ey/) });

    const mismatch = await call(app, 'POST', '/credentials/issue', { token: devKey.issueToken, body: { credential: { ...request.credential, issuer: 'did:example:someone-else' } } });
    expectProblem(mismatch, 400, 'validation');
    expect(mismatch.body.errors[0].path).toBe('credential.issuer');
    expectProblem(await call(app, 'POST', '/credentials/issue', { token: devKey.issueToken, body: { options: {} } }), 400, 'validation');

    const revoke = await call(app, 'POST', '/credentials/status', {
      token: devKey.manageToken,
      body: { credentialId: vc.id, credentialStatus: [{ type: 'BitstringStatusListEntry', status: 'revoked' }] },
    });
    expect(revoke.body).toMatchObject({ credentialId: vc.id, status: 'revoked', changed: true });
    const list = await call(app, 'GET', path(vc.credentialStatus[0].statusListCredential));
    expect((await decodeList(list.body.credentialSubject.encodedList)).get(Number(vc.credentialStatus[0].statusListIndex))).toBe(true);
    // It has no suspension entry: a suspension would reach no verifier.
    const second = (await call(app, 'POST', '/credentials/issue', { token: devKey.issueToken, body: request })).body.verifiableCredential;
    const suspend = await call(app, 'POST', '/credentials/status', {
      token: devKey.manageToken,
      body: { credentialId: second.id, credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' }, status: true },
    });
    expectProblem(suspend, 409, 'invalid-status-transition');
  });
});

describe('tenant isolation', () => {
  it('gives another tenant\'s token 403 or 404 on every read and write of a credential and specification', async () => {
    const target = (await call(app, 'POST', '/micro-credentials', { token: acme.issueToken, body: fixture('minimal'), headers: { 'idempotency-key': 'acme-secret-batch' } })).body;
    const id = target.id.slice('urn:uuid:'.length);
    const reads = [
      `/micro-credentials/${id}`,
      `/micro-credentials/${encodeURIComponent(target.id)}`,
      `/micro-credentials/${id}/status`,
      `/micro-credentials/${id}/qr.svg`,
      `/micro-credentials/${id}/qr.png`,
      `/micro-credentials/${id}/audit`,
      '/micro-credentials/batch/acme-secret-batch',
      '/specifications/bootcamp',
      '/specifications/bootcamp/versions/1',
    ];
    const writes: [string, string, unknown][] = [
      ['POST', `/micro-credentials/${id}/revoke`, { reason: 'x' }],
      ['POST', `/micro-credentials/${id}/suspend`, { reason: 'x' }],
      ['POST', `/micro-credentials/${id}/reinstate`, { reason: 'x' }],
      ['POST', `/micro-credentials/${id}/recertify`, {}],
      ['POST', '/credentials/status', { credentialId: target.id, credentialStatus: [{ type: 'BitstringStatusListEntry', status: 'revoked' }] }],
      ['PUT', '/specifications/bootcamp', bootcampSpecification()],
      ['POST', '/specifications/bootcamp', bootcampSpecification()],
    ];
    for (const route of reads) {
      expectProblem(await call(app, 'GET', route, { token: other.token }), 404, 'not-found');
    }
    for (const [method, route, body] of writes) {
      expectProblem(await call(app, method, route, { token: other.token, body }), 404, 'not-found');
      // With only the other scope, refused before anything is looked up.
      const scoped = await call(app, method, route, { token: route.includes('recertify') ? other.manageToken : other.issueToken, body });
      expectProblem(scoped, 403, 'forbidden');
    }
    // Naming the other tenant's specification or credential in a new credential reaches nothing of it.
    const viaSpec = await call(app, 'POST', '/micro-credentials', { token: other.token, body: { specification: 'bootcamp', learner: { fullName: 'Eve' } } });
    expectProblem(viaSpec, 422, 'validation');
    const renewing = await call(app, 'POST', '/micro-credentials', { token: other.token, body: { ...fixture('minimal'), recertificationOf: target.id } });
    expect(renewing.status).toBe(201);
    expect(renewing.body.renews).toBeUndefined();
    const list = await call(app, 'GET', '/micro-credentials?limit=500', { token: other.token });
    expect(list.body.items.map((i: Json) => i.id)).not.toContain(target.id);

    const after = await call(app, 'GET', `/micro-credentials/${id}`, { token: acme.issueToken });
    expect(after.body.status).toBe('active');
    const audit = await call(app, 'GET', `/micro-credentials/${id}/audit`, { token: acme.manageToken });
    expect(audit.body.items.map((e: Json) => e.action)).toEqual(['issue']);
  });
});

describe('batches', () => {
  it('validates every item first: 422 naming each invalid item by index, nothing issued', async () => {
    const before = await countCredentials(store);
    const items: Json[] = Array.from({ length: 12 }, (_, i) => ({ learner: { fullName: `Learner ${i}` } }));
    items[3] = { learner: {} };
    items[9] = { learner: { fullName: 'Dup' }, certificateNumber: 'ACME-DUP-1' };
    items[10] = { learner: { fullName: 'Dup' }, certificateNumber: 'ACME-DUP-1', workload: { hours: -1 } };
    const response = await call(app, 'POST', '/micro-credentials/batch', { token: acme.issueToken, body: { specification: 'bootcamp', items } });
    expectProblem(response, 422, 'validation');
    expect(response.body.errors.map((e: Json) => e.path)).toEqual(['[3].learner.givenName', '[3].learner.familyName', '[10].workload.hours']);
    expect(response.body.detail).toMatch(/^2 of 12 items are not valid; nothing was issued\.$/);
    expect(await countCredentials(store)).toBe(before);
    const dup = await call(app, 'POST', '/micro-credentials/batch', { token: acme.issueToken, body: { specification: 'bootcamp', items: [items[9], items[9]] } });
    expect(dup.body.errors).toEqual([{ path: '[1].certificateNumber', message: 'repeats the certificate number of item [0]' }]);
    const tooMany = testApp(store, { signer, maxBatchItems: 3 });
    expectProblem(await call(tooMany, 'POST', '/micro-credentials/batch', { token: acme.issueToken, body: items.slice(0, 4) }), 422, 'validation');
  });

  it('completes an interrupted batch when re-sent with its Idempotency-Key, issuing nothing twice', async () => {
    const items: Json[] = Array.from({ length: 1_200 }, (_, i) => ({ learner: { givenName: 'Batch', familyName: `Learner ${i}` } }));
    // Items of the first chunk whose checks would fail a second time: their numbers are then taken,
    // and the credential they renew is then superseded, by this very batch.
    const renewedByBatch = (await call(app, 'POST', '/micro-credentials', { token: acme.issueToken, body: { specification: 'bootcamp', learner: { fullName: 'Old Timer' } } })).body;
    items[0]!.certificateNumber = 'AUTUMN-2026-0';
    items[1]!.certificateNumber = 'AUTUMN-2026-1';
    items[2]!.recertificationOf = renewedByBatch.id;
    const body = { specification: 'bootcamp', items };
    const headers = { 'idempotency-key': 'cohort-2026-autumn' };
    const before = await countCredentials(store, 'acme');
    // Dies while signing the third chunk of 500: the first two chunks are stored.
    const crashing = testApp(store, { signer: countingSigner({ failAfter: 1_100 }), clock: () => now });
    const failed = await call(crashing, 'POST', '/micro-credentials/batch', { token: acme.issueToken, body, headers });
    expectProblem(failed, 500, 'internal');
    expect(await countCredentials(store, 'acme')).toBe(before + 1_000);
    const progress = await call(app, 'GET', '/micro-credentials/batch/cohort-2026-autumn', { token: acme.issueToken });
    expect(progress.body).toEqual({ idempotencyKey: 'cohort-2026-autumn', status: 'in-progress', issued: 1_000 });
    // Only the same request may finish it.
    expectProblem(await call(app, 'POST', '/micro-credentials/batch', { token: acme.issueToken, body: { ...body, items: items.slice(1) }, headers }), 422, 'idempotency-key-reused');

    const resumed = await call(app, 'POST', '/micro-credentials/batch', { token: acme.issueToken, body, headers });
    expect(resumed.status).toBe(201);
    expect(resumed.body.count).toBe(1_200);
    expect(await countCredentials(store, 'acme')).toBe(before + 1_200);
    const ids = resumed.body.items.map((i: Json) => i.id);
    expect(new Set(ids).size).toBe(1_200);
    expect(resumed.body.items.map((i: Json) => i.index)).toEqual(items.map((_, i) => i));
    const replay = await call(app, 'POST', '/micro-credentials/batch', { token: acme.issueToken, body, headers });
    expect(replay.body).toEqual(resumed.body);
    expect(await countCredentials(store, 'acme')).toBe(before + 1_200);
    const learner = await call(app, 'GET', path(resumed.body.items[1_150].links.self), { token: acme.issueToken });
    expect(learner.body.learner.name).toBe('Batch Learner 1150');
    expect(resumed.body.items[1].certificateNumber).toBe('AUTUMN-2026-1');
    const renewal = await call(app, 'GET', path(resumed.body.items[2].links.self), { token: acme.issueToken });
    expect(renewal.body.renews).toBe(renewedByBatch.id);
    expect((await call(app, 'GET', path(renewedByBatch.links.self), { token: acme.issueToken })).body.status).toBe('superseded');
  });
});

describe('keys, DIDs and the service documents', () => {
  it('rotates keys: new credentials use the new key, the DID document keeps the old one', async () => {
    const before = await didDocumentOf(acme.did);
    const old = (await call(app, 'POST', '/micro-credentials', { token: acme.issueToken, body: fixture('minimal') })).body.verifiableCredential;
    expectProblem(await call(app, 'POST', '/tenants/current/keys/rotate', { token: acme.issueToken }), 403, 'forbidden');
    const rotated = await call(app, 'POST', '/tenants/current/keys/rotate', { token: acme.manageToken });
    expect(rotated.status).toBe(200);
    expect(rotated.body.activated).toHaveLength(2);
    expect(rotated.body.retired.sort()).toEqual(before.verificationMethod.map((m: Json) => m.id).sort());
    const after = await didDocumentOf(acme.did);
    expect(after.verificationMethod).toHaveLength(4);
    expect(after.assertionMethod).toEqual(expect.arrayContaining([...before.assertionMethod, ...rotated.body.activated]));
    const fresh = (await call(app, 'POST', '/micro-credentials', { token: acme.issueToken, body: fixture('minimal') })).body.verifiableCredential;
    expect(rotated.body.activated).toContain(fresh.proof.verificationMethod);
    expect(before.assertionMethod).toContain(old.proof.verificationMethod);
    const current = await call(app, 'GET', '/tenants/current', { token: acme.issueToken });
    expect(current.body.keys.filter((k: Json) => k.status === 'active').map((k: Json) => k.id).sort()).toEqual([...rotated.body.activated].sort());
    expect(JSON.stringify(current.body)).not.toMatch(/secret/i);

    expectProblem(await call(app, 'POST', '/tenants/current/keys/rotate', { token: devKey.manageToken }), 409, 'conflict');
    expectProblem(await call(app, 'GET', '/tenants/dev/did.json'), 404, 'not-found');
    expectProblem(await call(app, 'GET', '/.well-known/did.json'), 404, 'not-found');
  });

  it('never returns or stores a private key outside the keys table', async () => {
    const secrets = (await store.db.selectFrom('keys').select('private_key').execute()).map((k) => JSON.parse(k.private_key).secretKeyMultibase as string);
    for (const route of ['/tenants/acme/did.json', '/openapi.json']) {
      const response = await call(app, 'GET', route);
      for (const secret of secrets) expect(response.text).not.toContain(secret);
    }
    const tables = ['credentials', 'audit_log', 'idempotency', 'idempotent_items'] as const;
    for (const table of tables) {
      const dump = JSON.stringify(await store.db.selectFrom(table).selectAll().execute());
      for (const secret of secrets) expect(dump).not.toContain(secret);
    }
  });

  it('describes every route it serves in /openapi.json and serves /docs without external assets', async () => {
    const document = (await call(app, 'GET', '/openapi.json')).body;
    expect(document.openapi).toBe('3.1.0');
    const documented = Object.entries(document.paths as Record<string, Json>).flatMap(([p, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const served = [
      ...new Set(
        app.routes
          .filter((r) => ['GET', 'POST', 'PUT'].includes(r.method))
          .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
      ),
    ];
    expect(documented.sort()).toEqual(served.sort());

    const docs = await call(app, 'GET', '/docs');
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
    expect(docs.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
    expect(docs.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    const script = await call(app, 'GET', '/docs/docs.js');
    expect(script.text).not.toMatch(/https?:\/\//);
    expect(script.text).toContain("fetch('/openapi.json')");
  });

  it('reports its health', async () => {
    const health = await call(app, 'GET', '/health');
    expect(health.body).toMatchObject({ status: 'ok', database: 'sqlite' });
  });
});

export type { MicroCredentialInput };

describe('the verifier mounted in the service', () => {
  it("verifies its own tenants' credentials from the store: valid, then revoked, with no HTTP to itself", async () => {
    // The public URL is a host nobody can reach from here: only the store can answer.
    const issued = await call(app, 'POST', '/micro-credentials', { token: acme.token, body: fixture('minimal') });
    expect(issued.status).toBe(201);
    const verified = await call(app, 'POST', '/credentials/verify', { body: { verifiableCredential: issued.body.verifiableCredential } });
    expect(verified.status).toBe(200);
    expect(verified.body.verified).toBe(true);
    expect(verified.body.report.checks.map((c: Json) => [c.check, c.status])).toEqual([
      ['format', 'pass'], ['proof', 'pass'], ['issuer', 'pass'], ['validity', 'pass'],
      ['revocation', 'pass'], ['suspension', 'pass'], ['trust', 'pass'], ['profile', 'pass'],
    ]);
    const revoked = await call(app, 'POST', `${path(issued.body.links.self)}/revoke`, { token: acme.token, body: { reason: 'Issued in error' } });
    expect(revoked.status).toBe(200);
    const again = await call(app, 'POST', '/credentials/verify', { body: { verifiableCredential: issued.body.verifiableCredential } });
    expect(again.status).toBe(400);
    expect(again.body.report.label).toBe('Revoked (withdrawn)');
  });
});
