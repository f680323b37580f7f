import { createDidResolver, verifySecuredCredential } from '@microcred/securing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant, type Store } from '../src/index.ts';
import { call, PUBLIC_URL, sqliteStore, tenantWithTokens, testApp, type TestTenant } from './support/app.ts';

/*
 * ecdsa-rdfc-2019 with P-384 keys: a tenant holds one on request (new tenants hold Ed25519 and
 * P-256 only, so tenants made before P-384 keep working unchanged), the VC-API issue request picks
 * it with keyType, its DID (document) publishes it, the service's own verifier accepts what it
 * signs, and rotation replaces it like any other key.
 */

type Json = Record<string, any>;

let store: Store;
let dispose: () => Promise<void>;
let app: ReturnType<typeof testApp>;
let web: TestTenant;
let dev: TestTenant;

beforeAll(async () => {
  ({ store, dispose } = await sqliteStore());
  web = await tenantWithTokens(store, 'web');
  dev = await tenantWithTokens(store, 'dev', { did: 'key' });
  app = testApp(store);
});

afterAll(async () => {
  await dispose();
});

const V2 = 'https://www.w3.org/ns/credentials/v2';

function unsigned(issuer: string): Json {
  return { '@context': [V2], type: ['VerifiableCredential'], issuer, credentialSubject: { id: 'did:example:learner', name: 'Ada' } };
}

const issue = (tenant: TestTenant, query: string, credential: Json, options?: Json) =>
  call(app, 'POST', `/credentials/issue${query}`, { token: tenant.issueToken, body: { credential, ...(options ? { options } : {}) } });

const verifyHere = (verifiableCredential: unknown) => call(app, 'POST', '/credentials/verify', { body: { verifiableCredential } });

async function didDocument(tenant: TestTenant): Promise<Json> {
  const response = await call(app, 'GET', `/tenants/${tenant.id}/did.json`);
  expect(response.status).toBe(200);
  return response.body;
}

async function keysOf(tenant: TestTenant): Promise<Json[]> {
  return (await call(app, 'GET', '/tenants/current', { token: tenant.token })).body.keys;
}

function expectAllChecksPass(answer: { status: number; body: Json; text: string }): void {
  expect(answer.status, answer.text).toBe(200);
  expect(answer.body.verified).toBe(true);
  const checks = answer.body.report.checks.filter((c: Json) => c.status !== 'not-applicable');
  expect(checks.filter((c: Json) => c.status !== 'pass')).toEqual([]);
}

describe('a did:web tenant made before P-384 keys', () => {
  let p384: Json;

  it('holds Ed25519 and P-256 only, and says how to add a P-384 key when asked to sign with one', async () => {
    expect((await keysOf(web)).map((k) => k.type).sort()).toEqual(['Ed25519', 'P-256']);
    const refused = await issue(web, '?format=ecdsa&keyType=P-384', unsigned(web.did));
    expect(refused.status, refused.text).toBe(409);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.body.detail).toContain('POST /tenants/current/keys {"type":"P-384"}');
    expect(refused.body.detail).toContain('microcred tenants add-key web --type p384');
  });

  it('adds a P-384 key (scope manage) that its DID document lists under assertionMethod', async () => {
    const forbidden = await call(app, 'POST', '/tenants/current/keys', { token: web.issueToken, body: { type: 'P-384' } });
    expect(forbidden.status).toBe(403);
    const added = await call(app, 'POST', '/tenants/current/keys', { token: web.manageToken, body: { type: 'P-384' } });
    expect(added.status, added.text).toBe(201);
    p384 = added.body.key;
    expect(p384).toMatchObject({ type: 'P-384', controller: web.did, status: 'active' });
    expect(p384.id).toMatch(new RegExp(`^${web.did}#key-[0-9a-f]{8}$`));
    expect(JSON.stringify(added.body)).not.toMatch(/secret/i);

    const document = await didDocument(web);
    const method = document.verificationMethod.find((m: Json) => m.id === p384.id);
    // A P-384 Multikey: multicodec p384-pub, base58btc, 'z82L…'.
    expect(method).toMatchObject({ type: 'Multikey', controller: web.did, publicKeyMultibase: expect.stringMatching(/^z82L/) });
    expect(document.assertionMethod).toContain(p384.id);
    expect((await keysOf(web)).find((k) => k.id === p384.id)).toMatchObject({ type: 'P-384', controller: web.did });

    // One active key per type: a second one is a rotation, not an addition.
    const again = await call(app, 'POST', '/tenants/current/keys', { token: web.manageToken, body: { type: 'P-384' } });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('/tenants/current/keys/rotate');
    const unknown = await call(app, 'POST', '/tenants/current/keys', { token: web.manageToken, body: { type: 'P-521' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e: Json) => e.path)).toEqual(['type']);
  });

  it('signs ecdsa-rdfc-2019 with it when keyType (query or options) says P-384, and verifies it itself', async () => {
    for (const [query, options] of [['?format=ecdsa&keyType=P-384', undefined], ['', { format: 'ecdsa', keyType: 'P-384' }]] as const) {
      const issued = await issue(web, query, unsigned(web.did), options);
      expect(issued.status, issued.text).toBe(201);
      const { proof } = issued.body.verifiableCredential;
      expect(proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'ecdsa-rdfc-2019', verificationMethod: p384.id, proofPurpose: 'assertionMethod' });
      expect(proof.proofValue).toMatch(/^z[1-9A-HJ-NP-Za-km-z]+$/);
      expectAllChecksPass(await verifyHere(issued.body.verifiableCredential));
    }
    // ecdsa without keyType is P-256, as before.
    const p256 = await issue(web, '?format=ecdsa', unsigned(web.did));
    const p256Key = (await keysOf(web)).find((k) => k.type === 'P-256' && k.status === 'active');
    expect(p256.body.verifiableCredential.proof.verificationMethod).toBe(p256Key?.id);
  });

  it('refuses a key type the format does not sign with, naming the field', async () => {
    const cases: [string, Json | undefined, string][] = [
      ['?keyType=P-384', undefined, 'keyType'], // di is Ed25519
      ['?format=jwt&keyType=P-256', undefined, 'keyType'],
      ['?format=ecdsa&keyType=Ed25519', undefined, 'keyType'],
      ['?format=ecdsa&keyType=P-521', undefined, 'keyType'],
      ['', { format: 'ecdsa', keyType: 'secp256k1' }, 'options.keyType'],
      ['', { keyType: 'P-384' }, 'options.keyType'],
    ];
    for (const [query, options, path] of cases) {
      const answer = await issue(web, query, unsigned(web.did), options);
      expect(answer.status, `${query} ${JSON.stringify(options)}: ${answer.text}`).toBe(400);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.body.errors.map((e: Json) => e.path)).toEqual([path]);
    }
  });

  it('rotates the P-384 key with the others: new credentials use the new key, earlier ones still verify', async () => {
    const before = await issue(web, '?format=ecdsa&keyType=P-384', unsigned(web.did));
    const rotated = await call(app, 'POST', '/tenants/current/keys/rotate', { token: web.manageToken });
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.body.activated).toHaveLength(3);
    expect(rotated.body.retired).toContain(p384.id);
    const active = (await keysOf(web)).filter((k) => k.status === 'active');
    expect(active.map((k) => k.type).sort()).toEqual(['Ed25519', 'P-256', 'P-384']);
    const newP384 = active.find((k) => k.type === 'P-384') as Json;
    expect((await didDocument(web)).assertionMethod).toEqual(expect.arrayContaining([p384.id, newP384.id]));

    const after = await issue(web, '?format=ecdsa&keyType=P-384', unsigned(web.did));
    expect(after.body.verifiableCredential.proof.verificationMethod).toBe(newP384.id);
    expectAllChecksPass(await verifyHere(after.body.verifiableCredential));
    expectAllChecksPass(await verifyHere(before.body.verifiableCredential));

    // Only the P-384 key, when asked.
    const only = await call(app, 'POST', '/tenants/current/keys/rotate', { token: web.manageToken, body: { types: ['P-384'] } });
    expect(only.status, only.text).toBe(200);
    expect(only.body).toMatchObject({ activated: [expect.any(String)], retired: [newP384.id] });
  });
});

describe('a did:key tenant with a P-384 key', () => {
  let p384Did: string;

  it('gets one when asked at creation: a DID of its own, as its P-256 key is', async () => {
    const tenant = await provisionTenant(store, { id: 'conformance', name: 'Conformance', did: 'key', keyTypes: ['P-256', 'P-384'] });
    const keys = await store.keys.list(tenant.id);
    expect(keys.map((k) => k.keyType).sort()).toEqual(['Ed25519', 'P-256', 'P-384']);
    // The tenant is named by its Ed25519 key, whatever order the types were asked in.
    expect(tenant.did).toMatch(/^did:key:z6Mk/);
    const p384 = keys.find((k) => k.keyType === 'P-384') as (typeof keys)[number];
    p384Did = (p384.publicKey as { controller: string }).controller;
    expect(p384Did).toMatch(/^did:key:z82L/);
    expect(p384.id).toBe(`${p384Did}#${p384Did.slice('did:key:'.length)}`);
  });

  it('is added to a did:key tenant made without one, and issues as that DID', async () => {
    const added = await call(app, 'POST', '/tenants/current/keys', { token: dev.manageToken, body: { type: 'P-384' } });
    expect(added.status, added.text).toBe(201);
    const did = added.body.key.controller as string;
    expect(did).toMatch(/^did:key:z82L/);
    expect(added.body.did).toBe(dev.did);
    expect((await keysOf(dev)).find((k) => k.type === 'P-384')).toMatchObject({ controller: did, id: added.body.key.id });

    // The credential's issuer must be the DID of the key that signs.
    const wrongIssuer = await issue(dev, '?format=ecdsa&keyType=P-384', unsigned(dev.did));
    expect(wrongIssuer.status).toBe(400);
    expect(wrongIssuer.body.errors).toEqual([{ path: 'credential.issuer', message: `must be this issuer's DID ${did}` }]);

    const issued = await issue(dev, '', unsigned(did), { format: 'ecdsa', keyType: 'P-384' });
    expect(issued.status, issued.text).toBe(201);
    const vc = issued.body.verifiableCredential;
    expect(vc.issuer).toBe(did);
    expect(vc.proof.verificationMethod).toBe(added.body.key.id);
    expectAllChecksPass(await verifyHere(vc));
    // Anyone's verifier resolves the did:key alone: no DID document of ours is needed.
    const elsewhere = await verifySecuredCredential(vc, { didResolver: createDidResolver() });
    expect(elsewhere.errors).toEqual([]);
    expect(elsewhere.verified).toBe(true);
  });

  it('cannot rotate (a did:key is its key), nor add a second key of a type', async () => {
    expect((await call(app, 'POST', '/tenants/current/keys/rotate', { token: dev.manageToken, body: { types: ['P-384'] } })).status).toBe(409);
    expect((await call(app, 'POST', '/tenants/current/keys', { token: dev.manageToken, body: { type: 'P-384' } })).status).toBe(409);
  });
});

describe('provisionTenant key types', () => {
  it('always makes the Ed25519 key (it names the tenant and signs its status lists) and refuses unknown types', async () => {
    const tenant = await provisionTenant(store, { id: 'only-p384', name: 'Only P-384', publicUrl: PUBLIC_URL, keyTypes: ['P-384'] });
    expect((await store.keys.list(tenant.id)).map((k) => k.keyType).sort()).toEqual(['Ed25519', 'P-384']);
    await expect(provisionTenant(store, { id: 'odd', name: 'Odd', did: 'key', keyTypes: ['P-521' as never] })).rejects.toThrow(/unknown key type P-521/);
    expect(await store.tenants.get('odd')).toBeUndefined();
  });
});
