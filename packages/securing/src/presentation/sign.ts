import * as vc from '@digitalbazaar/vc';
import { SecuringError, ErrorCodes, describeError, findSecuringError } from '../errors.ts';
import { isJsonObject } from '../credential.ts';
import { defaultDocumentLoader } from '../document-loader.ts';
import { assertKeyPair } from '../signing-keys/key-pair.ts';
import { signingSuite } from '../data-integrity/suites.ts';
import type { DocumentLoader, JsonObject, KeyPair } from '../types.ts';

export interface SignPresentationOptions {
  key: KeyPair;
  /** 'di' (Ed25519, eddsa-rdfc-2022) or 'ecdsa' (P-256/P-384, ecdsa-rdfc-2019). Default by key type. */
  format?: 'di' | 'ecdsa';
  challenge: string;
  domain?: string;
  documentLoader?: DocumentLoader;
  date?: Date | string;
}

/**
 * Signs a verifiable presentation (proof purpose authentication, with
 * challenge and domain). If the presentation names a `holder`, it must be
 * the key's controller. The input is not modified.
 */
export async function signPresentation(presentation: object, options: SignPresentationOptions): Promise<JsonObject> {
  const { key, challenge, domain, date } = options;
  assertKeyPair(key);
  const format = options.format ?? (key.keyType === 'Ed25519' ? 'di' : 'ecdsa');
  if ((format === 'di') !== (key.keyType === 'Ed25519')) {
    throw new SecuringError(ErrorCodes.KEY_TYPE_MISMATCH, `Format "${format}" cannot be used with a ${key.keyType} key.`);
  }
  if (!isJsonObject(presentation)) throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, 'The presentation must be a JSON object.');
  if (typeof challenge !== 'string' || challenge === '') {
    throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, 'A presentation proof needs a challenge.');
  }
  const holder = typeof presentation.holder === 'string'
    ? presentation.holder
    : isJsonObject(presentation.holder) ? presentation.holder.id : undefined;
  if (holder !== undefined && holder !== key.controller) {
    throw new SecuringError(ErrorCodes.HOLDER_MISMATCH, `The presentation's holder ${String(holder)} is not the key's controller ${key.controller}.`);
  }
  try {
    return await vc.signPresentation({
      presentation: structuredClone(presentation),
      suite: signingSuite(format, key.signer(), date),
      challenge,
      ...(domain === undefined ? {} : { domain }),
      documentLoader: (options.documentLoader ?? defaultDocumentLoader()) as Digitalbazaar.DocumentLoader,
    });
  } catch (error) {
    const coded = findSecuringError(error);
    if (coded) throw coded;
    throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, `The presentation cannot be signed: ${describeError(error)}`, {
      cause: error,
    });
  }
}
