import { SecuringError, ErrorCodes } from './errors.ts';
import { assertSecurable, issuerOf } from './credential.ts';
import { defaultDocumentLoader } from './document-loader.ts';
import { assertKeyPair } from './signing-keys/key-pair.ts';
import { signDataIntegrity } from './data-integrity/sign.ts';
import { signJwt } from './jwt/sign.ts';
import type { DocumentLoader, JsonObject, KeyPair, SecuredCredential, SecuringFormat } from './types.ts';

export interface SecureCredentialOptions {
  key: KeyPair;
  /** 'di' = eddsa-rdfc-2022 (Ed25519), 'ecdsa' = ecdsa-rdfc-2019 (P-256/P-384), 'jwt' = vc+jwt (any). */
  format: SecuringFormat;
  documentLoader?: DocumentLoader;
  /** The proof's `created` (Data Integrity only). Default: now. */
  date?: Date | string;
}

/**
 * Turns an unsigned credential into a verifiable one. The credential's
 * issuer must be the key's controller. Never modifies the input.
 */
export async function secureCredential(credential: object, options: SecureCredentialOptions): Promise<SecuredCredential> {
  const { key, format } = options ?? ({} as SecureCredentialOptions);
  assertKeyPair(key);
  if (format !== 'di' && format !== 'ecdsa' && format !== 'jwt') {
    throw new SecuringError(ErrorCodes.UNKNOWN_FORMAT, `Unknown securing format ${JSON.stringify(format)} (use "di", "ecdsa" or "jwt").`);
  }
  if (format === 'di' && key.keyType !== 'Ed25519') {
    throw new SecuringError(
      ErrorCodes.KEY_TYPE_MISMATCH,
      `Format "di" (eddsa-rdfc-2022) needs an Ed25519 key; ${key.id} is ${key.keyType}. Use format "ecdsa" for P-256/P-384 keys.`,
    );
  }
  if (format === 'ecdsa' && key.keyType === 'Ed25519') {
    throw new SecuringError(
      ErrorCodes.KEY_TYPE_MISMATCH,
      `Format "ecdsa" (ecdsa-rdfc-2019) needs a P-256 or P-384 key; ${key.id} is Ed25519. Use format "di" for Ed25519 keys.`,
    );
  }
  const documentLoader = options.documentLoader ?? defaultDocumentLoader();
  const checked = await assertSecurable(credential, { requireV2: format === 'jwt', documentLoader });
  const issuer = issuerOf(checked);
  if (issuer !== key.controller) {
    throw new SecuringError(
      ErrorCodes.ISSUER_MISMATCH,
      `The credential's issuer ${issuer} is not the key's controller ${key.controller}.`,
    );
  }

  if (format === 'jwt') {
    const payload = structuredClone(checked) as JsonObject;
    return { format, credential: payload, jwt: await signJwt(payload, key) };
  }
  const signed = await signDataIntegrity(checked, {
    key,
    format,
    documentLoader,
    ...(options.date === undefined ? {} : { date: options.date }),
  });
  return { format, credential: signed };
}
