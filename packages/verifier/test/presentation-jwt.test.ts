/**
 * An employer receives a presentation secured as a JWT (a vp+jwt, usually wrapped in an
 * EnvelopedVerifiablePresentation) and gets the same report as for a Data Integrity presentation:
 * genuine only when the holder signed it for this request (the challenge is its nonce), and valid only
 * when every credential inside is; over HTTP, VC-API's 200 / 400.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CompactSign } from 'jose';
import { buildMicroCredential, loadFixture } from '@microcred/model';
import {
  createDidResolver,
  ErrorCodes,
  generateKey,
  SecuringError,
  secureCredential,
  type DidResolver,
  type KeyPair,
} from '@microcred/securing';
import { Bitstring, buildStatusEntry, buildStatusListCredential, encodeList } from '@microcred/status-list';
import { createVerifierApp, verify, type VerifyOptions } from '../src/index.ts';

type Json = Record<string, any>;

const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
const LISTS = 'https://issuer.example/lists';
const REVOKED = 7;
const GOOD = 42;

let issuer: KeyPair;
let holder: KeyPair;
const lists = new Map<string, Json>();
let options: VerifyOptions;

async function publishList(purpose: 'revocation' | 'suspension', setBits: number[]) {
  const bits = new Bitstring({ length: 131_072 });
  for (const i of setBits) bits.set(i, true);
  const list = buildStatusListCredential({ id: `${LISTS}/${purpose}`, issuer: issuer.controller, statusPurpose: purpose, encodedList: await encodeList(bits) });
  lists.set(`${LISTS}/${purpose}`, (await secureCredential(list as unknown as Json, { key: issuer, format: 'di' })).credential);
}

/** A micro-credential with revocation and suspension entries at `index`, secured as `format`. */
async function issue(index: number, format: 'di' | 'jwt'): Promise<Json | string> {
  const credentialStatus = (['revocation', 'suspension'] as const).map((purpose) =>
    buildStatusEntry({ statusListCredential: `${LISTS}/${purpose}`, statusListIndex: index, statusPurpose: purpose }),
  );
  const credential = buildMicroCredential(loadFixture('minimal'), { issuer: issuer.controller, credentialStatus: credentialStatus as unknown as Json[] });
  const secured = await secureCredential(credential, { key: issuer, format });
  return secured.jwt ?? secured.credential;
}

const envelopedVc = (jwt: string) => ({ '@context': VC_V2, type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${jwt}` });
const envelope = (jwt: string, mediaType = 'application/vp+jwt') => ({ '@context': VC_V2, type: 'EnvelopedVerifiablePresentation', id: `data:${mediaType},${jwt}` });

/** What the holder's wallet sends: the presentation as a vp+jwt, the verifier's challenge as nonce and domain as aud. */
async function present(credentials: unknown[], key = holder, claims: Json = { nonce: 'c-7', aud: 'employer.example' }): Promise<string> {
  const payload = { '@context': [VC_V2], type: ['VerifiablePresentation'], holder: key.controller, verifiableCredential: credentials, ...claims };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: key.jwsAlgorithm, kid: key.id, typ: 'vp+jwt', cty: 'vp' })
    .sign(await key.joseKey());
}

const check = (report: { checks: { check: string }[] }, name: string) => report.checks.find((c) => c.check === name) as Json | undefined;

beforeAll(async () => {
  issuer = await generateKey({ type: 'Ed25519' });
  holder = await generateKey({ type: 'Ed25519' });
  await publishList('revocation', [REVOKED]);
  await publishList('suspension', []);
  options = {
    trustedIssuers: [issuer.controller],
    statusLists: async (url) => {
      const list = lists.get(url);
      if (!list) throw new Error(`no list at ${url}`);
      return list;
    },
  };
});

describe('verifying a presentation secured as a JWT', () => {
  it('reports the holder and each credential inside, as for a Data Integrity presentation', async () => {
    const jwt = await present([await issue(GOOD, 'di'), envelopedVc((await issue(GOOD, 'jwt')) as string)]);
    const report = await verify(envelope(jwt), { ...options, challenge: 'c-7', domain: 'employer.example' });
    expect(report.verdict).toBe('valid');
    expect(report.label).toBe('Valid');
    expect(report.format).toBe('presentation');
    expect(report.holder).toBe(holder.controller);
    expect(check(report, 'format')).toEqual({ check: 'format', status: 'pass', reason: 'A Verifiable Presentation holding 2 credentials, secured as a JWT (vp+jwt).' });
    expect(check(report, 'proof')!.status).toBe('pass');
    expect(report.credentials!.map((c) => [c.verdict, c.format])).toEqual([
      ['valid', 'di'],
      ['valid', 'jwt'],
    ]);
    expect(report.credentials![0]!.summary?.title).toEqual({ en: 'Introduction to Occupational Safety' });
    // The bare JWT is the same presentation.
    expect((await verify(jwt, { ...options, challenge: 'c-7', domain: 'employer.example' })).verdict).toBe('valid');
  });

  it('is not genuine when replayed for another challenge', async () => {
    const jwt = await present([await issue(GOOD, 'di')]);
    const report = await verify(envelope(jwt), { ...options, challenge: 'c-8' });
    expect(report.verdict).toBe('invalid');
    expect(report.label).toBe('Not genuine');
    expect(report.headline).toBe('The presentation is not genuine: do not rely on it.');
    expect(check(report, 'proof')!.reason).toContain('a replay');
  });

  it('is revoked when a credential inside is revoked, and not genuine when one was changed', async () => {
    const revoked = await verify(envelope(await present([await issue(REVOKED, 'di')])), { ...options, challenge: 'c-7' });
    expect(revoked.verdict).toBe('invalid');
    expect(revoked.label).toBe('Revoked (withdrawn)');
    expect(check(revoked, 'proof')!.status).toBe('pass');

    const credential = (await issue(GOOD, 'di')) as Json;
    const changed = { ...credential, credentialSubject: { ...credential.credentialSubject, id: 'did:example:someone-else' } };
    const tampered = await verify(envelope(await present([changed])), { ...options, challenge: 'c-7' });
    expect(tampered.verdict).toBe('invalid');
    expect(tampered.label).toBe('Not genuine');
    expect(check(tampered.credentials![0]!, 'proof')!.status).toBe('fail');
  });

  it('is not genuine when the envelope does not hold a presentation JWT, or breaks the data model', async () => {
    const jwt = await present([await issue(GOOD, 'di')]);
    for (const [envelopeOf, reason] of [
      [{ ...envelope(jwt), id: jwt }, 'must be a data: URL'],
      [envelope(jwt, 'application/vc+jwt'), 'holds a credential (application/vc+jwt), not a presentation'],
      [{ ...envelope(jwt), '@context': [] }, `@context must start with ${VC_V2}`],
    ] as const) {
      const report = await verify(envelopeOf, { ...options, challenge: 'c-7' });
      expect(report.verdict).toBe('invalid');
      expect(report.label).toBe('Not genuine');
      expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.reason).join(' ')).toContain(reason);
    }
  });

  it('could not be checked when the holder\'s DID cannot be resolved', async () => {
    const webHolder = await generateKey({ type: 'Ed25519', did: 'web', domain: 'holder.example' });
    const keys = createDidResolver();
    const unreachable: DidResolver = {
      resolve: async (did) => {
        if (did.startsWith('did:web:')) throw new SecuringError(ErrorCodes.DID_NOT_RESOLVED, `${did} could not be fetched.`);
        return keys.resolve(did);
      },
      dereference: (url) => keys.dereference(url),
    };
    const report = await verify(envelope(await present([await issue(GOOD, 'di')], webHolder)), { ...options, challenge: 'c-7', didResolver: unreachable });
    expect(report.verdict).toBe('indeterminate');
    expect(report.label).toBe('Could not check');
    expect(check(report, 'proof')).toMatchObject({ status: 'unknown', reason: expect.stringContaining('could not be fetched') });
  });
});

describe('POST /presentations/verify with a vp+jwt (VC-API)', () => {
  const post = (body: unknown) =>
    createVerifierApp(options).request('/presentations/verify', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

  it('answers 200 for the holder\'s enveloped or bare vp+jwt with the challenge it answers, 400 for another', async () => {
    const jwt = await present([await issue(GOOD, 'di')]);
    const good = await post({ verifiablePresentation: envelope(jwt), options: { challenge: 'c-7', domain: 'employer.example' } });
    expect(good.status).toBe(200);
    expect(((await good.json()) as Json).verified).toBe(true);
    expect((await post({ verifiablePresentation: jwt, options: { challenge: 'c-7' } })).status).toBe(200);
    const replayed = await post({ verifiablePresentation: envelope(jwt), options: { challenge: 'c-8' } });
    expect(replayed.status).toBe(400);
    expect(((await replayed.json()) as Json).errors.map((e: Json) => e.check)).toContain('proof');
  });

  it('answers 400 for a presentation whose envelope is broken', async () => {
    const jwt = await present([await issue(GOOD, 'di')]);
    const response = await post({ verifiablePresentation: { ...envelope(jwt), '@context': ['https://www.w3.org/ns/credentials/examples/v2'] }, options: { challenge: 'c-7' } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).errors.map((e: Json) => e.check)).toEqual(['format']);
  });

  it('refuses a credential sent as the presentation: it would carry no answer to the challenge', async () => {
    for (const credential of [await issue(GOOD, 'di'), await issue(GOOD, 'jwt')]) {
      const response = await post({ verifiablePresentation: credential, options: { challenge: 'c-7' } });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(((await response.json()) as Json).title).toBe('Not a presentation');
    }
  });
});
