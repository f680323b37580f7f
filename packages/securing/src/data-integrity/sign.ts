import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import { SecuringError, ErrorCodes, describeError, findSecuringError } from '../errors.ts';
import { isJsonObject } from '../credential.ts';
import { hasFastPath, signingSuite, type SigningFormat } from './suites.ts';
import { signFast } from './fast/sign.ts';
import { documentCoveredBy, matchingProofs, proofsOf } from './proof-set.ts';
import { servesBundledContexts } from '../document-loader.ts';
import type { DocumentLoader, JsonObject, KeyPair } from '../types.ts';

/**
 * Adds a Data Integrity proof (`eddsa-rdfc-2022` for 'di', `ecdsa-rdfc-2019`
 * for 'ecdsa', `eddsa-jcs-2022` for 'eddsa-jcs'; proof purpose assertionMethod) with @digitalbazaar/vc `issue`.
 * The input is not modified.
 *
 * A credential that already carries proofs gets one more (a proof set), which
 * with `previousProof` is chained to the proofs it names: VC Data Integrity
 * 1.0 "Add Proof Set/Chain", the new proof signs the credential together with
 * those proofs.
 */
export async function signDataIntegrity(
  credential: JsonObject,
  options: {
    key: KeyPair;
    format: SigningFormat;
    documentLoader: DocumentLoader;
    date?: Date | string;
    /** false: always @digitalbazaar/vc (the differential tests compare both). */
    fastPath?: boolean;
    /** The new proof's `id`, so that a later proof can name it as `previousProof`. */
    proofId?: string;
    /** The ids of proofs already on the credential that the new proof chains to. */
    previousProof?: string | string[];
  },
): Promise<JsonObject> {
  const { key, format, documentLoader, date, proofId, previousProof } = options;
  if (proofsOf(credential).length > 0 || previousProof !== undefined) {
    return addToProofSet(credential, options);
  }
  // The fast path makes the same proof for the credentials it knows (every
  // context bundled, the JSON-LD features we issue) and declines the rest.
  // eddsa-jcs-2022 signs the JSON: never the fast path's RDF.
  if (options.fastPath !== false && hasFastPath(format) && servesBundledContexts(documentLoader) && proofId === undefined) {
    const fast = await signFast(credential, { format, signer: key.signer(), ...(date === undefined ? {} : { date }) });
    if (fast) return fast;
  }
  const suite = signingSuite(format, key.signer(), date);
  if (proofId !== undefined) suite.proof = { id: proofId };
  try {
    // vc.issue mutates its input (adds `issuanceDate` to v1 credentials, the
    // proof, possibly a suite context): give it a private copy.
    return await vc.issue({
      credential: structuredClone(credential),
      suite,
      documentLoader: documentLoader as Digitalbazaar.DocumentLoader,
    });
  } catch (error) {
    const coded = findSecuringError(error);
    if (coded) throw coded;
    throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, `The credential cannot be signed: ${describeError(error)}`, { cause: error });
  }
}

/**
 * One more proof on a credential that may already carry some (VC Data
 * Integrity 1.0 "Add Proof Set/Chain"): the new proof covers the credential
 * with, as its `proof`, only the proofs named by `previousProof` (none: the
 * bare credential, an independent member of the set). jsonld-signatures'
 * ProofSet.add always strips every proof, so it cannot make a chained proof;
 * the suite's own `createProof` is called as ProofSet.add would.
 */
async function addToProofSet(
  credential: JsonObject,
  options: {
    key: KeyPair;
    format: SigningFormat;
    documentLoader: DocumentLoader;
    date?: Date | string;
    proofId?: string;
    previousProof?: string | string[];
  },
): Promise<JsonObject> {
  const { key, format, documentLoader, date, proofId, previousProof } = options;
  const document = structuredClone(credential);
  const allProofs = proofsOf(document);
  if (!allProofs.every(isJsonObject)) {
    throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, 'Every existing "proof" of the credential must be an object.');
  }
  const ids: unknown[] = previousProof === undefined ? [] : Array.isArray(previousProof) ? previousProof : [previousProof];
  if (previousProof !== undefined && (ids.length === 0 || !ids.every((id) => typeof id === 'string' && id !== ''))) {
    throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, '"previousProof" must be a proof id or a non-empty list of proof ids.');
  }
  const previous = matchingProofs(allProofs, ids as string[]);
  if ('error' in previous) throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, `The new proof cannot be chained: ${previous.error}`);
  if (proofId !== undefined && allProofs.some((proof) => (proof as JsonObject).id === proofId)) {
    throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, `The credential already has a proof with the id "${proofId}".`);
  }
  const suite = signingSuite(format, key.signer(), date);
  suite.proof = {
    ...(proofId === undefined ? {} : { id: proofId }),
    ...(previousProof === undefined ? {} : { previousProof }),
  };
  try {
    vc._checkCredential({ credential: document, mode: 'issue' });
    // vc.issue would add the suite's context when missing, which changes
    // what the proofs already there signed: refuse instead.
    suite.ensureSuiteContext({ document, addSuiteContext: false });
    const proof = await suite.createProof({
      document: documentCoveredBy(document, previous),
      purpose: new vc.CredentialIssuancePurpose(),
      proofSet: allProofs,
      documentLoader: jsigs.extendContextLoader(documentLoader as Digitalbazaar.DocumentLoader),
    });
    return { ...document, proof: [...allProofs, proof] };
  } catch (error) {
    const coded = findSecuringError(error);
    if (coded) throw coded;
    throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, `The credential cannot be signed: ${describeError(error)}`, { cause: error });
  }
}
