import { decodeProtectedHeader } from 'jose';
import { SecuringError, ErrorCodes } from '../errors.ts';
import { isJsonObject } from '../credential.ts';
import { decodeVc11Claims } from './vc-1.1-claims.ts';
import type { JsonObject } from '../types.ts';

/** Three base64url segments (a compact JWS). */
export const COMPACT_JWS_RE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** `typ` values of VC-JOSE-COSE: vc+jwt, and vc-ld+jwt from older drafts. */
const VC_JOSE_TYPES = new Set(['vc+jwt', 'application/vc+jwt', 'vc-ld+jwt', 'application/vc-ld+jwt']);

/** The two ways a credential travels as a JWT. */
export type JwtEncoding =
  /** VC-JOSE-COSE (VC 2.0): the payload is the credential. */
  | 'vc+jwt'
  /** VC Data Model 1.1 §6.3.1: registered claims plus a `vc` claim. */
  | 'vc-jwt-1.1';

export interface DecodedJwt {
  encoding: JwtEncoding;
  header: JsonObject;
  /** The JWT's payload as it is. */
  payload: JsonObject;
  /** The credential it stands for (for VC-JWT 1.1: the `vc` claim with the registered claims written back). */
  credential: JsonObject;
}

function decodeSegment(segment: string, what: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(segment, 'base64url')));
  } catch {
    throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, `The JWT ${what} is not JSON.`);
  }
  if (!isJsonObject(value)) throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, `The JWT ${what} is not a JSON object.`);
  return value;
}

/**
 * Reads a credential out of a JWT WITHOUT checking its signature: to show what
 * it claims, or to read back what this service signed itself. Throws
 * `ERR_UNKNOWN_FORMAT` for a JWT that is neither encoding (by `typ`: vc+jwt,
 * or JWT / none with a `vc` claim) and `ERR_CREDENTIAL_INVALID` for one that
 * cannot be decoded or whose claims contradict its `vc` claim.
 */
export function decodeJwtCredential(jwt: string): DecodedJwt {
  const text = jwt.trim();
  if (!COMPACT_JWS_RE.test(text)) throw new SecuringError(ErrorCodes.UNKNOWN_FORMAT, 'The input is not a compact JWS.');
  let header: JsonObject;
  try {
    header = decodeProtectedHeader(text) as JsonObject;
  } catch {
    throw new SecuringError(ErrorCodes.PROOF_INVALID, 'The JWT protected header cannot be decoded.');
  }
  const payload = decodeSegment(text.split('.')[1] ?? '', 'payload');
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : undefined;
  if (typ !== undefined && VC_JOSE_TYPES.has(typ)) {
    if (payload['@context'] === undefined && isJsonObject(payload.vc)) {
      throw new SecuringError(
        ErrorCodes.CREDENTIAL_INVALID,
        `The JWT's "typ" is ${JSON.stringify(header.typ)} (VC-JOSE-COSE: the payload is the credential) but its payload is a VC 1.1 "vc" claim.`,
      );
    }
    return { encoding: 'vc+jwt', header, payload, credential: payload };
  }
  if ((typ === undefined || typ === 'jwt') && payload.vc !== undefined) {
    return { encoding: 'vc-jwt-1.1', header, payload, credential: decodeVc11Claims(payload) };
  }
  throw new SecuringError(
    ErrorCodes.UNKNOWN_FORMAT,
    `The JWT is not a verifiable credential: its "typ" is ${JSON.stringify(header.typ)}, and a credential is either "vc+jwt" ` +
      '(VC-JOSE-COSE) or "JWT" with a "vc" claim (VC Data Model 1.1).',
  );
}
