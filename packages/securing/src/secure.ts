import { SecuringError, ErrorCodes } from './errors.ts';
import * as vc from '@digitalbazaar/vc';
import { assertSecurable, contextsOf, issuerOf } from './credential.ts';
import { CREDENTIALS_V1_URL } from './contexts.ts';
import { defaultDocumentLoader } from './document-loader.ts';
import { assertKeyPair } from './signing-keys/key-pair.ts';
import { signDataIntegrity } from './data-integrity/sign.ts';
import { CRYPTOSUITE_NAME } from './data-integrity/suites.ts';
import { signJwt } from './jwt/sign.ts';
import type { DocumentLoader, JsonObject, KeyPair, SecuredCredential, SecuringFormat } from './types.ts';

export interface SecureCredentialOptions {
  key: KeyPair;
  /**
   * 'di' = eddsa-rdfc-2022 (Ed25519), 'eddsa-jcs' = eddsa-jcs-2022 (Ed25519; signs the JSON, JCS, not the RDF),
   * 'ecdsa' = ecdsa-rdfc-2019 (P-256/P-384), 'jwt' = a JWT (any key):
   * vc+jwt for a VC 2.0 credential, the VC Data Model 1.1 JWT for a 1.1 credential.
   */
  format: SecuringFormat;
  documentLoader?: DocumentLoader;
  /** The proof's `created` (Data Integrity), and the `issuanceDate` a VC 1.1 credential without one gets. Default: now. */
  date?: Date | string;
}

/**
 * Turns an unsigned credential into a verifiable one. The credential's
 * issuer must be the key's controller. Never modifies the input.
 */
export async function secureCredential(credential: object, options: SecureCredentialOptions): Promise<SecuredCredential> {
  const { key, format } = options ?? ({} as SecureCredentialOptions);
  assertKeyPair(key);
  if (format !== 'di' && format !== 'eddsa-jcs' && format !== 'ecdsa' && format !== 'jwt') {
    throw new SecuringError(ErrorCodes.UNKNOWN_FORMAT, `Unknown securing format ${JSON.stringify(format)} (use "di", "eddsa-jcs", "ecdsa" or "jwt").`);
  }
  if ((format === 'di' || format === 'eddsa-jcs') && key.keyType !== 'Ed25519') {
    throw new SecuringError(
      ErrorCodes.KEY_TYPE_MISMATCH,
      `Format "${format}" (${CRYPTOSUITE_NAME[format]}) needs an Ed25519 key; ${key.id} is ${key.keyType}. Use format "ecdsa" for P-256/P-384 keys.`,
    );
  }
  if (format === 'ecdsa' && key.keyType === 'Ed25519') {
    throw new SecuringError(
      ErrorCodes.KEY_TYPE_MISMATCH,
      `Format "ecdsa" (ecdsa-rdfc-2019) needs a P-256 or P-384 key; ${key.id} is Ed25519. Use format "di" or "eddsa-jcs" for Ed25519 keys.`,
    );
  }
  const documentLoader = options.documentLoader ?? defaultDocumentLoader();
  const checked = await assertSecurable(credential, { requireV2: false, documentLoader });
  const issuer = issuerOf(checked);
  if (issuer !== key.controller) {
    throw new SecuringError(
      ErrorCodes.ISSUER_MISMATCH,
      `The credential's issuer ${issuer} is not the key's controller ${key.controller}.`,
    );
  }

  if (format === 'jwt') {
    const secured = structuredClone(checked) as JsonObject;
    if (contextsOf(secured)[0] === CREDENTIALS_V1_URL) {
      // VC 1.1 requires issuanceDate (its JWT's nbf): given one when it has none, as vc.issue does for Data Integrity.
      if (secured.issuanceDate === undefined) secured.issuanceDate = xsdDateTime(options.date ?? new Date());
      try {
        vc._checkCredential({ credential: secured, mode: 'issue' });
      } catch (error) {
        throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, `The credential cannot be signed: ${(error as Error).message}`, { cause: error });
      }
    }
    return { format, credential: secured, jwt: await signJwt(secured, key) };
  }
  const signed = await signDataIntegrity(checked, {
    key,
    format,
    documentLoader,
    ...(options.date === undefined ? {} : { date: options.date }),
  });
  return { format, credential: signed };
}

/** An XML Schema date-time in whole seconds, as vc.issue writes issuanceDate. */
function xsdDateTime(date: Date | string): string {
  const parsed = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(parsed.getTime())) throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, `The date ${JSON.stringify(date)} is not a date.`);
  return parsed.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
