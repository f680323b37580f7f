/**
 * eddsa-jcs-2022 (VC DI EdDSA 1.0 §3.3): the Ed25519 Data Integrity proof over
 * the JSON Canonicalization Scheme form of the credential, where
 * eddsa-rdfc-2022 signs its RDF dataset. What is particular to it, and so
 * tested here (the ordinary round trip and leaf tampering are in
 * round-trip.test.ts):
 * - it signs the JSON: two documents with the same RDF but different JSON
 *   (an RDF proof verifies for both) are told apart;
 * - its proof carries the document's `@context`, and the document's
 *   `@context` must start with it;
 * - a proof is verified by the cryptosuite it names: relabelling an rdfc
 *   proof as jcs (or back) fails;
 * - it is still a JSON-LD credential: a term no context defines is refused
 *   when signing and when verifying, as the RDF suites refuse it;
 * - it mixes with the RDF suites in proof sets and chains.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { createSignCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {
  addProof,
  generateKey,
  secureCredential,
  verifySecuredCredential,
  createDocumentLoader,
  type KeyPair,
} from '../src/index.ts';
import { signDataIntegrity } from '../src/data-integrity/sign.ts';
import { verifyDataIntegrity } from '../src/data-integrity/verify.ts';
import { elmCredential, smallCredential } from './helpers.ts';

type Json = Record<string, any>;

let key: KeyPair;
let p256: KeyPair;
let registrar: KeyPair;
beforeAll(async () => {
  key = await generateKey({ type: 'Ed25519' });
  p256 = await generateKey({ type: 'P-256' });
  registrar = await generateKey({ type: 'Ed25519' });
});

const sign = async (credential: object, format: 'di' | 'eddsa-jcs' = 'eddsa-jcs'): Promise<Json> =>
  (await secureCredential(credential, { key, format })).credential as Json;

describe('eddsa-jcs-2022 proofs', () => {
  it('carry the cryptosuite name and the document @context, and verify as format eddsa-jcs', async () => {
    const credential = smallCredential(key.controller);
    const signed = await sign(credential);
    expect(signed.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-jcs-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod: key.id,
      // VC DI EdDSA "Create Proof (eddsa-jcs-2022)": proof.@context is the document's @context.
      '@context': credential['@context'],
    });
    expect(signed.proof.proofValue).toMatch(/^z[1-9A-HJ-NP-Za-km-z]+$/);
    const result = await verifySecuredCredential(signed);
    expect(result).toMatchObject({ verified: true, format: 'eddsa-jcs', verificationMethod: key.id, errors: [] });
  });

  it('are made and verified outside the RDF fast path, with or without it allowed', async () => {
    const loader = createDocumentLoader();
    const credential = smallCredential(key.controller);
    for (const fastPath of [true, false]) {
      const signed = await signDataIntegrity(credential, { key, format: 'eddsa-jcs', documentLoader: loader, fastPath });
      expect(signed.proof).toMatchObject({ cryptosuite: 'eddsa-jcs-2022' });
      expect((await verifyDataIntegrity(signed, 'eddsa-jcs', loader, { fastPath })).verified).toBe(true);
      // Read as an RDF proof (what the fast path would do), it does not verify.
      expect((await verifyDataIntegrity(signed, 'di', loader, { fastPath })).verified).toBe(false);
    }
  });

  it('sign the JSON: the same RDF written differently breaks a jcs proof, not an rdfc one', async () => {
    const credential = smallCredential(key.controller);
    // {"@value": "Ada Lovelace"} is the same RDF literal as "Ada Lovelace".
    const rewrite = (signed: Json): Json => ({
      ...signed,
      credentialSubject: { ...signed.credentialSubject, name: { '@value': signed.credentialSubject.name } },
    });
    const rdfc = rewrite(await sign(credential, 'di'));
    const jcs = rewrite(await sign(credential, 'eddsa-jcs'));
    expect((await verifySecuredCredential(rdfc)).verified).toBe(true);
    const result = await verifySecuredCredential(jcs);
    expect(result.verified).toBe(false);
    expect(result.format).toBe('eddsa-jcs');
    expect(result.errors[0]?.code).toBe('ERR_PROOF_INVALID');
  });

  it('are verified by the cryptosuite they name: an rdfc proof relabelled jcs fails, and the other way round', async () => {
    const credential = smallCredential(key.controller);
    const rdfc = await sign(credential, 'di');
    const asJcs = { ...rdfc, proof: { ...rdfc.proof, cryptosuite: 'eddsa-jcs-2022' } };
    const first = await verifySecuredCredential(asJcs);
    expect(first).toMatchObject({ verified: false, format: 'eddsa-jcs' });
    expect(first.errors.length).toBeGreaterThan(0);

    const jcs = await sign(credential, 'eddsa-jcs');
    const { '@context': _context, ...proof } = jcs.proof;
    const asRdfc = { ...jcs, proof: { ...proof, cryptosuite: 'eddsa-rdfc-2022' } };
    const second = await verifySecuredCredential(asRdfc);
    expect(second).toMatchObject({ verified: false, format: 'di' });
  });

  it('fail when the document @context does not start with the proof @context', async () => {
    const signed = await sign(smallCredential(key.controller));
    // A context added in front of the signed ones: the proof's @context is no longer a prefix.
    const moved = {
      ...signed,
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
      proof: { ...signed.proof, '@context': ['https://www.w3.org/ns/credentials/examples/v2'] },
    };
    const result = await verifySecuredCredential(moved);
    expect(result.verified).toBe(false);
    expect(result.errors.map((error) => error.message).join(' ')).toMatch(/@context/);
  });

  it('with an inline context object verify once sent as JSON, and fail when the proof has another inline context', async () => {
    // The cryptosuite compares @context values with !==: an inline object and its copy in the proof
    // are never the same object after JSON.parse, though they are the same value.
    const signed = JSON.parse(JSON.stringify(await sign(elmCredential(key.controller)))) as Json;
    expect(typeof signed.proof['@context'][1]).toBe('object');
    expect(await verifySecuredCredential(signed)).toMatchObject({ verified: true, errors: [] });

    const [v2, inline] = signed['@context'];
    const other = { ...signed, proof: { ...signed.proof, '@context': [v2, { ...inline, elm: 'https://example.org/elm#' }] } };
    const result = await verifySecuredCredential(other);
    expect(result.verified).toBe(false);
    expect(result.errors[0]?.message).toMatch(/@context/);
  });

  it('fail when the proof @context is changed or removed', async () => {
    const signed = await sign(smallCredential(key.controller));
    const { '@context': _context, ...withoutContext } = signed.proof;
    // The proof options that were signed include the @context: without it they hash differently.
    expect((await verifySecuredCredential({ ...signed, proof: withoutContext })).verified).toBe(false);
    const other = { ...signed, proof: { ...signed.proof, '@context': [...signed['@context'], 'https://www.w3.org/ns/credentials/examples/v2'] } };
    expect((await verifySecuredCredential(other)).verified).toBe(false);
  });

  it('need an Ed25519 key', async () => {
    await expect(secureCredential(smallCredential(p256.controller), { key: p256, format: 'eddsa-jcs' })).rejects.toMatchObject({
      code: 'ERR_KEY_TYPE_MISMATCH',
      message: expect.stringContaining('eddsa-jcs-2022'),
    });
  });
});

describe('eddsa-jcs-2022 credentials are still JSON-LD', () => {
  const undefinedTerm = (issuer: string): Json => {
    const credential = smallCredential(issuer) as Json;
    return { ...credential, credentialSubject: { ...credential.credentialSubject, nickname: 'Ada' } };
  };

  it('a term no context defines is refused when signing, as eddsa-rdfc-2022 refuses it', async () => {
    for (const format of ['di', 'eddsa-jcs'] as const) {
      await expect(secureCredential(undefinedTerm(key.controller), { key, format })).rejects.toMatchObject({
        code: 'ERR_CREDENTIAL_INVALID',
        message: expect.stringContaining('nickname'),
      });
    }
  });

  it('a proof made over a term no context defines (by the bare cryptosuite) does not verify', async () => {
    // The library alone signs any JSON: this is what another implementation could send us.
    const loader = createDocumentLoader();
    const suite = new DataIntegrityProof({ signer: key.signer(), cryptosuite: createSignCryptosuite() });
    const signed = await vc.issue({
      credential: undefinedTerm(key.controller),
      suite,
      documentLoader: loader as Digitalbazaar.DocumentLoader,
    });
    expect(signed.proof.cryptosuite).toBe('eddsa-jcs-2022');
    const result = await verifySecuredCredential(signed);
    expect(result.verified).toBe(false);
    expect(result.errors[0]).toMatchObject({ code: 'ERR_CREDENTIAL_INVALID', message: expect.stringContaining('nickname') });

    // The same credential without the undefined term, signed the same way, verifies: the check is the term.
    const clean = await vc.issue({
      credential: smallCredential(key.controller),
      suite: new DataIntegrityProof({ signer: key.signer(), cryptosuite: createSignCryptosuite() }),
      documentLoader: loader as Digitalbazaar.DocumentLoader,
    });
    expect((await verifySecuredCredential(clean)).verified).toBe(true);
  });
});

describe('proof sets and chains mixing eddsa-rdfc-2022 and eddsa-jcs-2022', () => {
  it('an rdfc issuer proof and a jcs co-signature both verify, each by its own suite', async () => {
    const issued = await addProof(smallCredential(key.controller), { key, format: 'di', id: 'urn:proof:issuer' });
    const set = await addProof(issued, { key: registrar, format: 'eddsa-jcs', id: 'urn:proof:registrar' });
    const result = await verifySecuredCredential(set);
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.proofs?.map(({ id, format, verified, byIssuer }) => ({ id, format, verified, byIssuer }))).toEqual([
      { id: 'urn:proof:issuer', format: 'di', verified: true, byIssuer: true },
      { id: 'urn:proof:registrar', format: 'eddsa-jcs', verified: true, byIssuer: false },
    ]);
  });

  it('a jcs proof chained to an rdfc proof signs it: changing the rdfc proof breaks both', async () => {
    const issued = await addProof(smallCredential(key.controller), { key, format: 'di', id: 'urn:proof:issuer' });
    const chained = await addProof(issued, { key: registrar, format: 'eddsa-jcs', previousProof: 'urn:proof:issuer' });
    expect((await verifySecuredCredential(chained)).verified).toBe(true);

    const [first, second] = chained.proof as Json[];
    const tampered = { ...chained, proof: [{ ...first, created: '2001-01-01T00:00:00Z' }, second] };
    const result = await verifySecuredCredential(tampered);
    expect(result.verified).toBe(false);
    expect(result.proofs?.map((entry) => entry.verified)).toEqual([false, false]);
  });

  it('a jcs issuer proof and an rdfc co-signature: tampering the credential fails both', async () => {
    const issued = await addProof(smallCredential(key.controller), { key, format: 'eddsa-jcs', id: 'urn:proof:issuer' });
    const set = (await addProof(issued, { key: registrar, format: 'di', id: 'urn:proof:registrar' })) as Json;
    expect((await verifySecuredCredential(set)).verified).toBe(true);
    const tampered = { ...set, credentialSubject: { ...set.credentialSubject, name: 'Grace Hopper' } };
    const result = await verifySecuredCredential(tampered);
    expect(result.verified).toBe(false);
    expect(result.proofs?.map((entry) => entry.verified)).toEqual([false, false]);
  });
});
