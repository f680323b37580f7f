import { beforeAll, describe, expect, it } from 'vitest';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import {
  createDocumentLoader,
  generateKey,
  secureCredential,
  signPresentation,
  verifyPresentation,
  type KeyPair,
} from '../src/index.ts';
import { smallCredential, VC_V2 } from './helpers.ts';

let issuer: KeyPair;
let holder: KeyPair;
let holderP256: KeyPair;
beforeAll(async () => {
  issuer = await generateKey({ type: 'P-384' });
  holder = await generateKey({ type: 'Ed25519' });
  holderP256 = await generateKey({ type: 'P-256' });
});

async function presentation(holderKey: KeyPair): Promise<Record<string, unknown>> {
  const expired = { ...smallCredential(issuer.controller), validUntil: '2001-01-01T00:00:00Z' };
  const di = await secureCredential(expired, { key: issuer, format: 'ecdsa' });
  const jwt = await secureCredential(smallCredential(issuer.controller), { key: issuer, format: 'jwt' });
  return {
    '@context': [VC_V2],
    type: ['VerifiablePresentation'],
    holder: holderKey.controller,
    verifiableCredential: [
      di.credential,
      { '@context': [VC_V2], id: `data:application/vc+jwt,${jwt.jwt}`, type: 'EnvelopedVerifiableCredential' },
    ],
  };
}

describe('presentations', () => {
  it.each([
    ['eddsa-rdfc-2022', () => holder],
    ['ecdsa-rdfc-2019', () => holderP256],
  ])('sign and verify (%s), with an expired DI credential and an enveloped vc+jwt', async (_name, holderOf) => {
    const holderKey = holderOf();
    const vp = await signPresentation(await presentation(holderKey), {
      key: holderKey,
      challenge: 'c-123',
      domain: 'verifier.example',
    });
    const result = await verifyPresentation(vp, { challenge: 'c-123', domain: 'verifier.example' });
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.holder).toBe(holderKey.controller);
    expect(result.verificationMethod).toBe(holderKey.id);
    expect(result.credentials.map((c) => [c.verified, c.format])).toEqual([
      [true, 'ecdsa'],
      [true, 'jwt'],
    ]);
  });

  it('fails on a wrong challenge or domain, and on a tampered credential', async () => {
    const vp = await signPresentation(await presentation(holder), { key: holder, challenge: 'c-1', domain: 'a.example' });
    const wrongChallenge = await verifyPresentation(vp, { challenge: 'c-2', domain: 'a.example' });
    expect(wrongChallenge.verified).toBe(false);
    expect(wrongChallenge.errors.length).toBeGreaterThan(0);
    expect((await verifyPresentation(vp, { challenge: 'c-1', domain: 'b.example' })).verified).toBe(false);
    expect((await verifyPresentation(vp, {})).verified).toBe(false);

    const tampered = structuredClone(vp) as { verifiableCredential: Array<Record<string, any>> };
    tampered.verifiableCredential[0]!.credentialSubject.name = 'Mallory';
    const result = await verifyPresentation(tampered, { challenge: 'c-1', domain: 'a.example' });
    expect(result.verified).toBe(false);
  });

  it('refuses to sign for another holder and detects a holder mismatch', async () => {
    const vp = await presentation(holder);
    await expect(signPresentation(vp, { key: holderP256, challenge: 'c' })).rejects.toMatchObject({
      code: 'ERR_HOLDER_MISMATCH',
    });
    // Crafted with the library directly: holder X, signed with Y's key.
    const forged = await vc.signPresentation({
      presentation: vp,
      suite: new DataIntegrityProof({ signer: holderP256.signer(), cryptosuite: ecdsaRdfc2019 }),
      challenge: 'c',
      documentLoader: createDocumentLoader() as never,
    });
    const result = await verifyPresentation(forged, { challenge: 'c' });
    expect(result.verified).toBe(false);
    expect(result.errors.map((e) => e.code)).toEqual(['ERR_HOLDER_MISMATCH']);
    expect(result.credentials.every((c) => c.verified)).toBe(true);
  });

  it('accepts an unsigned presentation when asked to, still checking the credentials', async () => {
    const result = await verifyPresentation(await presentation(holder), { unsignedPresentation: true });
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
  });
});
