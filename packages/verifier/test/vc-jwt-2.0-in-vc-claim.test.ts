/**
 * Wallets built on did-jwt-vc, Veramo or SpruceID present a VC 2.0 credential the VC 1.1 way: a JWT
 * (no typ, often ES256) whose `vc` claim holds the 2.0 credential, inside a presentation JWT whose `vp`
 * claim holds the presentation, enveloped as application/jwt. An employer given one gets the same report
 * as for any other credential: genuine, and current only within nbf..exp, which are the credential's
 * validFrom and validUntil.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CompactSign } from 'jose';
import { generateKey, type KeyPair } from '@microcred/securing';
import { createVerifierApp, verify, type VerifyOptions } from '../src/index.ts';

type Json = Record<string, any>;

const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
const NOW = new Date('2026-06-01T00:00:00Z');
const seconds = (date: string) => Date.parse(date) / 1000;

let issuer: KeyPair;
let holder: KeyPair;
let options: VerifyOptions;

beforeAll(async () => {
  issuer = await generateKey({ type: 'P-256' });
  holder = await generateKey({ type: 'Ed25519' });
  options = { trustedIssuers: [issuer.controller], challenge: 'c-42', domain: 'employer.example', now: NOW };
});

async function sign(key: KeyPair, claims: Json, header: Json = {}): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: key.jwsAlgorithm, kid: key.id, ...header })
    .sign(await key.joseKey());
}

/** The issuer's credential: registered claims plus a VC 2.0 credential in `vc`, no typ. */
function credentialJwt(validity: { nbf: string; exp: string }): Promise<string> {
  return sign(issuer, {
    iss: issuer.controller,
    sub: holder.controller,
    jti: 'urn:uuid:0b9f3c1e-7d2a-4e55-9c61-5f8a2d4b3e70',
    nbf: seconds(validity.nbf),
    exp: seconds(validity.exp),
    vc: { '@context': [VC_V2], type: ['VerifiableCredential'], credentialSubject: { name: 'Ada Lovelace' } },
  });
}

/** The holder's presentation: a `vp` claim with the credential enveloped as application/jwt, answering the challenge. */
async function presentation(credential: string): Promise<Json> {
  const vp = {
    '@context': [VC_V2],
    type: ['VerifiablePresentation'],
    verifiableCredential: [{ '@context': VC_V2, type: 'EnvelopedVerifiableCredential', id: `data:application/jwt,${credential}` }],
  };
  const jwt = await sign(holder, { iss: holder.controller, aud: 'employer.example', nonce: 'c-42', vp }, { typ: 'JWT' });
  return { '@context': VC_V2, type: 'EnvelopedVerifiablePresentation', id: `data:application/jwt,${jwt}` };
}

const check = (report: { checks: { check: string }[] }, name: string) => report.checks.find((c) => c.check === name) as Json | undefined;

describe('a presentation JWT carrying a VC 2.0 credential in a `vc` claim', () => {
  it('is valid, and the credential is reported as VC 2.0 secured as a VC-JWT with its nbf..exp as validity', async () => {
    const report = await verify(await presentation(await credentialJwt({ nbf: '2025-01-01T00:00:00Z', exp: '2030-01-01T00:00:00Z' })), options);
    expect(report.verdict).toBe('valid');
    expect(report.label).toBe('Valid');
    expect(report.holder).toBe(holder.controller);
    expect(check(report, 'proof')!.status).toBe('pass');
    const [credential] = report.credentials!;
    expect(credential).toMatchObject({ verdict: 'valid', label: 'Valid', format: 'jwt', issuer: issuer.controller, credentialId: 'urn:uuid:0b9f3c1e-7d2a-4e55-9c61-5f8a2d4b3e70' });
    expect(check(credential!, 'format')).toEqual({ check: 'format', status: 'pass', reason: 'A W3C Verifiable Credential (Data Model 2.0) secured as a JWT (VC-JWT).' });
    expect(check(credential!, 'proof')!.status).toBe('pass');
    expect(check(credential!, 'validity')).toEqual({ check: 'validity', status: 'pass', reason: 'Valid from 2025-01-01 00:00 UTC until 2030-01-01 00:00 UTC.' });
  });

  it('is Expired when the credential\'s exp has passed, though every signature holds', async () => {
    const report = await verify(await presentation(await credentialJwt({ nbf: '2024-01-01T00:00:00Z', exp: '2025-06-01T00:00:00Z' })), options);
    expect(report.verdict).toBe('invalid');
    expect(report.label).toBe('Expired');
    expect(check(report, 'proof')!.status).toBe('pass');
    const [credential] = report.credentials!;
    expect(credential!.label).toBe('Expired');
    expect(check(credential!, 'proof')!.status).toBe('pass');
    expect(check(credential!, 'validity')).toEqual({ check: 'validity', status: 'fail', reason: 'The credential expired on 2025-06-01 00:00 UTC.' });
  });

  it('answers 200 over VC-API\'s POST /presentations/verify, and 400 once expired', async () => {
    // The service verifies at the real time of the request, so this credential's window ends far ahead.
    const app = createVerifierApp({ trustedIssuers: [issuer.controller] });
    const post = async (credential: string) =>
      app.request('/presentations/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ verifiablePresentation: await presentation(credential), options: { challenge: 'c-42', domain: 'employer.example' } }),
      });
    expect((await post(await credentialJwt({ nbf: '2025-01-01T00:00:00Z', exp: '2999-01-01T00:00:00Z' }))).status).toBe(200);
    expect((await post(await credentialJwt({ nbf: '2024-01-01T00:00:00Z', exp: '2025-06-01T00:00:00Z' }))).status).toBe(400);
  });
});
