import * as vc from '@digitalbazaar/vc';
import { SecuringError, ErrorCodes, describeError, findSecuringError } from '../errors.ts';
import { signingSuite } from './suites.ts';
import type { DocumentLoader, JsonObject, KeyPair } from '../types.ts';

/**
 * Adds a Data Integrity proof (`eddsa-rdfc-2022` for 'di', `ecdsa-rdfc-2019`
 * for 'ecdsa'; proof purpose assertionMethod) with @digitalbazaar/vc `issue`.
 * The input is not modified.
 */
export async function signDataIntegrity(
  credential: JsonObject,
  options: { key: KeyPair; format: 'di' | 'ecdsa'; documentLoader: DocumentLoader; date?: Date | string },
): Promise<JsonObject> {
  const { key, format, documentLoader, date } = options;
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
