import { createHash } from 'node:crypto';
import * as vc from '@digitalbazaar/vc';
import * as base58btc from 'base58-universal';
import { canonizeFast, type CanonizeDigest } from './canonize.ts';
import { CRYPTOSUITE_NAME } from '../suites.ts';
import type { DataIntegritySigner, JsonObject } from '../../types.ts';

const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
const DI_V2 = 'https://w3id.org/security/data-integrity/v2';

/** data-integrity's `_includesContext`: the document already carries a context the suite accepts. */
export function includesSuiteContext(document: JsonObject): boolean {
  const context = document['@context'];
  return context === VC_V2 || context === DI_V2 || (Array.isArray(context) && (context.includes(VC_V2) || context.includes(DI_V2)));
}

/** @digitalbazaar/data-integrity util.w3cDate */
export function w3cDate(date: Date): string {
  return `${date.toISOString().slice(0, -5)}Z`;
}

/** The digest of ecdsa-rdfc-2019 follows the curve; eddsa-rdfc-2022 is SHA-256. */
export function digestFor(algorithm: string): CanonizeDigest {
  return algorithm === 'P-384' ? 'sha384' : 'sha256';
}

/**
 * The bytes a Data Integrity proof signs (rdfc suites): hash of the
 * canonical proof options, then hash of the canonical document. Undefined
 * when either is not for the fast path.
 */
export async function verifyDataFast(
  document: JsonObject,
  proofOptions: JsonObject,
  digest: CanonizeDigest,
): Promise<Uint8Array | undefined> {
  const contextKey = JSON.stringify(document['@context']);
  const [proofNQuads, documentNQuads] = await Promise.all([
    canonizeFast({ '@context': document['@context'], ...proofOptions }, digest, contextKey),
    canonizeFast(document, digest, contextKey),
  ]);
  if (proofNQuads === undefined || documentNQuads === undefined) return undefined;
  const out = new Uint8Array(digest === 'sha384' ? 96 : 64);
  out.set(createHash(digest).update(proofNQuads, 'utf8').digest(), 0);
  out.set(createHash(digest).update(documentNQuads, 'utf8').digest(), out.length / 2);
  return out;
}

/**
 * What `vc.issue` with a DataIntegrityProof (eddsa-rdfc-2022 /
 * ecdsa-rdfc-2019, purpose assertionMethod) returns, made with the fast
 * canonicalization: the same proof, key for key. Undefined for anything
 * `vc.issue` would treat differently (a VC 1.1 credential it adds
 * `issuanceDate` to, an existing proof, a missing suite context, an input it
 * refuses, a document the fast path does not handle): the caller then runs
 * `vc.issue` itself.
 */
export async function signFast(
  credential: JsonObject,
  options: { format: 'di' | 'ecdsa'; signer: DataIntegritySigner; date?: Date | string },
): Promise<JsonObject | undefined> {
  const { format, signer } = options;
  const contexts = credential['@context'];
  if (!Array.isArray(contexts) || contexts[0] !== VC_V2 || 'proof' in credential || !includesSuiteContext(credential)) return undefined;
  if (typeof signer.id !== 'string') return undefined;
  const expected = format === 'di' ? ['Ed25519'] : ['P-256', 'P-384'];
  if (!expected.includes(signer.algorithm)) return undefined;
  const date = options.date === undefined ? new Date() : new Date(options.date);
  if (Number.isNaN(date.getTime())) return undefined;
  try {
    vc._checkCredential({ credential, mode: 'issue' });
  } catch {
    return undefined;
  }
  const proof: JsonObject = {
    type: 'DataIntegrityProof',
    created: w3cDate(date),
    verificationMethod: signer.id,
    cryptosuite: CRYPTOSUITE_NAME[format],
    proofPurpose: 'assertionMethod',
  };
  const verifyData = await verifyDataFast(credential, proof, digestFor(signer.algorithm));
  if (!verifyData) return undefined;
  const signature = await signer.sign({ data: verifyData });
  return { ...credential, proof: { ...proof, proofValue: `z${base58btc.encode(signature)}` } };
}
