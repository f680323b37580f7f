import jsigs from 'jsonld-signatures';
import { ErrorCodes } from '../errors.ts';
import { issuerOf, isJsonObject } from '../credential.ts';
import { formatOfProof, hasFastPath, verificationSuite, type DataIntegrityFormat } from './suites.ts';
import { toProofError } from './errors.ts';
import { verifyFast } from './fast/verify.ts';
import type { DocumentLoader, JsonObject, ProofError, ProofResult, ProofSetEntry } from '../types.ts';

/** The proofs of a document as a list (`proof` may be one object or a list). */
export function proofsOf(document: JsonObject): unknown[] {
  const proof = document.proof;
  return Array.isArray(proof) ? proof : proof === undefined ? [] : [proof];
}

/**
 * Whether a document needs the proof set / proof chain algorithm: more than
 * one proof, or a proof that names a `previousProof` (even a lone one: the
 * proof it names must then be missing, which is an error).
 */
export function isProofSetOrChain(document: JsonObject): boolean {
  const proofs = proofsOf(document);
  return proofs.length > 1 || proofs.some((proof) => isJsonObject(proof) && proof.previousProof !== undefined);
}

/**
 * The ids a proof names as `previousProof`: a string or a list of strings
 * (VC Data Integrity 1.0, "Proofs"). Anything else is an error message.
 */
export function previousProofIds(proof: JsonObject): string[] | { error: string } {
  const value = proof.previousProof;
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((id) => typeof id === 'string')) return value as string[];
  return { error: `"previousProof" must be a string or a list of strings, not ${JSON.stringify(value)}.` };
}

/**
 * The proofs named by `ids` among `allProofs` (by `id`), or an error message
 * naming the first id that matches none.
 */
export function matchingProofs(allProofs: unknown[], ids: string[]): JsonObject[] | { error: string } {
  const matching: JsonObject[] = [];
  for (const id of ids) {
    const found = allProofs.find((proof) => isJsonObject(proof) && proof.id === id);
    if (!found) return { error: `"previousProof" names "${id}", but no proof in the set has that id.` };
    matching.push(found as JsonObject);
  }
  return matching;
}

/**
 * The document a proof of a set or chain covers: the secured document with
 * its `proof` replaced by the proofs this one names as `previousProof` (none:
 * no `proof` at all). VC Data Integrity 1.0, "Add Proof Set/Chain" step 6 and
 * "Verify Proof Sets and Chains" step 3.3: a chained proof signs the proofs
 * before it, value included, so they cannot be removed or changed without
 * breaking it.
 */
export function documentCoveredBy(document: JsonObject, previous: JsonObject[]): JsonObject {
  const { proof: _proof, ...rest } = document;
  return previous.length === 0 ? rest : { ...rest, proof: previous };
}

/**
 * Verifies every proof of a proof set or chain, each on its own, as VC Data
 * Integrity 1.0 "Verify Proof Sets and Chains" says, then combines them:
 *
 * - every proof must verify (signature, date formats, its key listed under
 *   `assertionMethod` by the key's controller); a proof with `previousProof`
 *   is checked over the document carrying the proofs it names, and a name
 *   that matches no proof's `id` is an error;
 * - at least one of them must be the issuer's (the key's controller is the
 *   credential's `issuer`, vc's CredentialIssuancePurpose). The others are
 *   co-signers (an endorser, a notary, a registrar) whose keys belong to
 *   someone else: their proofs must be genuine too, but they do not have to
 *   be the issuer's.
 *
 * jsonld-signatures (up to 11.6) cannot do this: its ProofSet strips every
 * proof before hashing (so a chained proof never verifies) and accepts a set
 * when any one proof verifies; its ProofChain is an empty class. The per-proof
 * steps below are the ones its ProofSet makes (suite match, `verifyProof`,
 * then the purpose's `validate`), with the suites and purposes unchanged.
 */
export async function verifyProofSet(
  credential: JsonObject,
  format: DataIntegrityFormat,
  documentLoader: DocumentLoader,
  options: { fastPath: boolean },
): Promise<ProofResult> {
  const issuer = issuerOf(credential);
  const allProofs = proofsOf(credential);
  const loader = jsigs.extendContextLoader(documentLoader as Digitalbazaar.DocumentLoader);
  const context = credential['@context'] ?? jsigs.SECURITY_CONTEXT_URL;
  // As jsonld-signatures' ProofSet hands proofs to the suites: with the document's context.
  const withContext = allProofs.map((proof) => (isJsonObject(proof) ? { '@context': context, ...proof } : proof));

  const duplicates = duplicateIds(allProofs);
  const entries = await Promise.all(
    allProofs.map(async (proof, index): Promise<ProofSetEntry> => {
      if (!isJsonObject(proof)) return failed({}, ErrorCodes.PROOF_INVALID, 'The proof is not an object.');
      const entry: ProofSetEntry = {
        ...(typeof proof.id === 'string' ? { id: proof.id } : {}),
        verified: false,
        byIssuer: false,
        errors: [],
      };
      const proofFormat = formatOfProof(proof);
      if (proofFormat) entry.format = proofFormat;
      if (typeof proof.verificationMethod === 'string') entry.verificationMethod = proof.verificationMethod;
      const ids = previousProofIds(proof);
      if ('error' in ids) return failed(entry, ErrorCodes.PROOF_INVALID, ids.error);
      if (ids.length > 0) entry.previousProof = ids;
      if (typeof proof.id === 'string' && ids.includes(proof.id)) {
        return failed(entry, ErrorCodes.PROOF_INVALID, `"previousProof" names the proof itself ("${proof.id}").`);
      }
      const ambiguous = ids.find((id) => duplicates.has(id));
      if (ambiguous !== undefined) {
        return failed(entry, ErrorCodes.PROOF_INVALID, `"previousProof" names "${ambiguous}", which is the id of more than one proof in the set.`);
      }
      const previous = matchingProofs(allProofs, ids);
      if ('error' in previous) return failed(entry, ErrorCodes.PROOF_INVALID, previous.error);
      if (!proofFormat) {
        return failed(
          entry,
          ErrorCodes.UNKNOWN_FORMAT,
          `Unsupported proof type ${JSON.stringify(proof.type)}${proof.cryptosuite ? ` / cryptosuite ${JSON.stringify(proof.cryptosuite)}` : ''}; ` +
            'every proof of a set must verify.',
        );
      }
      const document = documentCoveredBy(credential, previous);

      // The fast path covers a lone RDF-canonicalized proof over the bare document, and says yes only for the issuer's own key.
      if (options.fastPath && previous.length === 0 && hasFastPath(proofFormat)) {
        const fast = await verifyFast({ ...document, proof }, proofFormat, documentLoader);
        if (fast?.verified) {
          return { ...entry, verified: true, byIssuer: true, ...(fast.verificationMethod ? { verificationMethod: fast.verificationMethod } : {}), ...(issuer ? { controller: issuer } : {}) };
        }
      }
      return verifyOne(entry, withContext[index] as JsonObject, withContext, document, proofFormat, loader, credential);
    }),
  );

  const errors: ProofError[] = [];
  entries.forEach((entry, index) => {
    const label = `Proof ${index + 1} of ${entries.length}${entry.id ? ` (${entry.id})` : ''}`;
    for (const error of entry.errors) errors.push({ code: error.code, message: `${label}: ${error.message}` });
  });
  const allVerified = entries.every((entry) => entry.verified);
  const issuerEntry = entries.find((entry) => entry.verified && entry.byIssuer);
  if (allVerified && !issuerEntry) {
    const controllers = [...new Set(entries.map((entry) => entry.controller).filter((c) => c !== undefined))];
    errors.push({
      code: ErrorCodes.ISSUER_MISMATCH,
      message:
        `None of the ${entries.length} proofs was made with a key of the issuer ${issuer ?? '(none)'}` +
        (controllers.length > 0 ? `; they are by ${controllers.join(', ')}.` : '.'),
    });
  }
  const verified = allVerified && issuerEntry !== undefined;
  const shown = issuerEntry ?? entries.find((entry) => entry.format !== undefined);
  return {
    format: shown?.format ?? format,
    ...(issuer === undefined ? {} : { issuer }),
    verified,
    ...(verified ? { credential } : {}),
    ...(shown?.verificationMethod === undefined ? {} : { verificationMethod: shown.verificationMethod }),
    proofs: entries,
    errors,
  };
}

async function verifyOne(
  entry: ProofSetEntry,
  proof: JsonObject,
  proofSet: unknown[],
  document: JsonObject,
  format: DataIntegrityFormat,
  documentLoader: Digitalbazaar.DocumentLoader,
  credential: JsonObject,
): Promise<ProofSetEntry> {
  // Every proof of a credential asserts its content; an `authentication` proof belongs on a presentation.
  const purpose = new jsigs.purposes.AssertionProofPurpose();
  if (!(await purpose.match(proof, { document, documentLoader }))) {
    return failed(entry, ErrorCodes.PROOF_INVALID, `The proof purpose is ${JSON.stringify(proof.proofPurpose)}, not "assertionMethod".`);
  }
  const suite = verificationSuite(format);
  if (!(await suite.matchProof({ proof, document, documentLoader }))) {
    return failed(entry, ErrorCodes.PROOF_INVALID, `The proof does not match the ${format} suite.`);
  }
  // jsonld-signatures' "deferred" purpose: captures the verification method the suite resolved.
  let method: JsonObject | undefined;
  const capture = {
    async validate(_proof: unknown, { verificationMethod }: { verificationMethod: JsonObject }) {
      method = verificationMethod;
      return { valid: true };
    },
  };
  let result: { verified: boolean; verificationMethod?: JsonObject; error?: unknown };
  try {
    result = await suite.verifyProof({ proof, document, purpose: capture, proofSet, documentLoader });
  } catch (error) {
    result = { verified: false, error };
  }
  method ??= result.verificationMethod;
  if (typeof method?.id === 'string') entry.verificationMethod = method.id;
  if (!result.verified) {
    const error = result.error === undefined ? { code: ErrorCodes.PROOF_INVALID, message: 'The proof did not verify.' } : toProofError(result.error, ErrorCodes.PROOF_INVALID);
    return { ...entry, errors: [error] };
  }
  let purposeResult: { valid: boolean; error?: unknown; controller?: JsonObject };
  try {
    purposeResult = await purpose.validate(proof, { document, suite, verificationMethod: method, documentLoader });
  } catch (error) {
    purposeResult = { valid: false, error };
  }
  if (!purposeResult.valid) {
    return { ...entry, errors: [toProofError(purposeResult.error, ErrorCodes.PROOF_INVALID)] };
  }
  const controller = purposeResult.controller?.id;
  // vc's CredentialIssuancePurpose: the first issuer value, a string or an object's id.
  const issuers = ([] as unknown[]).concat(credential.issuer ?? []);
  const issuerId = typeof issuers[0] === 'string' ? issuers[0] : isJsonObject(issuers[0]) ? issuers[0].id : undefined;
  return {
    ...entry,
    verified: true,
    byIssuer: typeof controller === 'string' && controller === issuerId,
    ...(typeof controller === 'string' ? { controller } : {}),
  };
}

function failed(entry: Partial<ProofSetEntry>, code: string, message: string): ProofSetEntry {
  return { ...entry, verified: false, byIssuer: false, errors: [{ code, message }] };
}

function duplicateIds(proofs: unknown[]): Set<string> {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const proof of proofs) {
    if (!isJsonObject(proof) || typeof proof.id !== 'string') continue;
    if (seen.has(proof.id)) duplicates.add(proof.id);
    seen.add(proof.id);
  }
  return duplicates;
}
