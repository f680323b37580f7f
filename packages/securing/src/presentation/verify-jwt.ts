import { decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import * as vc from '@digitalbazaar/vc';
import { ErrorCodes, findSecuringError } from '../errors.ts';
import { contextsOf, isJsonObject } from '../credential.ts';
import { CREDENTIALS_V2_URL } from '../contexts.ts';
import { findVerificationMethod, hasRelationship } from '../did/resolve.ts';
import { joseKeyFor, type JoseVerificationKey } from '../jwt/verify.ts';
import type { DidResolver, JsonObject, ProofError } from '../types.ts';

/** `typ` values of a VC-JOSE-COSE presentation (and the earlier drafts' name). */
const PRESENTATION_TYPES = new Set(['vp+jwt', 'application/vp+jwt', 'vp-ld+jwt', 'application/vp-ld+jwt']);
/** RFC 7519's own `typ`: says "a JWT" and nothing more, as VC-JWT 1.1 presentations do. */
const GENERIC_TYPES = new Set(['jwt', 'application/jwt']);

/**
 * How far the holder's clock may be from ours for `exp` and `nbf`: the 300 seconds
 * @digitalbazaar/vc allows for dates (a phone's clock drifts; a replay is stopped by the nonce, not by this).
 */
const CLOCK_TOLERANCE_SECONDS = 300;

export interface PresentationJwtOptions {
  /** The challenge the verifier gave the holder: the JWT's `nonce` must be exactly this. */
  challenge?: string;
  /** The verifier's domain: when given, the JWT's `aud` must name it. */
  domain?: string;
  didResolver: DidResolver;
  /** The moment `exp` and `nbf` are checked against (default: now). */
  now?: Date;
}

export interface PresentationJwtResult {
  verified: boolean;
  holder?: string;
  verificationMethod?: string;
  /** The presentation the JWT holds: its payload (VC-JOSE-COSE), or its `vp` claim (VC-JWT 1.1). Trust it only when verified. */
  presentation?: JsonObject;
  errors: ProofError[];
}

/** A JWT's protected header and payload, read without checking anything. */
function readJwt(jwt: string): { header: Record<string, unknown>; payload: unknown } | undefined {
  try {
    const header = decodeProtectedHeader(jwt) as Record<string, unknown>;
    const segment = jwt.split('.')[1] ?? '';
    const payload: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(segment, 'base64url')));
    return { header, payload };
  } catch {
    return undefined;
  }
}

/** Whether a compact JWS claims to hold a presentation (its `typ`, a `vp` claim, or a VerifiablePresentation payload). */
export function isPresentationJwt(jwt: string): boolean {
  const read = readJwt(jwt);
  if (!read || !isJsonObject(read.payload)) return false;
  const typ = typeof read.header.typ === 'string' ? read.header.typ.toLowerCase() : undefined;
  if (typ && PRESENTATION_TYPES.has(typ)) return true;
  const { payload } = read;
  if (payload['@context'] === undefined && isJsonObject(payload.vp)) return true;
  const types = Array.isArray(payload.type) ? payload.type : [payload.type];
  return types.includes('VerifiablePresentation');
}

function holderOf(presentation: JsonObject): string | undefined {
  const { holder } = presentation;
  if (typeof holder === 'string') return holder;
  if (isJsonObject(holder) && typeof holder.id === 'string') return holder.id;
  return undefined;
}

/**
 * Verifies a presentation secured as a JWT, in either of the two shapes wallets make:
 *
 * - VC-JOSE-COSE `vp+jwt`: the payload is the presentation (`typ` vp+jwt, or none);
 * - VC-JWT 1.1: the presentation is the `vp` claim (`typ` JWT, or none), `iss` is the holder.
 *
 * Either way the verifier's challenge is the JWT's `nonce` and its domain is (one of) the `aud`, as in
 * VC-JWT 1.1 and OpenID4VP. The checks, each with a coded error: the shape (`ERR_CREDENTIAL_INVALID`,
 * `ERR_UNKNOWN_FORMAT`); the signing key, found from `kid` (a DID URL; `#x` is relative to the holder),
 * is the holder's (its controller is `holder`, and `iss` when both are given) and listed under
 * `authentication`, the relationship for proving who one is (`ERR_HOLDER_MISMATCH`); the signature and
 * `exp`/`nbf` (`ERR_PROOF_INVALID`); then `nonce` = challenge and `aud` ∋ domain (`ERR_PROOF_INVALID`).
 *
 * A challenge is required: without one nothing shows the presentation was made for this request and
 * not copied from an earlier one. A domain is checked only when given (VC-API's `options.domain`).
 * The credentials inside are not checked here. Never throws.
 */
export async function verifyPresentationJwt(jwt: string, options: PresentationJwtOptions): Promise<PresentationJwtResult> {
  const errors: ProofError[] = [];
  const result = (extra: Partial<PresentationJwtResult> = {}): PresentationJwtResult => ({ verified: errors.length === 0, ...extra, errors });
  const fail = (code: string, message: string, extra: Partial<PresentationJwtResult> = {}): PresentationJwtResult => {
    errors.push({ code, message });
    return result(extra);
  };

  const read = readJwt(jwt);
  if (!read) return fail(ErrorCodes.CREDENTIAL_INVALID, 'The presentation JWT cannot be decoded: its header or payload is not JSON.');
  const { header, payload } = read;
  if (!isJsonObject(payload)) return fail(ErrorCodes.CREDENTIAL_INVALID, 'The presentation JWT\'s payload is not a JSON object.');

  // Which shape: VC-JWT 1.1 (a `vp` claim) or VC-JOSE-COSE (the payload is the presentation).
  const legacy = payload['@context'] === undefined && payload.vp !== undefined;
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : header.typ;
  const typAccepted = typ === undefined || GENERIC_TYPES.has(typ as string) || (!legacy && PRESENTATION_TYPES.has(typ as string));
  if (!typAccepted) {
    return fail(ErrorCodes.UNKNOWN_FORMAT, `The JWT's "typ" is ${JSON.stringify(header.typ)}: it does not hold a presentation${legacy ? ' in a "vp" claim' : ''}.`);
  }
  const presentation = legacy ? payload.vp : payload;
  if (!isJsonObject(presentation)) return fail(ErrorCodes.CREDENTIAL_INVALID, 'The JWT\'s "vp" claim is not a presentation object.');
  try {
    vc._checkPresentation(presentation);
    if (!legacy && contextsOf(presentation)[0] !== CREDENTIALS_V2_URL) {
      throw new Error(`The first "@context" entry of a vp+jwt presentation must be "${CREDENTIALS_V2_URL}".`);
    }
  } catch (error) {
    return fail(ErrorCodes.CREDENTIAL_INVALID, (error as Error).message, { presentation });
  }

  // Who presents it: `holder`, and `iss` (VC-JWT 1.1's name for the holder; VC-JOSE-COSE: must match).
  const named = holderOf(presentation);
  const iss = payload.iss;
  if (iss !== undefined && typeof iss !== 'string') return fail(ErrorCodes.CREDENTIAL_INVALID, 'The JWT\'s "iss" is not a string.', { presentation });
  if (named !== undefined && iss !== undefined && named !== iss) {
    return fail(ErrorCodes.HOLDER_MISMATCH, `The JWT's "iss" ${iss} is not the presentation's holder ${named}.`, { presentation, holder: named });
  }
  if (legacy && typeof payload.jti === 'string' && presentation.id !== undefined && presentation.id !== payload.jti) {
    return fail(ErrorCodes.CREDENTIAL_INVALID, `The JWT's "jti" ${payload.jti} is not the presentation's id ${String(presentation.id)}.`, { presentation });
  }
  const holder = named ?? iss;

  const kid = header.kid;
  if (typeof kid !== 'string' || kid === '') return fail(ErrorCodes.PROOF_INVALID, 'The JWT header has no "kid" naming the holder\'s key.', { presentation, ...(holder ? { holder } : {}) });
  const methodId = kid.startsWith('#') && holder ? holder + kid : kid;
  const hash = methodId.indexOf('#');
  if (!methodId.startsWith('did:') || hash < 0) {
    return fail(ErrorCodes.PROOF_INVALID, `The JWT "kid" ${JSON.stringify(kid)} is not a DID URL with a fragment.`, { presentation, ...(holder ? { holder } : {}) });
  }
  const base = { presentation, verificationMethod: methodId, ...(holder ? { holder } : {}) };

  let controller: string;
  let key: JoseVerificationKey;
  try {
    const document = await options.didResolver.resolve(methodId.slice(0, hash));
    const method = findVerificationMethod(document, methodId);
    if (!method) return fail(ErrorCodes.VERIFICATION_METHOD_NOT_FOUND, `The DID document has no verification method "${methodId}".`, base);
    controller = method.controller;
    if (holder !== undefined && controller !== holder) {
      return fail(ErrorCodes.HOLDER_MISMATCH, `The presentation is signed with a key of ${controller}, not of its holder ${holder}.`, base);
    }
    if (!hasRelationship(document, 'authentication', methodId)) {
      return fail(ErrorCodes.HOLDER_MISMATCH, `The key ${methodId} is not an authentication key of ${controller}.`, base);
    }
    key = await joseKeyFor(method);
  } catch (error) {
    const coded = findSecuringError(error);
    return fail(coded?.code ?? ErrorCodes.DID_NOT_RESOLVED, coded?.message ?? String(error), base);
  }
  const signed = { ...base, holder: holder ?? controller };
  if (typeof header.alg !== 'string' || !key.algorithms.includes(header.alg)) {
    return fail(ErrorCodes.PROOF_INVALID, `The JWT "alg" ${JSON.stringify(header.alg)} does not fit the key ${methodId} (expected ${key.algorithms.join(' or ')}).`, signed);
  }

  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(jwt, key.key, {
      algorithms: [header.alg],
      currentDate: options.now ?? new Date(),
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    return fail(ErrorCodes.PROOF_INVALID, describeJoseError(error), signed);
  }

  if (typeof options.challenge !== 'string' || options.challenge === '') {
    return fail(ErrorCodes.PROOF_INVALID, 'A challenge is required to verify a presentation: without one nothing shows it was made for this request.', signed);
  }
  if (claims.nonce === undefined) {
    return fail(ErrorCodes.PROOF_INVALID, `The presentation carries no "nonce": it was not made in answer to the challenge "${options.challenge}".`, signed);
  }
  if (claims.nonce !== options.challenge) {
    return fail(
      ErrorCodes.PROOF_INVALID,
      `The presentation answers the challenge ${JSON.stringify(claims.nonce)}, not "${options.challenge}": it was made for another request, or is a replay.`,
      signed,
    );
  }
  if (options.domain !== undefined) {
    const audiences = Array.isArray(claims.aud) ? claims.aud : claims.aud === undefined ? [] : [claims.aud];
    if (!audiences.includes(options.domain)) {
      return fail(
        ErrorCodes.PROOF_INVALID,
        `The presentation is meant for ${audiences.length ? audiences.map((a) => JSON.stringify(a)).join(', ') : 'no one in particular (no "aud")'}, not for the domain "${options.domain}".`,
        signed,
      );
    }
  }
  return result(signed);
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return `The presentation expired (its "exp" has passed): ${error.message}`;
  if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf') return `The presentation is not valid yet (its "nbf" is in the future): ${error.message}`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'The presentation\'s signature does not verify: it was changed after the holder signed it, or not signed with that key.';
  return `The presentation JWT does not verify: ${(error as Error).message}`;
}
