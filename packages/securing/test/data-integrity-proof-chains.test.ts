/**
 * Proof sets and proof chains (VC Data Integrity 1.0, "Proof Sets", "Proof
 * Chains", "Add Proof Set/Chain", "Verify Proof Sets and Chains"). What a
 * relying party counts on when a credential carries several proofs, e.g. the
 * issuer's and a registrar's or notary's countersignature:
 * - every proof must be genuine, not just one of them;
 * - a proof that names a `previousProof` signed that proof too, so the proof
 *   it names cannot be removed, swapped or changed without breaking it;
 * - one of the proofs must be the issuer's (the others are by someone else,
 *   which is the point of a countersignature).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addProof as addProofToCredential,
  createDocumentLoader,
  ErrorCodes,
  generateKey,
  secureCredential,
  verifySecuredCredential,
  type AddProofOptions,
  type KeyPair,
  type ProofResult,
} from '../src/index.ts';
import { verifyDataIntegrity } from '../src/data-integrity/verify.ts';
import { verifyFast } from '../src/data-integrity/fast/verify.ts';
import { signingSuite } from '../src/data-integrity/suites.ts';
import { elmCredential, smallCredential } from './helpers.ts';

type Json = Record<string, any>;

const addProof = (credential: object, options: AddProofOptions) => addProofToCredential(credential, options) as Promise<Json>;

const ISSUER_PROOF = 'urn:uuid:7f1c1d8e-issuer-proof';
const REGISTRAR_PROOF = 'urn:uuid:2b9e4a10-registrar-proof';

let issuer: KeyPair;
let registrar: KeyPair; // another organisation (another DID), Ed25519
let notary: KeyPair; // a third one, P-256 (ecdsa-rdfc-2019)
const loader = createDocumentLoader();

beforeAll(async () => {
  issuer = await generateKey({ type: 'Ed25519' });
  registrar = await generateKey({ type: 'Ed25519' });
  notary = await generateKey({ type: 'P-256' });
});

/** The issuer's proof (with an id), then the registrar's proof chained to it. */
async function chained(make = smallCredential): Promise<Json> {
  const signed = await addProof(make(issuer.controller), { key: issuer, format: 'di', id: ISSUER_PROOF });
  return addProof(signed, { key: registrar, format: 'di', id: REGISTRAR_PROOF, previousProof: ISSUER_PROOF });
}

function withoutProof(credential: Json): Json {
  const { proof: _proof, ...bare } = credential;
  return bare;
}

const messages = (result: ProofResult) => result.errors.map((e) => e.message).join('\n');

describe('a proof chain (previousProof)', () => {
  it('verifies: both proofs genuine, the first the issuer\'s, the second covering it', async () => {
    const credential = await chained();
    expect(credential.proof).toHaveLength(2);
    expect(credential.proof[0]).toMatchObject({ id: ISSUER_PROOF, verificationMethod: issuer.id, proofPurpose: 'assertionMethod' });
    expect(credential.proof[1]).toMatchObject({ id: REGISTRAR_PROOF, previousProof: ISSUER_PROOF, verificationMethod: registrar.id });

    const result = await verifySecuredCredential(credential);
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.format).toBe('di');
    expect(result.issuer).toBe(issuer.controller);
    // The issuer binding is the issuer's proof, whatever order the proofs come in.
    expect(result.verificationMethod).toBe(issuer.id);
    expect(result.proofs).toEqual([
      { id: ISSUER_PROOF, format: 'di', verificationMethod: issuer.id, controller: issuer.controller, verified: true, byIssuer: true, errors: [] },
      {
        id: REGISTRAR_PROOF,
        format: 'di',
        verificationMethod: registrar.id,
        controller: registrar.controller,
        previousProof: [ISSUER_PROOF],
        verified: true,
        byIssuer: false,
        errors: [],
      },
    ]);
  });

  it('the chained proof signed the proof it names: it does not verify over the credential alone', async () => {
    const credential = await chained();
    // The registrar's proof on its own, as if it were an independent proof: its signature covers the issuer's proof too.
    const { proof, ...bare } = credential;
    const { previousProof: _dropped, ...alone } = proof[1] as Json;
    const result = await verifySecuredCredential({ ...bare, proof: [proof[0], alone] });
    expect(result.verified).toBe(false);
    expect(result.proofs?.[1]).toMatchObject({ verified: false, errors: [{ code: ErrorCodes.PROOF_INVALID }] });
  });

  it('fails with a clear error when the proof it names is removed', async () => {
    const credential = await chained();
    const result = await verifySecuredCredential({ ...credential, proof: [credential.proof[1]] });
    expect(result.verified).toBe(false);
    expect(result.errors).toEqual([
      {
        code: ErrorCodes.PROOF_INVALID,
        message: `Proof 1 of 1 (${REGISTRAR_PROOF}): "previousProof" names "${ISSUER_PROOF}", but no proof in the set has that id.`,
      },
    ]);
    // The lone chained proof as an object, not a list: the same.
    const single = await verifySecuredCredential({ ...credential, proof: credential.proof[1] });
    expect(single.verified).toBe(false);
    expect(single.errors[0]?.message).toMatch(/no proof in the set has that id/);
  });

  it('fails when previousProof names an id that no proof has (string or list)', async () => {
    const credential = await chained();
    for (const previousProof of ['urn:uuid:no-such-proof', ['urn:uuid:no-such-proof'], [ISSUER_PROOF, 'urn:uuid:no-such-proof']]) {
      const proof = [credential.proof[0], { ...credential.proof[1], previousProof }];
      const result = await verifySecuredCredential({ ...credential, proof });
      expect(result.verified).toBe(false);
      expect(result.errors).toContainEqual({
        code: ErrorCodes.PROOF_INVALID,
        message: `Proof 2 of 2 (${REGISTRAR_PROOF}): "previousProof" names "urn:uuid:no-such-proof", but no proof in the set has that id.`,
      });
    }
  });

  it('fails when previousProof is neither a string nor a list of strings', async () => {
    const credential = await chained();
    for (const previousProof of [42, { id: ISSUER_PROOF }, [ISSUER_PROOF, 7], null]) {
      const result = await verifySecuredCredential({ ...credential, proof: [credential.proof[0], { ...credential.proof[1], previousProof }] });
      expect(result.verified).toBe(false);
      expect(messages(result)).toMatch(/"previousProof" must be a string or a list of strings/);
    }
  });

  it('tampering with the first proof breaks the second', async () => {
    const credential = await chained();
    const first = credential.proof[0] as Json;
    // A changed signature value: the first proof fails, and so does the second, which signed the original.
    const flipped = `${first.proofValue.slice(0, -2)}${first.proofValue.endsWith('1') ? '2' : '1'}${first.proofValue.slice(-1)}`;
    const tampered = await verifySecuredCredential({ ...credential, proof: [{ ...first, proofValue: flipped }, credential.proof[1]] });
    expect(tampered.verified).toBe(false);
    expect(tampered.proofs?.map((p) => p.verified)).toEqual([false, false]);

    // Swapped for another genuine proof by the issuer with the same id (a later date): it verifies on its own,
    // but it is not the proof the registrar signed.
    const resigned = await addProof(withoutProof(credential), { key: issuer, format: 'di', id: ISSUER_PROOF, date: '2030-01-01T00:00:00Z' });
    const swapped = await verifySecuredCredential({ ...credential, proof: [resigned.proof, credential.proof[1]] });
    expect(swapped.verified).toBe(false);
    expect(swapped.proofs?.map((p) => p.verified)).toEqual([true, false]);
    expect(swapped.errors).toEqual([{ code: ErrorCodes.PROOF_INVALID, message: `Proof 2 of 2 (${REGISTRAR_PROOF}): Invalid signature.` }]);
  });

  it('tampering with the credential breaks every proof', async () => {
    const credential = await chained();
    const result = await verifySecuredCredential({ ...credential, credentialSubject: { ...credential.credentialSubject, name: 'Mallory' } });
    expect(result.verified).toBe(false);
    expect(result.proofs?.map((p) => p.verified)).toEqual([false, false]);
  });

  it('verifies when the issuer\'s proof comes second and names a co-signer\'s proof (as the W3C test vectors do)', async () => {
    const credential = smallCredential(issuer.controller);
    const cosigned = await addProof(credential, { key: registrar, format: 'di', id: REGISTRAR_PROOF });
    const signed = await addProof(cosigned, { key: issuer, format: 'di', previousProof: [REGISTRAR_PROOF] });
    const result = await verifySecuredCredential(signed);
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.verificationMethod).toBe(issuer.id);
    expect(result.proofs?.map((p) => p.byIssuer)).toEqual([false, true]);
  });

  it('chains to several proofs, across cryptosuites (eddsa-rdfc-2022 and ecdsa-rdfc-2019)', async () => {
    const first = await addProof(elmCredential(issuer.controller), { key: issuer, format: 'di', id: ISSUER_PROOF });
    const second = await addProof(first, { key: registrar, format: 'di', id: REGISTRAR_PROOF, previousProof: ISSUER_PROOF });
    const third = await addProof(second, { key: notary, format: 'ecdsa', previousProof: [ISSUER_PROOF, REGISTRAR_PROOF] });
    const result = await verifySecuredCredential(third);
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.proofs?.map((p) => [p.format, p.controller])).toEqual([
      ['di', issuer.controller],
      ['di', registrar.controller],
      ['ecdsa', notary.controller],
    ]);
    // Dropping the middle proof breaks both proofs that named it.
    const dropped = await verifySecuredCredential({ ...third, proof: [third.proof[0], third.proof[2]] });
    expect(dropped.verified).toBe(false);
    expect(messages(dropped)).toMatch(`"previousProof" names "${REGISTRAR_PROOF}", but no proof in the set has that id.`);
  });

  it('refuses a proof that names itself, and a name that two proofs share', async () => {
    const credential = await chained();
    const self = await verifySecuredCredential({ ...credential, proof: [credential.proof[0], { ...credential.proof[1], previousProof: REGISTRAR_PROOF }] });
    expect(self.verified).toBe(false);
    expect(messages(self)).toMatch(`"previousProof" names the proof itself ("${REGISTRAR_PROOF}")`);

    const twin = await addProof(withoutProof(credential), { key: issuer, format: 'di', date: '2031-01-01T00:00:00Z' });
    const ambiguous = await verifySecuredCredential({ ...credential, proof: [...credential.proof, { ...twin.proof, id: ISSUER_PROOF }] });
    expect(ambiguous.verified).toBe(false);
    expect(messages(ambiguous)).toMatch(`"previousProof" names "${ISSUER_PROOF}", which is the id of more than one proof in the set.`);
  });

  it('a proof that names a previousProof but signed the credential without it is refused, on the fast path too', async () => {
    const signed = await addProof(smallCredential(issuer.controller), { key: issuer, format: 'di', id: ISSUER_PROOF });
    const { proof: _proof, ...bare } = signed;
    // Not made by the chain algorithm: previousProof in its options, yet only the bare credential hashed.
    const suite = signingSuite('di', issuer.signer());
    suite.proof = { previousProof: ISSUER_PROOF };
    const { CredentialIssuancePurpose } = await import('@digitalbazaar/vc');
    const wrong = await suite.createProof({ document: bare, purpose: new CredentialIssuancePurpose(), proofSet: [], documentLoader: loader });
    expect(await verifyFast({ ...bare, proof: wrong }, 'di', loader)).toBeUndefined();
    const result = await verifySecuredCredential({ ...bare, proof: [signed.proof, wrong] });
    expect(result.verified).toBe(false);
    expect(result.proofs?.map((p) => p.verified)).toEqual([true, false]);
  });

  it('gives the same verdicts with the fast path off (jsonld-signatures\' suites throughout)', async () => {
    const credential = await chained(elmCredential);
    const cases: Json[] = [
      credential,
      { ...credential, proof: [credential.proof[1]] },
      { ...credential, proof: [{ ...credential.proof[0], created: '2020-01-01T00:00:00Z' }, credential.proof[1]] },
    ];
    for (const input of cases) {
      const fast = await verifyDataIntegrity(input, 'di', loader);
      const general = await verifyDataIntegrity(input, 'di', loader, { fastPath: false });
      expect(fast).toEqual(general);
    }
  });
});

describe('a proof set (independent proofs)', () => {
  async function set(): Promise<Json> {
    const { credential } = await secureCredential(smallCredential(issuer.controller), { key: issuer, format: 'di' });
    return addProof(credential, { key: notary, format: 'ecdsa' });
  }

  it('verifies when every proof is genuine and one is the issuer\'s', async () => {
    const credential = await set();
    expect(credential.proof).toHaveLength(2);
    expect(credential.proof[1].previousProof).toBeUndefined();
    const result = await verifySecuredCredential(credential);
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.verificationMethod).toBe(issuer.id);
    expect(result.proofs?.map((p) => [p.verified, p.byIssuer])).toEqual([
      [true, true],
      [true, false],
    ]);
    // Independent proofs: either one alone still stands (the issuer's) or fails only the issuer binding.
    expect((await verifySecuredCredential({ ...credential, proof: credential.proof[0] })).verified).toBe(true);
  });

  it('fails when any proof is not genuine, even though the issuer\'s is', async () => {
    const credential = await set();
    const [mine, theirs] = credential.proof as Json[];
    const broken = { ...theirs, created: '2020-01-01T00:00:00Z' };
    const result = await verifySecuredCredential({ ...credential, proof: [mine, broken] });
    expect(result.verified).toBe(false);
    expect(result.proofs?.map((p) => p.verified)).toEqual([true, false]);
    expect(result.errors).toEqual([{ code: ErrorCodes.PROOF_INVALID, message: 'Proof 2 of 2: Invalid signature.' }]);
  });

  it('fails the issuer binding when no proof is the issuer\'s, though each is genuine', async () => {
    const credential = smallCredential(issuer.controller);
    const one = await addProof(credential, { key: registrar, format: 'di' });
    const two = await addProof(one, { key: notary, format: 'ecdsa' });
    const result = await verifySecuredCredential(two);
    expect(result.verified).toBe(false);
    expect(result.proofs?.map((p) => p.verified)).toEqual([true, true]);
    expect(result.errors).toEqual([
      {
        code: ErrorCodes.ISSUER_MISMATCH,
        message: `None of the 2 proofs was made with a key of the issuer ${issuer.controller}; they are by ${registrar.controller}, ${notary.controller}.`,
      },
    ]);
  });

  it('fails when one of the proofs is of a type this verifier cannot check', async () => {
    const credential = await set();
    const unknown = { type: 'BbsBlsSignature2020', proofPurpose: 'assertionMethod', verificationMethod: notary.id, proofValue: 'abc' };
    const result = await verifySecuredCredential({ ...credential, proof: [...credential.proof, unknown] });
    expect(result.verified).toBe(false);
    expect(result.errors).toEqual([
      { code: ErrorCodes.UNKNOWN_FORMAT, message: 'Proof 3 of 3: Unsupported proof type "BbsBlsSignature2020"; every proof of a set must verify.' },
    ]);
  });

  it('fails when a proof is not an assertion (proofPurpose authentication)', async () => {
    const credential = await set();
    const result = await verifySecuredCredential({ ...credential, proof: [credential.proof[0], { ...credential.proof[1], proofPurpose: 'authentication' }] });
    expect(result.verified).toBe(false);
    expect(result.errors).toEqual([{ code: ErrorCodes.PROOF_INVALID, message: 'Proof 2 of 2: The proof purpose is "authentication", not "assertionMethod".' }]);
  });
});

describe('adding proofs', () => {
  it('never modifies its input and keeps the proofs already there unchanged', async () => {
    const first = await addProof(smallCredential(issuer.controller), { key: issuer, format: 'di', id: ISSUER_PROOF });
    const before = structuredClone(first);
    const second = await addProof(first, { key: registrar, format: 'di', previousProof: ISSUER_PROOF });
    expect(first).toEqual(before);
    expect(second.proof[0]).toEqual(first.proof);
  });

  it('refuses to chain to a proof the credential does not carry, or to reuse a proof id', async () => {
    const first = await addProof(smallCredential(issuer.controller), { key: issuer, format: 'di', id: ISSUER_PROOF });
    await expect(addProof(first, { key: registrar, format: 'di', previousProof: 'urn:uuid:no-such-proof' })).rejects.toMatchObject({
      code: ErrorCodes.CREDENTIAL_INVALID,
      message: 'The new proof cannot be chained: "previousProof" names "urn:uuid:no-such-proof", but no proof in the set has that id.',
    });
    await expect(addProof(first, { key: registrar, format: 'di', previousProof: [] })).rejects.toMatchObject({ code: ErrorCodes.CREDENTIAL_INVALID });
    await expect(addProof(first, { key: registrar, format: 'di', id: ISSUER_PROOF })).rejects.toMatchObject({
      code: ErrorCodes.CREDENTIAL_INVALID,
      message: `The credential already has a proof with the id "${ISSUER_PROOF}".`,
    });
  });

  it('refuses to add a suite context to a credential that already carries proofs (it would break them)', async () => {
    const v1 = {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiableCredential'],
      issuer: issuer.controller,
      issuanceDate: '2025-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:learner-1' },
    };
    const signed = await addProof(v1, { key: issuer, format: 'di' }); // the first proof may add it
    expect(signed['@context']).toContain('https://w3id.org/security/data-integrity/v2');
    const withoutContext = { ...signed, '@context': v1['@context'] };
    await expect(addProof(withoutContext, { key: registrar, format: 'di' })).rejects.toMatchObject({ code: ErrorCodes.CREDENTIAL_INVALID });
  });

  it('checks the key fits the format', async () => {
    await expect(addProof(smallCredential(issuer.controller), { key: notary, format: 'di' })).rejects.toMatchObject({ code: ErrorCodes.KEY_TYPE_MISMATCH });
    await expect(addProof(smallCredential(issuer.controller), { key: issuer, format: 'jwt' as 'di' })).rejects.toMatchObject({ code: ErrorCodes.UNKNOWN_FORMAT });
  });
});

describe('a lone proof by a key that is not the issuer\'s', () => {
  it('is not verified, but says the signature itself is genuine and whose key made it', async () => {
    // Signed by the registrar's key, naming the issuer: the content is intact, the signer is someone else.
    const credential = await addProof(smallCredential(issuer.controller), { key: registrar, format: 'di' });
    const result = await verifySecuredCredential(credential);
    expect(result.verified).toBe(false);
    expect(result.errors.map((e) => e.code)).toContain(ErrorCodes.ISSUER_MISMATCH);
    expect(result.proofs).toHaveLength(1);
    expect(result.proofs?.[0]).toMatchObject({ verified: true, byIssuer: false, controller: registrar.controller, verificationMethod: registrar.id });
  });

  it('a forged signature under someone else\'s key is told apart: no genuine proof is reported', async () => {
    const credential = await addProof(smallCredential(issuer.controller), { key: registrar, format: 'di' });
    credential.credentialSubject = { ...credential.credentialSubject, name: 'Someone Else' };
    const result = await verifySecuredCredential(credential);
    expect(result.verified).toBe(false);
    expect(result.proofs?.every((entry) => entry.verified) ?? false).toBe(false);
  });
});
