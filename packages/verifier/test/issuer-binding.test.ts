/**
 * Who signed it: a credential's signature is genuine, but made by a key that is not shown to be the issuer's.
 *
 * - An issuer that is a DID lists its own keys: a signature by another DID's key is not the issuer's, so
 *   the credential is not genuine (anyone could otherwise sign in a DID issuer's name).
 * - An issuer named by a web address (`https://university.example`) cannot say in the credential which keys
 *   are its: Data Integrity binds a key to its DID, not to a web address. Only the deployment's trust list
 *   can (`signers`). Without it the signature is genuine and the report warns that nothing confirms the
 *   signer is the issuer; with a trust list that names the issuer but not this signer, it is what a forgery
 *   in a trusted issuer's name looks like, so it is not genuine.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addProof, generateKey, type KeyPair } from '@microcred/securing';
import { createVerifierApp, loadTrustFile, verify, type VerificationReport } from '../src/index.ts';

type Json = Record<string, any>;

const NOW = new Date('2027-03-01T12:00:00Z');
const WEB_ISSUER = 'https://university.example/issuers/1';

let signer: KeyPair;
let other: KeyPair;

beforeAll(async () => {
  signer = await generateKey({ type: 'Ed25519' });
  other = await generateKey({ type: 'P-256' });
});

function credential(issuer: string): Json {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: 'urn:uuid:3f0c2a52-2f52-4d8e-9a57-0c1e4b7e9d11',
    type: ['VerifiableCredential'],
    issuer,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:learner', name: 'Ada Lovelace' },
  };
}

async function signedBy(key: KeyPair, issuer: string): Promise<Json> {
  // addProof, not secureCredential: the latter refuses to sign in someone else's name.
  return (await addProof(credential(issuer), { key, format: key.keyType === 'Ed25519' ? 'di' : 'ecdsa' })) as Json;
}

function trustFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'microcred-trust-')), 'trust.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const statuses = (report: VerificationReport) => Object.fromEntries(report.checks.map((c) => [c.check, c.status]));
const reason = (report: VerificationReport, name: string) => report.checks.find((c) => c.check === name)?.reason ?? '';

describe('an issuer named by a web address, signed by a DID\'s key', () => {
  it('without a trust list: genuine and current, with a warning that nothing ties the key to the issuer', async () => {
    const report = await verify(await signedBy(signer, WEB_ISSUER), { now: NOW });
    expect(report.verdict).toBe('valid');
    expect(statuses(report)).toMatchObject({ format: 'pass', proof: 'pass', issuer: 'warn', trust: 'warn' });
    expect(reason(report, 'issuer')).toContain(signer.controller);
    expect(reason(report, 'issuer')).toContain('nothing in the credential shows that this key is the issuer');
    expect(report.headline).toMatch(/nothing confirms that the key which signed it belongs to the issuer/);
  });

  it('is answered 200 by POST /credentials/verify (the signature is genuine), with the warning', async () => {
    const response = await createVerifierApp({ now: NOW }).request('/credentials/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifiableCredential: await signedBy(other, WEB_ISSUER) }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Json;
    expect(body.verified).toBe(true);
    expect(JSON.stringify(body.warnings)).toContain(other.controller);
  });

  it('with a trust list naming the key\'s DID as a signer for the issuer: the issuer is confirmed and trusted', async () => {
    const trust = loadTrustFile(trustFile({ issuers: [{ id: WEB_ISSUER, name: 'University', signers: [signer.controller] }] }));
    const report = await verify(await signedBy(signer, WEB_ISSUER), { now: NOW, trust });
    expect(report.label).toBe('Valid');
    expect(statuses(report)).toMatchObject({ proof: 'pass', issuer: 'pass', trust: 'pass' });
    expect(reason(report, 'issuer')).toBe(`Signed by ${signer.controller}, which your trusted-issuer list names as signing for ${WEB_ISSUER}.`);
  });

  it('with a trust list naming the issuer but not this signer: not genuine (a forgery in a trusted issuer\'s name)', async () => {
    const trust = loadTrustFile(trustFile({ issuers: [{ id: WEB_ISSUER, signers: [signer.controller] }] }));
    const report = await verify(await signedBy(other, WEB_ISSUER), { now: NOW, trust });
    expect(report.verdict).toBe('invalid');
    expect(report.label).toBe('Not genuine');
    expect(statuses(report)).toMatchObject({ proof: 'pass', issuer: 'fail' });
    expect(reason(report, 'issuer')).toMatch(/may be a forgery in the issuer's name/);
    // The same when the issuer is trusted through the plain list, which names no signers.
    const plain = await verify(await signedBy(other, WEB_ISSUER), { now: NOW, trustedIssuers: [WEB_ISSUER] });
    expect(plain.label).toBe('Not genuine');
  });

  it('a changed credential is still not genuine', async () => {
    const changed = await signedBy(signer, WEB_ISSUER);
    changed.credentialSubject.name = 'Someone Else';
    const report = await verify(changed, { now: NOW });
    expect(report.label).toBe('Not genuine');
    expect(statuses(report)).toMatchObject({ proof: 'fail' });
  });

  it('a trust file whose signers are not DIDs is refused with the entry named', () => {
    expect(() => loadTrustFile(trustFile({ issuers: [{ id: WEB_ISSUER, signers: ['https://keys.example'] }] }))).toThrow(/issuers\[0\]\.signers must be a list of DIDs/);
  });
});

describe('an issuer that is a DID, signed by another DID\'s key', () => {
  it('is not genuine, and the report names who signed it', async () => {
    const report = await verify(await signedBy(other, signer.controller), { now: NOW });
    expect(report.label).toBe('Not genuine');
    expect(statuses(report)).toMatchObject({ proof: 'pass', issuer: 'fail' });
    expect(reason(report, 'issuer')).toBe(`It was not signed by a key of ${signer.controller}: it was signed by ${other.controller}.`);
  });
});
