import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import { createSignCryptosuite, createVerifyCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import jsonld from 'jsonld';
import { isDeepStrictEqual } from 'node:util';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import type { ProofFormat } from '../types.ts';

export type DataIntegrityFormat = Exclude<ProofFormat, 'jwt'>;

export const CRYPTOSUITE_NAME = {
  di: 'eddsa-rdfc-2022',
  ecdsa: 'ecdsa-rdfc-2019',
  'eddsa-jcs': 'eddsa-jcs-2022',
} as const;

/** The formats whose proofs are signed and verified by a cryptosuite (not the JWT). */
export type SigningFormat = 'di' | 'ecdsa' | 'eddsa-jcs';

/**
 * eddsa-jcs-2022 signs the JSON (JSON Canonicalization Scheme), not the RDF,
 * so nothing in it reads the `@context`: a term no context defines would be
 * signed and verified as it is, where the RDF suites refuse it (jsonld.js
 * safe mode). The document is still a JSON-LD credential (VC Data Model 2.0
 * requires its `@context`; the cryptosuite copies it onto the proof), so it
 * gets the same check: the document and the proof are expanded in safe mode
 * with our document loader (only known contexts) before the hash is made,
 * when signing and when verifying.
 */
function withJsonLdCheck(cryptosuite: Digitalbazaar.Cryptosuite, use: 'sign' | 'verify'): Digitalbazaar.Cryptosuite {
  const createVerifyData = cryptosuite.createVerifyData!;
  return {
    ...cryptosuite,
    async createVerifyData(options: { document: Record<string, unknown>; proof: Record<string, unknown>; documentLoader: Digitalbazaar.DocumentLoader }) {
      const { document, proof, documentLoader } = options;
      const { proofValue: _value, ...proofOptions } = proof;
      await jsonld.expand(document, { documentLoader, safe: true });
      await jsonld.expand({ '@context': document['@context'], ...proofOptions }, { documentLoader, safe: true });
      // Signing: the cryptosuite puts the @context on the very proof object that then gets the proofValue.
      if (use === 'sign') return createVerifyData(options);
      return createVerifyData({ ...options, document: { ...document }, proof: withSameContextValues(proof, document) });
    },
  };
}

/**
 * "Verify Proof (eddsa-jcs-2022)" step 4.1: the document's `@context` must start with the proof's
 * values, in order. The cryptosuite (1.0.0) compares them with `!==`, so an inline context object
 * (our micro-credentials carry the ELM terms inline) never equals its copy in the proof once the
 * credential has been through JSON. Values equal as JSON are the same value: they are given to the
 * cryptosuite as the document's own, which serializes them to the same JCS bytes; any other
 * difference is left for the cryptosuite to refuse.
 */
function withSameContextValues(proof: Record<string, unknown>, document: Record<string, unknown>): Record<string, unknown> {
  if (proof['@context'] === undefined) return { ...proof };
  const proofContext = ([] as unknown[]).concat(proof['@context']);
  const documentContext = ([] as unknown[]).concat(document['@context'] ?? []);
  const prefix = proofContext.every((value, index) => isDeepStrictEqual(value, documentContext[index]));
  if (!prefix) return { ...proof };
  const same = documentContext.slice(0, proofContext.length);
  return { ...proof, '@context': Array.isArray(proof['@context']) ? same : same[0] };
}
const eddsaJcs2022Sign = withJsonLdCheck(createSignCryptosuite(), 'sign');
const eddsaJcs2022Verify = withJsonLdCheck(createVerifyCryptosuite(), 'verify');

/** Whether the fast path (src/data-integrity/fast: RDF canonicalization of the credentials we issue) makes this format's proofs. */
export function hasFastPath(format: DataIntegrityFormat): format is 'di' | 'ecdsa' {
  return format === 'di' || format === 'ecdsa';
}

/**
 * Verification suites. Suites are cheap to construct and keep per-document
 * hash caches, so a fresh one is made per verification.
 */
export function verificationSuite(format: DataIntegrityFormat): Digitalbazaar.Suite {
  switch (format) {
    case 'di':
      return new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    case 'ecdsa':
      return new DataIntegrityProof({ cryptosuite: ecdsaRdfc2019 });
    case 'eddsa-jcs':
      return new DataIntegrityProof({ cryptosuite: eddsaJcs2022Verify });
    case 'ed25519-2020':
      // Older wallets. The suite converts Multikey verification methods (what
      // our did:key resolver yields) to Ed25519VerificationKey2020 itself.
      return new Ed25519Signature2020();
  }
}

export function signingSuite(
  format: SigningFormat,
  signer: Digitalbazaar.Signer,
  date?: Date | string,
): Digitalbazaar.Suite {
  const cryptosuite = format === 'di' ? eddsaRdfc2022 : format === 'ecdsa' ? ecdsaRdfc2019 : eddsaJcs2022Sign;
  return new DataIntegrityProof({ signer, cryptosuite, ...(date === undefined ? {} : { date }) });
}

/** Which of our formats a proof object is, if any. */
export function formatOfProof(proof: unknown): DataIntegrityFormat | undefined {
  if (proof === null || typeof proof !== 'object') return undefined;
  const { type, cryptosuite } = proof as { type?: unknown; cryptosuite?: unknown };
  if (type === 'DataIntegrityProof' && cryptosuite === CRYPTOSUITE_NAME.di) return 'di';
  if (type === 'DataIntegrityProof' && cryptosuite === CRYPTOSUITE_NAME.ecdsa) return 'ecdsa';
  if (type === 'DataIntegrityProof' && cryptosuite === CRYPTOSUITE_NAME['eddsa-jcs']) return 'eddsa-jcs';
  if (type === 'Ed25519Signature2020') return 'ed25519-2020';
  return undefined;
}
