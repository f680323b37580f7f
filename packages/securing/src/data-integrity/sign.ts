import * as vc from '@digitalbazaar/vc';
import { SecuringError, ErrorCodes, describeError, findSecuringError } from '../errors.ts';
import { signingSuite } from './suites.ts';
import { signFast } from './fast/sign.ts';
import { servesBundledContexts } from '../document-loader.ts';
import type { DocumentLoader, JsonObject, KeyPair } from '../types.ts';

/**
 * Adds a Data Integrity proof (`eddsa-rdfc-2022` for 'di', `ecdsa-rdfc-2019`
 * for 'ecdsa'; proof purpose assertionMethod) with @digitalbazaar/vc `issue`.
 * The input is not modified.
 */
export async function signDataIntegrity(
  credential: JsonObject,
  options: {
    key: KeyPair;
    format: 'di' | 'ecdsa';
    documentLoader: DocumentLoader;
    date?: Date | string;
    /** false: always @digitalbazaar/vc (the differential tests compare both). */
    fastPath?: boolean;
  },
): Promise<JsonObject> {
  const { key, format, documentLoader, date } = options;
  // The fast path makes the same proof for the credentials it knows (every
  // context bundled, the JSON-LD features we issue) and declines the rest.
  if (options.fastPath !== false && servesBundledContexts(documentLoader)) {
    const fast = await signFast(credential, { format, signer: key.signer(), ...(date === undefined ? {} : { date }) });
    if (fast) return fast;
  }
  const suite = signingSuite(format, key.signer(), date);
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
