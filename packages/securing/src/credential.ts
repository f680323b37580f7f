import { SecuringError, ErrorCodes } from './errors.ts';
import { CREDENTIALS_V1_URL, CREDENTIALS_V2_URL } from './contexts.ts';
import type { DocumentLoader, JsonObject } from './types.ts';

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The issuer id of a credential (`issuer` as a string or as `{id}`). */
export function issuerOf(credential: JsonObject): string | undefined {
  const issuer = Array.isArray(credential.issuer) ? credential.issuer[0] : credential.issuer;
  if (typeof issuer === 'string') return issuer;
  if (isJsonObject(issuer) && typeof issuer.id === 'string') return issuer.id;
  return undefined;
}

export function contextsOf(credential: JsonObject): unknown[] {
  const context = credential['@context'];
  return Array.isArray(context) ? context : context === undefined ? [] : [context];
}

/**
 * Checks what every securing format needs before signing: an `@context`
 * whose first entry is a VC context (v2 for vc+jwt), every context URL
 * bundled (the loader throws ERR_CONTEXT_NOT_BUNDLED naming it), and an
 * issuer.
 */
export async function assertSecurable(
  credential: unknown,
  options: { requireV2: boolean; documentLoader: DocumentLoader },
): Promise<JsonObject> {
  if (!isJsonObject(credential)) {
    throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, 'The credential must be a JSON object.');
  }
  const contexts = contextsOf(credential);
  if (contexts.length === 0) {
    throw new SecuringError(
      ErrorCodes.CREDENTIAL_INVALID,
      `The credential has no "@context"; it must start with "${CREDENTIALS_V2_URL}".`,
    );
  }
  const first = contexts[0];
  if (options.requireV2 ? first !== CREDENTIALS_V2_URL : first !== CREDENTIALS_V2_URL && first !== CREDENTIALS_V1_URL) {
    throw new SecuringError(
      ErrorCodes.CREDENTIAL_INVALID,
      options.requireV2
        ? `The first "@context" entry must be "${CREDENTIALS_V2_URL}" (vc+jwt secures VC 2.0 credentials), not ${JSON.stringify(first)}.`
        : `The first "@context" entry must be "${CREDENTIALS_V2_URL}" or "${CREDENTIALS_V1_URL}", not ${JSON.stringify(first)}.`,
    );
  }
  for (const context of contexts) {
    if (typeof context === 'string') await options.documentLoader(context);
    else if (!isJsonObject(context)) {
      throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, 'Every "@context" entry must be a URL or an object.');
    }
  }
  if (!issuerOf(credential)) {
    throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, 'The credential has no "issuer".');
  }
  return credential;
}
