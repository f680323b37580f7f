/**
 * A did:key tenant is one DID per key: its Ed25519 key names it, its P-256 and P-384 keys are DIDs of
 * their own, and an ecdsa credential names that DID as its issuer. A verifier reads a status list
 * only when the list's issuer is the credential's, so the tenant publishes each of its lists signed
 * by every key type it issues with, each at a URL of its own, all of one bitstring: whichever list a
 * credential (or a rendition of it) points to, revoking the achievement shows there. A did:web
 * tenant is one DID whatever the key: its credentials keep pointing to the one Ed25519-signed list.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { loadFixture } from '@microcred/model';
import { createDidResolver, createDocumentLoader, decodeJwtCredential, generateKey } from '@microcred/securing';
import { httpStatusLists, verify } from '@microcred/verifier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, inProcessSigner, issueToHolder, silentLogger, type Store } from '../src/index.ts';
import { createStatusListPublisher } from '../src/status-list-publisher.ts';
import { call, sqliteStore, tenantWithTokens, type TestTenant } from './support/app.ts';

type Json = Record<string, any>;

let store: Store;
let dispose: () => Promise<void>;
let server: Server;
let base: string;
let app: ReturnType<typeof createApp>;
let dev: TestTenant;
let web: TestTenant;

beforeAll(async () => {
  ({ store, dispose } = await sqliteStore());
  // A real server on the loopback, so a third party's verifier can fetch the lists as published.
  server = createServer((request, response) => void getRequestListener((req) => app.fetch(req))(request, response));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app = createApp({ store, publicUrl: base, logger: silentLogger });
  dev = await tenantWithTokens(store, 'dev', { did: 'key' });
  web = await tenantWithTokens(store, 'web', { publicUrl: base });
  const added = await call(app as never, 'POST', '/tenants/current/keys', { token: dev.manageToken, body: { type: 'P-384' } });
  expect(added.status, added.text).toBe(201);
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  await dispose();
});

const request = (method: string, path: string, options: Parameters<typeof call>[3] = {}) => call(app as never, method, path, options);
const local = (url: string) => url.slice(base.length);

/** The service's own verifier (POST /credentials/verify): it reads its tenants' lists from the store. */
async function ownReport(credential: unknown): Promise<Json> {
  const answer = await request('POST', '/credentials/verify', { body: { verifiableCredential: credential } });
  // VC-API: 200 when verified, 400 with the same result when not.
  expect(answer.status, answer.text).toBe(answer.body?.verified ? 200 : 400);
  return answer.body.report;
}

/** Anyone's verifier: did:key resolved offline, the lists fetched over HTTP (loopback allowed, as in tests). */
async function theirReport(credential: unknown): Promise<Json> {
  const didResolver = createDidResolver();
  return (await verify(credential, { didResolver, documentLoader: createDocumentLoader({ didResolver }), statusLists: httpStatusLists({ allowLoopback: true }) })) as unknown as Json;
}

const checkOf = (report: Json, name: string) => report.checks.find((c: Json) => c.check === name);

async function expectBoth(credential: unknown, label: string, statuses: { revocation: string; suspension: string }): Promise<void> {
  for (const [who, report] of [['own', await ownReport(credential)], ['third party', await theirReport(credential)]] as const) {
    const detail = `${who}: ${JSON.stringify(report.checks)}`;
    expect(report.label, detail).toBe(label);
    expect(checkOf(report, 'proof').status, detail).toBe('pass');
    expect(checkOf(report, 'revocation').status, detail).toBe(statuses.revocation);
    expect(checkOf(report, 'suspension').status, detail).toBe(statuses.suspension);
  }
}

const entriesOf = (credential: Json): Json[] => [credential.credentialStatus ?? []].flat();
const issuerOf = (credential: Json): string => (typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id);

async function published(url: string): Promise<Json> {
  const answer = await request('GET', local(url));
  expect(answer.status, `${url}: ${answer.text}`).toBe(200);
  return answer.body;
}

describe('a did:key tenant', () => {
  it('points an ecdsa (P-256) credential to its list signed by the P-256 DID; revoking it shows there and in every rendition', async () => {
    const issued = await request('POST', '/micro-credentials?format=ecdsa', { token: dev.issueToken, body: loadFixture('minimal') });
    expect(issued.status, issued.text).toBe(201);
    const vc = issued.body.verifiableCredential as Json;
    const p256Did = issuerOf(vc);
    expect(p256Did).toMatch(/^did:key:zDn/);
    expect(p256Did).not.toBe(dev.did);
    for (const entry of entriesOf(vc)) {
      expect(entry.statusListCredential).toMatch(new RegExp(`^${base}/status-lists/[0-9a-f-]{36}/p-256$`));
      expect(entry.id).toBe(`${entry.statusListCredential}#${entry.statusListIndex}`);
      const list = await published(entry.statusListCredential);
      expect(list.id).toBe(entry.statusListCredential);
      expect(list.issuer).toBe(p256Did);
      expect(list.proof).toMatchObject({ cryptosuite: 'ecdsa-rdfc-2019' });
      // The same list as the one the Ed25519 DID signs: one bitstring, one index, one status.
      const ed25519 = await published(entry.statusListCredential.replace(/\/p-256$/, ''));
      expect(ed25519.issuer).toBe(dev.did);
      expect(ed25519.credentialSubject.encodedList).toBe(list.credentialSubject.encodedList);
    }
    await expectBoth(vc, 'Valid', { revocation: 'pass', suspension: 'pass' });

    // Renditions: the Open Badge is signed by the Ed25519 DID, so it points to that DID's lists; the vc+jwt keeps the P-256 key.
    const self = local(issued.body.links.self);
    const badge = JSON.parse((await request('GET', `${self}/renditions/ob3`, { token: dev.issueToken })).text) as Json;
    expect(issuerOf(badge)).toBe(dev.did);
    for (const entry of entriesOf(badge)) {
      expect(entry.statusListCredential).toMatch(new RegExp(`^${base}/status-lists/[0-9a-f-]{36}$`));
      expect(entry.id).toBe(`${entry.statusListCredential}#${entry.statusListIndex}`);
    }
    expect(entriesOf(badge).map((e) => e.statusListIndex)).toEqual(entriesOf(vc).map((e) => e.statusListIndex));
    const jwt = (await request('GET', `${self}/renditions/vc-jwt`, { token: dev.issueToken })).text;
    expect(entriesOf(decodeJwtCredential(jwt).credential)).toEqual(entriesOf(vc));
    await expectBoth(badge, 'Valid', { revocation: 'pass', suspension: 'pass' });
    await expectBoth(jwt, 'Valid', { revocation: 'pass', suspension: 'pass' });
    // A wallet's copy (OID4VCI, VC-API exchange) is signed by the Ed25519 DID too.
    const signer = inProcessSigner();
    const clock = () => new Date();
    const services = { store, publicUrl: base, clock, signer, logger: silentLogger, statusLists: createStatusListPublisher({ store, publicUrl: base, signer, clock, ttlSeconds: 300 }) };
    const holder = (await generateKey({ type: 'Ed25519' })).controller;
    const record = await store.credentials.get(dev.id, vc.id);
    const copy = await issueToHolder(services, (await store.tenants.get(dev.id))!, record!, holder, 'MicroCredential', 'oid4vci');
    expect(issuerOf(copy)).toBe(dev.did);
    expect(entriesOf(copy).map((e) => e.statusListCredential)).toEqual(entriesOf(badge).map((e) => e.statusListCredential));
    await expectBoth(copy, 'Valid', { revocation: 'pass', suspension: 'pass' });

    expect((await request('POST', `${self}/suspend`, { token: dev.manageToken, body: { reason: 'Under review' } })).status).toBe(200);
    await expectBoth(vc, 'Suspended', { revocation: 'pass', suspension: 'fail' });
    expect((await request('POST', `${self}/reinstate`, { token: dev.manageToken, body: { reason: 'Review closed' } })).status).toBe(200);
    await expectBoth(vc, 'Valid', { revocation: 'pass', suspension: 'pass' });
    expect((await request('POST', `${self}/revoke`, { token: dev.manageToken, body: { reason: 'Withdrawn' } })).status).toBe(200);
    for (const credential of [vc, badge, jwt, copy]) await expectBoth(credential, 'Revoked (withdrawn)', { revocation: 'fail', suspension: 'pass' });
  });

  it('points a P-384 credential of the VC-API to the P-384 DID\'s list, and its revocation shows there', async () => {
    const p384Did = ((await request('GET', '/tenants/current', { token: dev.token })).body.keys as Json[]).find((k) => k.type === 'P-384')?.controller as string;
    const issued = await request('POST', '/credentials/issue', {
      token: dev.issueToken,
      body: {
        credential: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: p384Did, credentialSubject: { id: 'did:example:learner', name: 'Ada' } },
        options: {
          format: 'ecdsa',
          keyType: 'P-384',
          credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }, { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' }],
        },
      },
    });
    expect(issued.status, issued.text).toBe(201);
    const vc = issued.body.verifiableCredential as Json;
    for (const entry of entriesOf(vc)) {
      expect(entry.statusListCredential).toMatch(/\/p-384$/);
      const list = await published(entry.statusListCredential);
      expect(list.issuer).toBe(p384Did);
      expect(list.proof).toMatchObject({ cryptosuite: 'ecdsa-rdfc-2019' });
    }
    await expectBoth(vc, 'Valid', { revocation: 'pass', suspension: 'pass' });
    const revoked = await request('POST', '/credentials/status', {
      token: dev.manageToken,
      body: { credentialId: vc.id, credentialStatus: [{ type: 'BitstringStatusListEntry', status: 'revoked' }] },
    });
    expect(revoked.status, revoked.text).toBe(200);
    await expectBoth(vc, 'Revoked (withdrawn)', { revocation: 'fail', suspension: 'pass' });
  });

  it('keeps its Ed25519 credentials on the lists\' own URLs, and serves no list for a key type it does not hold', async () => {
    const issued = await request('POST', '/micro-credentials', { token: dev.issueToken, body: loadFixture('minimal') });
    const entry = entriesOf(issued.body.verifiableCredential)[0] as Json;
    expect(entry.statusListCredential).toMatch(new RegExp(`^${base}/status-lists/[0-9a-f-]{36}$`));
    expect((await published(entry.statusListCredential)).issuer).toBe(dev.did);
    const unknown = await request('GET', `${local(entry.statusListCredential)}/ed25519`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('a did:web tenant', () => {
  it('points an ecdsa credential to the one list its DID signs with Ed25519, as before, and has no per-key lists', async () => {
    const issued = await request('POST', '/micro-credentials?format=ecdsa', { token: web.issueToken, body: loadFixture('minimal') });
    expect(issued.status, issued.text).toBe(201);
    const vc = issued.body.verifiableCredential as Json;
    expect(issuerOf(vc)).toBe(web.did);
    for (const entry of entriesOf(vc)) {
      expect(entry.statusListCredential).toMatch(new RegExp(`^${base}/status-lists/[0-9a-f-]{36}$`));
      expect((await published(entry.statusListCredential)).issuer).toBe(web.did);
      expect((await request('GET', `${local(entry.statusListCredential)}/p-256`)).status).toBe(404);
    }
    const report = await ownReport(vc);
    expect(report.label, JSON.stringify(report.checks)).toBe('Valid');
    expect(checkOf(report, 'revocation').status).toBe('pass');
  });
});
