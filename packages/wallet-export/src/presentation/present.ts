import { signPresentation, type DocumentLoader, type KeyPair } from '@microcred/securing';
import { WalletExportError, WalletExportErrorCodes } from '../errors.ts';
import type { JsonObject } from '../options.ts';

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** One credential as a presentation carries it: JSON as it is, a vc+jwt as an EnvelopedVerifiableCredential (VC 2.0 §4.13). */
function embedded(credential: unknown, index: number): JsonObject {
  if (typeof credential === 'string') {
    const jwt = credential.trim();
    if (!COMPACT_JWS.test(jwt)) {
      throw new WalletExportError(WalletExportErrorCodes.INVALID_OPTIONS, `credentials[${index}] is text but not a compact vc+jwt.`);
    }
    return { '@context': ['https://www.w3.org/ns/credentials/v2'], id: `data:application/vc+jwt,${jwt}`, type: 'EnvelopedVerifiableCredential' };
  }
  if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) {
    throw new WalletExportError(WalletExportErrorCodes.INVALID_OPTIONS, `credentials[${index}] is not a credential.`);
  }
  const value = credential as JsonObject;
  if ('payload' in value && 'signatures' in value) {
    throw new WalletExportError(
      WalletExportErrorCodes.INVALID_OPTIONS,
      `credentials[${index}] is a JAdES-sealed Europass credential: it travels on its own (upload it to Europass), not inside a presentation.`,
    );
  }
  if (![value.type].flat().includes('VerifiableCredential')) {
    throw new WalletExportError(WalletExportErrorCodes.INVALID_OPTIONS, `credentials[${index}] is not a VerifiableCredential (its type says ${JSON.stringify(value.type)}).`);
  }
  return value;
}

export interface PresentOptions {
  /** The holder's key: its DID becomes the presentation's `holder`. */
  key: KeyPair;
  /** The verifier's challenge (nonce): the presentation answers exactly this request. */
  challenge: string;
  /** The verifier's domain, when it gave one. */
  domain?: string;
  /** The presentation's id. Default: a new urn:uuid. */
  id?: string;
  documentLoader?: DocumentLoader;
}

/**
 * Wraps credentials in a Verifiable Presentation signed by the holder (Data Integrity, proof purpose
 * authentication, with the verifier's challenge and domain): eddsa-rdfc-2022 for an Ed25519 key,
 * ecdsa-rdfc-2019 for P-256/P-384. VC 2.0 JSON credentials go in as they are, vc+jwt ones enveloped.
 */
export async function presentCredentials(credentials: readonly unknown[], options: PresentOptions): Promise<JsonObject> {
  if (!Array.isArray(credentials) || credentials.length === 0) {
    throw new WalletExportError(WalletExportErrorCodes.INVALID_OPTIONS, 'Give at least one credential to present.');
  }
  if (typeof options.challenge !== 'string' || options.challenge === '') {
    throw new WalletExportError(WalletExportErrorCodes.INVALID_OPTIONS, 'options.challenge is required: the verifier\'s challenge.');
  }
  const presentation: JsonObject = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: options.id ?? `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiablePresentation'],
    holder: options.key.controller,
    verifiableCredential: credentials.map(embedded),
  };
  return signPresentation(presentation, {
    key: options.key,
    challenge: options.challenge,
    ...(options.domain === undefined ? {} : { domain: options.domain }),
    ...(options.documentLoader ? { documentLoader: options.documentLoader } : {}),
  });
}
