import { verifySecuredCredential } from '@microcred/securing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/index.ts';
import { call, sqliteStore, tenantWithTokens, testApp, type TestTenant } from './support/app.ts';

/*
 * What the VC-API issue and verify endpoints promise other implementations (W3C VC Data Model 2.0,
 * VC-API): a credential another verifier would refuse is never signed, and the verifier answers 400
 * for anything that is not a verifiable credential.
 */

let store: Store;
let dispose: () => Promise<void>;
let app: ReturnType<typeof testApp>;
let dev: TestTenant;

beforeAll(async () => {
  ({ store, dispose } = await sqliteStore());
  dev = await tenantWithTokens(store, 'dev', { did: 'key' });
  app = testApp(store);
});

afterAll(async () => {
  await dispose();
});

const V2 = 'https://www.w3.org/ns/credentials/v2';
const EXAMPLES = 'https://www.w3.org/ns/credentials/examples/v2';

function unsigned(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { '@context': [V2, EXAMPLES], type: ['VerifiableCredential'], issuer: dev.did, credentialSubject: { id: 'did:example:subject', name: 'Ada' }, ...extra };
}

const issue = (credential: Record<string, unknown>, options?: Record<string, unknown>) =>
  call(app, 'POST', '/credentials/issue', { token: dev.issueToken, body: { credential, ...(options ? { options } : {}) } });

describe('POST /credentials/issue refuses what the data model forbids', () => {
  it('issues a credential in the W3C examples vocabulary (bundled: it is never fetched)', async () => {
    const issued = await issue(unsigned({ type: ['VerifiableCredential', 'ExampleCredential'] }));
    expect(issued.status, issued.text).toBe(201);
    expect((await verifySecuredCredential(issued.body.verifiableCredential)).verified).toBe(true);
  });

  it('needs the issuer named: a caller says who it issues as, and it must be this tenant', async () => {
    const { issuer: _omitted, ...anonymous } = unsigned();
    const missing = await issue(anonymous);
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toContain('credential.issuer');
    expect((await issue(unsigned({ issuer: { id: dev.did, name: 'Dev' } }))).status).toBe(201);
  });

  it.each([
    ['a subject that is a string', { credentialSubject: 'did:example:subject' }, 'credential.credentialSubject'],
    ['a subject with no claim', { credentialSubject: {} }, 'credential.credentialSubject'],
    ['a schema with no type', { credentialSchema: { id: 'https://example.org/schema.json' } }, 'credential.credentialSchema.type'],
    ['a refresh service with no type', { refreshService: { id: 'https://example.org/refresh' } }, 'credential.refreshService.type'],
    ['a related resource that is a bare URL', { relatedResource: [V2] }, 'credential.relatedResource[0]'],
    ['a related resource without a digest', { relatedResource: [{ id: V2 }] }, 'credential.relatedResource[0]'],
    ['a related resource listed twice', { relatedResource: [{ id: 'https://example.org/a', digestSRI: `sha256-${Buffer.alloc(32).toString('base64')}` }, { id: 'https://example.org/a', digestSRI: `sha256-${Buffer.alloc(32).toString('base64')}` }] }, 'credential.relatedResource[1].id'],
    ['the v2 context with a digest the W3C never published', { relatedResource: [{ id: V2, digestMultibase: `u${Buffer.alloc(32, 7).toString('base64url')}` }] }, 'credential.relatedResource[0].digestMultibase'],
    ['an id that is not a URL', { id: 'https ://example.org/1' }, 'credential.id'],
  ])('refuses %s with 400, naming the field', async (_what, extra, path) => {
    const answer = await issue(unsigned(extra));
    expect(answer.status, answer.text).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/problem\+json/);
    expect(answer.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('keeps a status entry the caller wrote itself, next to the ones it asks of us', async () => {
    const theirs = { id: 'https://example.org/status/1#5', type: 'ExampleStatusEntry' };
    const alone = await issue(unsigned({ credentialStatus: theirs }));
    expect(alone.status, alone.text).toBe(201);
    expect(alone.body.verifiableCredential.credentialStatus).toEqual(theirs);
    const both = await issue(unsigned({ credentialStatus: theirs }), { credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' } });
    expect(both.status, both.text).toBe(201);
    expect(both.body.verifiableCredential.credentialStatus.map((e: { type: string }) => e.type)).toEqual(['ExampleStatusEntry', 'BitstringStatusListEntry']);
  });
});

describe('POST /credentials/verify (VC-API)', () => {
  it('verifies a credential object, but not the same credential as JSON text in a string', async () => {
    const vc = (await issue(unsigned())).body.verifiableCredential;
    const asObject = await call(app, 'POST', '/credentials/verify', { body: { verifiableCredential: vc } });
    expect(asObject.status, asObject.text).toBe(200);
    expect(asObject.body.verified).toBe(true);
    const asText = await call(app, 'POST', '/credentials/verify', { body: { verifiableCredential: JSON.stringify(vc) } });
    expect(asText.status).toBe(400);
  });

  it('answers 400 for a signed credential with a malformed part, saying which', async () => {
    const vc = (await issue(unsigned())).body.verifiableCredential;
    const tampered = { ...vc, credentialSubject: 'did:example:subject' };
    const answer = await call(app, 'POST', '/credentials/verify', { body: { verifiableCredential: tampered } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.find((e: { check: string }) => e.check === 'format')?.message).toMatch(/credentialSubject/);
  });
});
