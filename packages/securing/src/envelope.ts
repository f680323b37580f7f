import parseDataURL from 'data-urls';
import { ErrorCodes } from './errors.ts';
import { COMPACT_JWS_RE } from './jwt/verify.ts';
import type { JsonObject, ProofError } from './types.ts';

export type EnvelopeKind = 'credential' | 'presentation';

const ENVELOPE_TYPE: Record<EnvelopeKind, string> = {
  credential: 'EnvelopedVerifiableCredential',
  presentation: 'EnvelopedVerifiablePresentation',
};

/**
 * The media types an envelope of each kind may hold, all of them JWTs: VC-JOSE-COSE's (`vp+jwt`), the
 * name earlier drafts used (`vp-ld+jwt`), and RFC 7519's `application/jwt`, which says no more than
 * "a JWT" and is what VC-JWT 1.1 presentations travel as (the JWT's own `typ` and claims then say
 * what it holds). A credential's media type inside a presentation's envelope (or the reverse) is
 * refused: the envelope would claim to be something its content is not.
 */
const JWT_MEDIA_TYPES: Record<EnvelopeKind, readonly string[]> = {
  credential: ['application/vc+jwt', 'application/vc-ld+jwt', 'application/jwt'],
  presentation: ['application/vp+jwt', 'application/vp-ld+jwt', 'application/jwt'],
};

export type EnvelopeContent = { jwt: string; mediaType: string } | { error: ProofError };

/** Whether a value is an envelope of that kind (its `type` says so); its content may still be unreadable. */
export function isEnvelope(value: unknown, kind: EnvelopeKind): value is JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const type = (value as JsonObject).type;
  return (Array.isArray(type) ? type : [type]).includes(ENVELOPE_TYPE[kind]);
}

/**
 * The compact JWT an `EnvelopedVerifiableCredential` / `EnvelopedVerifiablePresentation` (VC Data Model
 * 2.0 §4.13) carries in its `id`, a data: URL (RFC 2397, parsed as the WHATWG Fetch standard does, so
 * `;base64` and percent-encoding are read as browsers read them). Coded errors: `ERR_CREDENTIAL_INVALID`
 * when the id is not a data: URL or does not hold a compact JWS, `ERR_UNKNOWN_FORMAT` for a media type
 * this package does not verify (`vp+sd-jwt`, `vp+cose`, anything else).
 */
export function readEnvelope(envelope: JsonObject, kind: EnvelopeKind): EnvelopeContent {
  const fail = (code: string, message: string): EnvelopeContent => ({ error: { code, message } });
  const name = ENVELOPE_TYPE[kind];
  const id = envelope.id;
  if (typeof id !== 'string') return fail(ErrorCodes.CREDENTIAL_INVALID, `The ${name} has no "id" holding the secured ${kind}.`);
  const dataUrl = /^\s*data:/i.test(id) ? parseDataURL(id) : null;
  if (!dataUrl) {
    return fail(ErrorCodes.CREDENTIAL_INVALID, `The "id" of the ${name} must be a data: URL holding the secured ${kind}, not ${JSON.stringify(abbreviate(id))}.`);
  }
  const mediaType = dataUrl.mimeType.essence;
  if (!JWT_MEDIA_TYPES[kind].includes(mediaType)) {
    const other = kind === 'presentation' ? 'credential' : 'presentation';
    if (JWT_MEDIA_TYPES[other].includes(mediaType) && mediaType !== 'application/jwt') {
      return fail(ErrorCodes.CREDENTIAL_INVALID, `The ${name} holds a ${other} (${mediaType}), not a ${kind}.`);
    }
    return fail(
      ErrorCodes.UNKNOWN_FORMAT,
      `The ${name} holds ${mediaType}, which this verifier does not read (supported: ${JWT_MEDIA_TYPES[kind].join(', ')}).`,
    );
  }
  // A JWT is ASCII; anything else in the body is not one.
  const body = dataUrl.body;
  const jwt = body.every((byte) => byte < 0x80) ? Buffer.from(body).toString('latin1').trim() : '';
  if (!COMPACT_JWS_RE.test(jwt)) {
    return fail(ErrorCodes.CREDENTIAL_INVALID, `The data: URL of the ${name} says ${mediaType} but does not hold a compact JWS.`);
  }
  return { jwt, mediaType };
}

function abbreviate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
