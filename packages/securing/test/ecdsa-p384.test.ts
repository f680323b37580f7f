/**
 * ecdsa-rdfc-2019 with a P-384 key hashes with SHA-384: W3C Data Integrity ECDSA Cryptosuites v1.0,
 * §3.3.4 "Hashing (ecdsa-rdfc-2019)": "for curve P-256 one uses SHA-256 and for curve P-384 one uses
 * SHA-384", the proof configuration hash first, then the document hash (48 + 48 bytes), signed with
 * ECDSA P-384 (a 96-byte signature). A P-384 proof over SHA-256 hash data is what another
 * implementation would refuse, so both directions are pinned here: the specification's own P-384
 * example (appendix "Representation: ecdsa-rdfc-2019, with curve P-384") against our code, and
 * our proofs against an independent computation (rdf-canonize + node:crypto).
 */
import { createHash, createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import * as base58btc from 'base58-universal';
import jsigs from 'jsonld-signatures';
import { describe, expect, it } from 'vitest';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import { createDocumentLoader, generateKey, secureCredential, verifySecuredCredential, type JsonObject } from '../src/index.ts';
import { digestFor, verifyDataFast } from '../src/data-integrity/fast/sign.ts';
import { signDataIntegrity } from '../src/data-integrity/sign.ts';
import { verificationSuite } from '../src/data-integrity/suites.ts';

const documentLoader = createDocumentLoader();

// The specification's example (TestVectors/ecdsa-rdfc-2019-p384/signedECDSAP384.json in w3c/vc-di-ecdsa).
const SPEC_KEY = 'z82LkuBieyGShVBhvtE2zoiD6Kma4tJGFtkAhxR5pfkp5QPw4LutoYWhvQCnGjdVn14kujQ';
const SPEC_SIGNED: JsonObject = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
  id: 'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33',
  type: ['VerifiableCredential', 'AlumniCredential'],
  name: 'Alumni Credential',
  description: 'A minimum viable example of an Alumni Credential.',
  issuer: 'https://vc.example/issuers/5678',
  validFrom: '2023-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:abcdefgh', alumniOf: 'The School of Examples' },
  proof: {
    type: 'DataIntegrityProof',
    cryptosuite: 'ecdsa-rdfc-2019',
    created: '2023-02-24T23:36:38Z',
    verificationMethod: `did:key:${SPEC_KEY}#${SPEC_KEY}`,
    proofPurpose: 'assertionMethod',
    proofValue: 'z967Mvv5bxtmLNqTzPZ8KmJjFmFXaAKeQNzq7GWnQkMcLtaGSSmuozE5WtJ8PipMe178B1tE28K1vsJur9bGVJhz6jgSJsRHFSQeqgH8hhjcg8gZDFJC1b9FsR5ggNmDBqHv',
  },
};
// proofHashECDSAP384.txt + docHashECDSAP384.txt = combinedHashECDSAP384.txt
const SPEC_PROOF_HASH = 'e32805a26492eac777aa7a138f6d8da3c74e0c7be7b296dcaccf97420c3b92eaad7be6449ca565e165031567f5c7cbc1';
const SPEC_DOCUMENT_HASH = '8bf6e01df72c5b62f91b685231915ac4b8c58ea95f002c6b8f6bfafa1b251df476b56b8e01518e317dab099d3ecbff96';

/** A P-384 Multikey (multicodec p384-pub 0x1201, compressed point) as a node:crypto key, without any ECDSA library. */
function p384PublicKey(publicKeyMultibase: string): KeyObject {
  const bytes = base58btc.decode(publicKeyMultibase.slice(1));
  expect([...bytes.slice(0, 2)]).toEqual([0x81, 0x24]);
  expect(bytes.length).toBe(2 + 49);
  // SubjectPublicKeyInfo { id-ecPublicKey, secp384r1 } with the 49-byte compressed point
  const spki = Buffer.concat([Buffer.from('3046301006072a8648ce3d020106052b81040022033200', 'hex'), bytes.slice(2)]);
  return createPublicKey({ key: spki, format: 'der', type: 'spki' });
}

const ecdsaVerify = (hash: 'sha256' | 'sha384', data: Uint8Array, key: KeyObject, signature: Uint8Array) =>
  nodeVerify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);

/** The hash data of §3.3.4 computed here: rdf-canonize (through the cryptosuite) and node:crypto. */
async function hashData(signed: JsonObject, hash: 'sha256' | 'sha384'): Promise<Buffer> {
  const { proof, ...document } = signed;
  const { proofValue: _value, ...options } = proof as JsonObject;
  const messageDigestAlgorithm = hash === 'sha384' ? 'SHA-384' : 'SHA-256';
  const canonical = (input: unknown) => ecdsaRdfc2019.canonize(input, { documentLoader, messageDigestAlgorithm });
  const [proofNQuads, documentNQuads] = await Promise.all([canonical({ '@context': document['@context'], ...options }), canonical(document)]);
  return Buffer.concat([createHash(hash).update(proofNQuads).digest(), createHash(hash).update(documentNQuads).digest()]);
}

describe('ecdsa-rdfc-2019 with P-384 uses SHA-384', () => {
  it('makes the specification\'s P-384 hash data, byte for byte (the fast path that signs and verifies our proofs)', async () => {
    expect(digestFor('P-384')).toBe('sha384');
    expect(digestFor('P-256')).toBe('sha256');
    const { proof, ...document } = SPEC_SIGNED;
    const { proofValue: _value, ...options } = proof as JsonObject;
    const data = await verifyDataFast(document, options, digestFor('P-384'));
    expect(data).toBeDefined();
    expect(Buffer.from(data as Uint8Array).toString('hex')).toBe(SPEC_PROOF_HASH + SPEC_DOCUMENT_HASH);
    // The same, computed independently.
    expect((await hashData(SPEC_SIGNED, 'sha384')).toString('hex')).toBe(SPEC_PROOF_HASH + SPEC_DOCUMENT_HASH);
  });

  it('the specification\'s P-384 signature is over SHA-384 hash data: it fails over SHA-256 hash data', async () => {
    const signature = base58btc.decode(((SPEC_SIGNED.proof as JsonObject).proofValue as string).slice(1));
    expect(signature.length).toBe(96);
    const key = p384PublicKey(SPEC_KEY);
    expect(ecdsaVerify('sha384', await hashData(SPEC_SIGNED, 'sha384'), key, signature)).toBe(true);
    expect(ecdsaVerify('sha256', await hashData(SPEC_SIGNED, 'sha256'), key, signature)).toBe(false);
    expect(ecdsaVerify('sha384', await hashData(SPEC_SIGNED, 'sha256'), key, signature)).toBe(false);
  });

  it('verifies the specification\'s P-384 example with our did:key resolution and suite, and refuses it altered', async () => {
    // Its issuer (https://vc.example/issuers/5678) is not the key's controller, so
    // verifySecuredCredential refuses it for that; the proof alone is checked here.
    const check = (credential: JsonObject) =>
      jsigs.verify(credential, {
        suite: verificationSuite('ecdsa'),
        purpose: new jsigs.purposes.AssertionProofPurpose(),
        documentLoader: documentLoader as Digitalbazaar.DocumentLoader,
      });
    const result = await check(SPEC_SIGNED);
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
    expect((await check({ ...SPEC_SIGNED, name: 'Altered Credential' })).verified).toBe(false);
    const issuerBound = await verifySecuredCredential(SPEC_SIGNED);
    expect(issuerBound.verified).toBe(false);
  });

  it.each([true, false])('signs with a P-384 key over SHA-384 hash data (fast path: %s)', async (fastPath) => {
    const key = await generateKey({ type: 'P-384' });
    const credential: JsonObject = {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
      id: 'urn:uuid:0b3a2c3e-6f0e-4d6e-9a53-0c6f0f2f1a11',
      type: ['VerifiableCredential'],
      issuer: key.controller,
      credentialSubject: { id: 'did:example:learner', name: 'Ada' },
    };
    const signed = await signDataIntegrity(credential, { key, format: 'ecdsa', documentLoader, fastPath });
    const proof = signed.proof as JsonObject;
    expect(proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'ecdsa-rdfc-2019', verificationMethod: key.id });
    const signature = base58btc.decode((proof.proofValue as string).slice(1));
    expect(signature.length).toBe(96);
    const publicKey = p384PublicKey(key.publicKeyMultibase);
    expect(ecdsaVerify('sha384', await hashData(signed, 'sha384'), publicKey, signature)).toBe(true);
    expect(ecdsaVerify('sha256', await hashData(signed, 'sha256'), publicKey, signature)).toBe(false);
    expect((await verifySecuredCredential(signed)).verified).toBe(true);
  });

  it('secureCredential picks ecdsa-rdfc-2019 with SHA-384 for a P-384 key', async () => {
    const key = await generateKey({ type: 'P-384', did: 'key' });
    const { credential: signed } = await secureCredential(
      { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: key.controller, credentialSubject: { id: 'did:example:learner' } },
      { key, format: 'ecdsa' },
    );
    const signature = base58btc.decode(((signed.proof as JsonObject).proofValue as string).slice(1));
    expect(ecdsaVerify('sha384', await hashData(signed, 'sha384'), p384PublicKey(key.publicKeyMultibase), signature)).toBe(true);
  });
});
