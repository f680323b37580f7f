/**
 * Who signed it: a credential's signature is genuine, but made by a key that is not shown to be the issuer's.
 *
 * - An issuer that is a DID lists its own keys: a signature by another DID's key is not the issuer's, so
 *   the credential is not genuine (anyone could otherwise sign in a DID issuer's name).
 * - An issuer named by a web address (`https://university.example`) cannot say in the credential which keys
 *   are its: Data Integrity binds a key to its DID, not to a web address. Only the deployment's trust list
 *   can (`signers`). Without it nothing shows who issued the credential (anyone can sign one in the
 *   university's name with a key of their own): Could not check, `verified: false`. With a trust list that
 *   names the issuer and this signer it is confirmed, status lists signed by that signer included; one that
 *   names the issuer but not this signer is what a forgery in a trusted issuer's name looks like.
 * - A VC-API client that asks only for the `proof` check (`options.checks`) gets an answer about the
 *   signature alone: it asked nothing about who issued it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addProof, generateKey, type KeyPair } from '@microcred/securing';
import { Bitstring, buildStatusEntry, buildStatusListCredential, encodeList } from '@microcred/status-list';
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

const post = (body: unknown) =>
  createVerifierApp({ now: NOW }).request('/credentials/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('an issuer named by a web address, signed by a DID\'s key', () => {
  it('without a trust list: Could not check, the signature intact but nothing confirming who issued it', async () => {
    const report = await verify(await signedBy(signer, WEB_ISSUER), { now: NOW });
    expect(report.verdict).toBe('indeterminate');
    expect(report.label).toBe('Could not check');
    expect(statuses(report)).toMatchObject({ format: 'pass', proof: 'pass', issuer: 'unknown' });
    expect(reason(report, 'issuer')).toContain(signer.controller);
    expect(reason(report, 'issuer')).toContain('it could have been made by anyone');
    expect(report.headline).toBe('The signature is intact, but nothing confirms who issued it, so this credential cannot be confirmed as valid.');
  });

  it('POST /credentials/verify answers 400, verified false; asked only for the proof check, 200 about the signature alone', async () => {
    const credential = await signedBy(other, WEB_ISSUER);
    const all = await post({ verifiableCredential: credential });
    expect(all.status).toBe(400);
    expect(((await all.json()) as Json).verified).toBe(false);

    const proofOnly = await post({ verifiableCredential: credential, options: { checks: ['proof'] } });
    expect(proofOnly.status).toBe(200);
    const body = (await proofOnly.json()) as Json;
    expect(body).toMatchObject({ verified: true, checks: ['format', 'proof'], errors: [] });
    // The report still says what was not asked about.
    expect(body.report.checks.find((c: Json) => c.check === 'issuer').status).toBe('unknown');

    // A changed credential fails the proof check too.
    const changed = { ...credential, credentialSubject: { ...credential.credentialSubject, name: 'Someone Else' } };
    expect((await post({ verifiableCredential: changed, options: { checks: ['proof'] } })).status).toBe(400);
    // The proof is checked whatever is asked: a changed credential is never verified, even asked only about its validity.
    const validityOnly = await post({ verifiableCredential: changed, options: { checks: ['expiration'] } });
    expect(validityOnly.status).toBe(400);
    expect(((await validityOnly.json()) as Json).checks).toEqual(['format', 'proof', 'issuer', 'validity']);
  });

  it('options.checks naming a check this verifier does not make, or not a list, is a 400 problem', async () => {
    const credential = await signedBy(signer, WEB_ISSUER);
    const unknown = await post({ verifiableCredential: credential, options: { checks: ['proof', 'telepathy'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(((await unknown.json()) as Json).detail).toMatch(/telepathy/);
    expect((await post({ verifiableCredential: credential, options: { checks: 'proof' } })).status).toBe(400);
    expect((await post({ verifiableCredential: credential, options: { checks: [] } })).status).toBe(400);
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

  it('with the signer on the trust list, its status lists count too: valid, then Revoked once the list says so', async () => {
    const LIST = 'https://university.example/status/revocation';
    const list = async (revoked: number[]) => {
      const bits = new Bitstring();
      for (const index of revoked) bits.set(index, true);
      const unsigned = buildStatusListCredential({ id: LIST, issuer: WEB_ISSUER, statusPurpose: 'revocation', encodedList: await encodeList(bits) });
      return (await addProof(unsigned, { key: signer, format: 'di' })) as Json;
    };
    const withStatus = (await addProof(
      { ...credential(WEB_ISSUER), credentialStatus: buildStatusEntry({ statusListCredential: LIST, statusListIndex: 7, statusPurpose: 'revocation' }) },
      { key: signer, format: 'di' },
    )) as Json;
    const trust = loadTrustFile(trustFile({ issuers: [{ id: WEB_ISSUER, signers: [signer.controller] }] }));
    const current = await list([]);
    const good = await verify(withStatus, { now: NOW, trust, statusLists: async () => current });
    expect(statuses(good)).toMatchObject({ issuer: 'pass', revocation: 'pass' });
    expect(good.label).toBe('Valid');
    const revokedList = await list([7]);
    expect((await verify(withStatus, { now: NOW, trust, statusLists: async () => revokedList })).label).toBe('Revoked (withdrawn)');
    // A list in the issuer's name signed by a key the trust list does not name says nothing.
    const foreign = (await addProof(buildStatusListCredential({ id: LIST, issuer: WEB_ISSUER, statusPurpose: 'revocation', encodedList: await encodeList(new Bitstring()) }), { key: other, format: 'ecdsa' })) as Json;
    const unchecked = await verify(withStatus, { now: NOW, trust, statusLists: async () => foreign });
    expect(statuses(unchecked)).toMatchObject({ revocation: 'unknown' });
    expect(unchecked.label).toBe('Could not check');
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

  it('is never verified over the VC-API, whichever checks the client asks for', async () => {
    const forged = await signedBy(other, signer.controller);
    for (const checks of [undefined, ['proof'], ['trust'], ['expiration']]) {
      const response = await post({ verifiableCredential: forged, ...(checks ? { options: { checks } } : {}) });
      expect(response.status, JSON.stringify(checks)).toBe(400);
      const body = (await response.json()) as Json;
      expect(body.verified).toBe(false);
      expect(body.errors.map((e: Json) => e.check)).toContain('issuer');
    }
  });
});

describe('a trusted issuer named by a web address, signed by a key the trust list does not name for it', () => {
  it('is never verified over the VC-API, even asked only for the proof', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'microcred-trust-'));
    writeFileSync(join(dir, 'trust.json'), JSON.stringify({ issuers: [{ id: WEB_ISSUER, signers: [signer.controller] }] }));
    const trust = loadTrustFile(join(dir, 'trust.json'));
    const app = createVerifierApp({ now: NOW, trust });
    const response = await app.request('/credentials/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifiableCredential: await signedBy(other, WEB_ISSUER), options: { checks: ['proof'] } }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).verified).toBe(false);
  });
});
