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

/*
 * jsonld-signatures' ProofSet accepts a presentation when any one of its proofs verifies (and skips
 * proofs no suite matches), so a bad proof could ride along with a good one. Each proof must verify.
 */
describe('presentations with more than one proof', () => {
  const signed = async (vp: object, key: KeyPair, challenge = 'c-9') => signPresentation(vp, { key, challenge, domain: 'v.example' });
  const verify = (vp: object) => verifyPresentation(vp, { challenge: 'c-9', domain: 'v.example' });
  type Proofed = Record<string, unknown> & { proof: Record<string, unknown> };

  it('refuses a valid holder proof together with a tampered copy of it, in either order', async () => {
    const vp = (await signed(await presentation(holder), holder)) as Proofed;
    const tampered = { ...vp.proof, proofValue: `${String(vp.proof.proofValue).slice(0, -4)}AAAA` };
    for (const proof of [[vp.proof, tampered], [tampered, vp.proof]]) {
      const result = await verify({ ...vp, proof });
      expect(result.verified).toBe(false);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatchObject({ code: 'ERR_PROOF_INVALID', message: expect.stringMatching(/^Proof [12] of 2: /) });
    }
    // The valid proof alone still verifies.
    expect((await verify(vp)).verified).toBe(true);
  });

  it('refuses a second proof of a type it cannot check, one for another challenge, one by a key not the holder\'s, and a chained one', async () => {
    const vp = (await signed(await presentation(holder), holder)) as Proofed;
    const { proof: _proof, ...bare } = vp;
    // A genuine signature over the same presentation, by a key that is not the holder's.
    const byOther = (await vc.signPresentation({
      presentation: structuredClone(bare),
      suite: new DataIntegrityProof({ signer: holderP256.signer(), cryptosuite: ecdsaRdfc2019 }),
      challenge: 'c-9',
      domain: 'v.example',
      documentLoader: createDocumentLoader() as never,
    })) as Proofed;
    const cases: [unknown, string][] = [
      [{ ...vp.proof, type: 'ExampleSignature2099' }, 'ERR_UNKNOWN_FORMAT'],
      [((await signed(bare, holder, 'c-other')) as Proofed).proof, 'ERR_PROOF_INVALID'],
      [byOther.proof, 'ERR_HOLDER_MISMATCH'],
      [{ ...vp.proof, previousProof: 'urn:uuid:1' }, 'ERR_PROOF_INVALID'],
    ];
    for (const [second, code] of cases) {
      const result = await verify({ ...vp, proof: [vp.proof, second] });
      expect(result.verified, code).toBe(false);
      expect(result.errors.map((e) => e.code)).toEqual([code]);
      expect(result.errors[0]?.message).toMatch(/^Proof 2 of 2: /);
    }
  });

  it('accepts two genuine proofs by the holder\'s key (signed twice: each one alone would be accepted, so both together are)', async () => {
    const once = await signed(await presentation(holder), holder);
    const twice = (await signed(once, holder)) as Record<string, unknown> & { proof: unknown[] };
    expect(twice.proof).toHaveLength(2);
    const result = await verify(twice);
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.verificationMethod).toBe(holder.id);
  });
});
