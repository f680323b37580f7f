import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/index.ts';
import { call, sqliteStore, tenantWithTokens, testApp, type TestTenant } from './support/app.ts';

/*
 * Format eddsa-jcs (Data Integrity eddsa-jcs-2022): issued over HTTP with the tenant's Ed25519 key
 * (did:web and did:key tenants), chosen by the query or by options.format, and accepted by the
 * service's own POST /credentials/verify, whose format check names the cryptosuite. A P-256 key
 * cannot sign it, and a changed credential is not genuine.
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
const unsigned = (issuer: string): Json => ({
  '@context': [V2],
  type: ['VerifiableCredential'],
  issuer,
  credentialSubject: { id: 'did:example:learner', name: 'Ada' },
});
const issue = (tenant: TestTenant, query: string, body: Json) =>
  call(app, 'POST', `/credentials/issue${query}`, { token: tenant.issueToken, body });
const verifyHere = (verifiableCredential: unknown) => call(app, 'POST', '/credentials/verify', { body: { verifiableCredential } });

describe('POST /credentials/issue with format eddsa-jcs', () => {
  it.each(['web', 'dev'])('signs a %s tenant\'s credential with eddsa-jcs-2022 and its Ed25519 key; /credentials/verify accepts it', async (name) => {
    const tenant = name === 'web' ? web : dev;
    const issued = await issue(tenant, '?format=eddsa-jcs', {
      credential: unsigned(tenant.did),
      options: { credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }] },
    });
    expect(issued.status, issued.text).toBe(201);
    const vc = issued.body.verifiableCredential;
    expect(vc.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-jcs-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod: expect.stringMatching(new RegExp(`^${tenant.did}#`)),
      '@context': vc['@context'],
    });
    const keys = (await call(app, 'GET', '/tenants/current', { token: tenant.token })).body.keys as Json[];
    const ed25519 = keys.find((key) => key.type === 'Ed25519' && key.status === 'active');
    expect(vc.proof.verificationMethod).toBe(ed25519?.id);

    const answer = await verifyHere(vc);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.verified).toBe(true);
    const checks = answer.body.report.checks as Json[];
    expect(checks.filter((c) => c.status !== 'pass' && c.status !== 'not-applicable')).toEqual([]);
    expect(checks.find((c) => c.check === 'format')?.reason).toBe('A W3C Verifiable Credential secured with Data Integrity (eddsa-jcs-2022).');
    expect(checks.find((c) => c.check === 'revocation')?.status).toBe('pass');
  });

  it('takes the format from options.format too', async () => {
    const issued = await issue(web, '', { credential: unsigned(web.did), options: { format: 'eddsa-jcs' } });
    expect(issued.status, issued.text).toBe(201);
    expect(issued.body.verifiableCredential.proof.cryptosuite).toBe('eddsa-jcs-2022');
  });

  it('refuses a P-256 key for it with a field error', async () => {
    const refused = await issue(web, '?format=eddsa-jcs&keyType=P-256', { credential: unsigned(web.did) });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'keyType', message: 'must be Ed25519 for format eddsa-jcs (got P-256)' }]);
  });

  it('issues nothing /credentials/verify accepts once changed', async () => {
    const vc = (await issue(web, '?format=eddsa-jcs', { credential: unsigned(web.did) })).body.verifiableCredential;
    const answer = await verifyHere({ ...vc, credentialSubject: { ...vc.credentialSubject, name: 'Mallory' } });
    expect(answer.body.verified).toBe(false);
    expect((answer.body.report.checks as Json[]).find((c) => c.check === 'proof')?.status).toBe('fail');
  });
});
