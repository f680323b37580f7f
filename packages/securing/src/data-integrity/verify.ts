import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import { ErrorCodes } from '../errors.ts';
import { contextsOf, issuerOf } from '../credential.ts';
import { hasFastPath, verificationSuite, type DataIntegrityFormat } from './suites.ts';
import { proofErrors, toProofError } from './errors.ts';
import { verifyFast } from './fast/verify.ts';
import { isProofSetOrChain, verifyProofSet } from './proof-set.ts';
import { servesBundledContexts } from '../document-loader.ts';
import type { DocumentLoader, JsonObject, ProofResult } from '../types.ts';

/**
 * Verifies the proof of a credential secured with a Data Integrity proof
 * (eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-rdfc-2019) or an Ed25519Signature2020 proof, and
 * that the signing key is the issuer's (its controller is the issuer and
 * lists it under `assertionMethod`). A proof set or chain (several proofs,
 * `previousProof`) goes to `verifyProofSet`: every proof must verify, one of
 * them the issuer's.
 *
 * Validity window and status are deliberately NOT checked here. Why not
 * `vc.verifyCredential`: it runs `_checkCredential` in 'verify' mode, which
 * compares `now` with validFrom/validUntil (issuanceDate/expirationDate for
 * v1) and throws, and it insists on a `checkStatus` function whenever
 * `credentialStatus` is present. The later verifier package must report
 * those separately. Instead we do what `verifyCredential` does minus that:
 *  1. `vc._checkCredential({mode: 'issue'})`: the same data-model checks
 *     (type, subject, issuer URL, date *formats*, status entries have a
 *     type, ...) but, in 'issue' mode, no date comparisons at all;
 *  2. `jsigs.verify` with vc's own `CredentialIssuancePurpose` (assertion
 *     method + "issuer is the verification method's controller").
 * The alternative, `verifyCredential({maxClockSkew: Infinity, checkStatus:
 * noop})`, also works for ordinary dates but still fails for dates that
 * `Date` cannot represent (years beyond 275760 pass the date regex and
 * compare as NaN), so it is not used.
 */
export async function verifyDataIntegrity(
  credential: JsonObject,
  format: DataIntegrityFormat,
  documentLoader: DocumentLoader,
  /** false: always jsonld-signatures (the differential tests compare both). */
  options: { fastPath?: boolean } = {},
): Promise<ProofResult> {
  const issuer = issuerOf(credential);
  const base = { format, ...(issuer === undefined ? {} : { issuer }) };
  try {
    if (contextsOf(credential).length === 0) throw new Error('The credential has no "@context".');
    vc._checkCredential({ credential, mode: 'issue' });
  } catch (error) {
    return {
      ...base,
      verified: false,
      errors: [{ code: ErrorCodes.CREDENTIAL_INVALID, message: (error as Error).message }],
    };
  }
  const fastPath = options.fastPath !== false && servesBundledContexts(documentLoader);
  // Several proofs, or a `previousProof`: each proof verified on its own
  // (jsonld-signatures' ProofSet accepts a set when any one proof verifies
  // and cannot verify a chain).
  if (isProofSetOrChain(credential)) return verifyProofSet(credential, format, documentLoader, { fastPath });
  // A genuine credential of a shape the fast path knows is confirmed there;
  // everything else, and every failure, goes through jsonld-signatures.
  // (eddsa-jcs-2022 signs the JSON, not the RDF the fast path makes.)
  if (hasFastPath(format) && fastPath) {
    const fast = await verifyFast(credential, format, documentLoader);
    if (fast) return fast;
  }
  let result: Digitalbazaar.VerificationResult;
  try {
    result = await jsigs.verify(credential, {
      suite: verificationSuite(format),
      purpose: new vc.CredentialIssuancePurpose(),
      documentLoader: documentLoader as Digitalbazaar.DocumentLoader,
    });
  } catch (error) {
    return { ...base, verified: false, errors: [toProofError(error)] };
  }
  if (!result.verified && proofErrors(result).some((error) => error.code === ErrorCodes.ISSUER_MISMATCH)) {
    // The key is not the issuer's. Whether the signature itself is genuine (made by someone else's key,
    // listed by that key's controller) is worth telling apart from a forged one: the caller decides what a
    // genuine signature by another party means (a DID issuer must sign itself; for an issuer named by a
    // web address only the caller's trust list can say which keys are its). Verified as a set of one.
    const alone = await verifyProofSet(credential, format, documentLoader, { fastPath: false });
    if (alone.proofs?.every((entry) => entry.verified)) return alone;
  }
  const verifiedProof = result.results?.find((r) => r.verified);
  const method = verifiedProof?.verificationMethod?.id ?? verificationMethodOf(credential.proof);
  return {
    ...base,
    verified: result.verified === true,
    ...(result.verified ? { credential } : {}),
    ...(typeof method === 'string' ? { verificationMethod: method } : {}),
    errors: result.verified ? [] : proofErrors(result),
  };
}

function verificationMethodOf(proof: unknown): string | undefined {
  const first = Array.isArray(proof) ? proof[0] : proof;
  if (first === null || typeof first !== 'object') return undefined;
  const vm = (first as { verificationMethod?: unknown }).verificationMethod;
  if (typeof vm === 'string') return vm;
  if (vm && typeof vm === 'object' && typeof (vm as { id?: unknown }).id === 'string') return (vm as { id: string }).id;
  return undefined;
}
