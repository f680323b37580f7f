import { verifyPresentation, type DidResolver, type DocumentLoader } from '@microcred/securing';
import type { JsonObject } from '../options.ts';

/**
 * VC-API exchanges as Learner Credential Wallet runs them (W3C CCG VC-API "Exchanges"; LCW's
 * `processMessageChain`): the wallet POSTs `{}` to the exchange URL and gets a
 * VerifiablePresentationRequest asking for DID authentication; it POSTs back
 * `{verifiablePresentation}` signed by its DID key with the request's challenge and domain; the
 * answer is `{verifiablePresentation}` holding the credential bound to that DID. LCW's older
 * `request.html` deep link skips the first step and POSTs the signed presentation itself; it wants
 * the credential back as it is.
 */

/** What the wallet sent: the start of the exchange, or its DID authentication (wrapped or bare). */
export type ExchangeMessage =
  | { kind: 'start' }
  | { kind: 'presentation'; presentation: JsonObject; wrapped: boolean }
  | { kind: 'invalid'; reason: string };

export function readExchangeMessage(body: unknown): ExchangeMessage {
  if (body === undefined || body === null) return { kind: 'start' };
  if (typeof body !== 'object' || Array.isArray(body)) return { kind: 'invalid', reason: 'The body must be a JSON object.' };
  const message = body as JsonObject;
  const isPresentation = (v: unknown): v is JsonObject =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && [(v as JsonObject).type].flat().includes('VerifiablePresentation');
  if ('verifiablePresentation' in message) {
    return isPresentation(message.verifiablePresentation)
      ? { kind: 'presentation', presentation: message.verifiablePresentation, wrapped: true }
      : { kind: 'invalid', reason: 'verifiablePresentation must be a VerifiablePresentation.' };
  }
  if (isPresentation(message)) return { kind: 'presentation', presentation: message, wrapped: false };
  if (Object.keys(message).length === 0) return { kind: 'start' };
  return { kind: 'invalid', reason: 'Send {} to start the exchange, then {"verifiablePresentation": ...} with your DID authentication.' };
}

/** The request for DID authentication (VC-API exchanges; "DIDAuthentication" query of the VPR spec). */
export function didAuthenticationRequest(options: { challenge: string; domain: string; interactUrl?: string }): JsonObject {
  return {
    verifiablePresentationRequest: {
      query: [{ type: 'DIDAuthentication', acceptedMethods: [{ method: 'key' }, { method: 'jwk' }], acceptedCryptosuites: [{ cryptosuite: 'eddsa-rdfc-2022' }, { cryptosuite: 'Ed25519Signature2020' }, { cryptosuite: 'ecdsa-rdfc-2019' }] }],
      challenge: options.challenge,
      domain: options.domain,
      ...(options.interactUrl ? { interact: { service: [{ type: 'UnmediatedPresentationService2021', serviceEndpoint: options.interactUrl }] } } : {}),
    },
  };
}

export type DidAuthenticationResult = { ok: true; holder: string } | { ok: false; reason: string };

/**
 * Checks the wallet's DID authentication: a presentation signed (proof purpose authentication) with
 * the request's challenge and domain, by a key of the DID it names as `holder`. Only did:key holders
 * are accepted: the credential will name that DID, and a did:key needs nobody's server to check.
 */
export async function checkDidAuthentication(
  presentation: JsonObject,
  /** `domain` is checked when given; LCW's request.html flow signs without one. */
  options: { challenge: string; domain?: string; didResolver?: DidResolver; documentLoader?: DocumentLoader },
): Promise<DidAuthenticationResult> {
  const holder = typeof presentation.holder === 'string' ? presentation.holder : (presentation.holder as JsonObject | undefined)?.id;
  if (typeof holder !== 'string') return { ok: false, reason: 'The presentation names no holder: DID authentication needs one.' };
  if (!holder.startsWith('did:key:')) return { ok: false, reason: `The holder must be a did:key; got ${holder}.` };
  const result = await verifyPresentation(presentation, {
    challenge: options.challenge,
    ...(options.domain === undefined ? {} : { domain: options.domain }),
    ...(options.didResolver ? { didResolver: options.didResolver } : {}),
    ...(options.documentLoader ? { documentLoader: options.documentLoader } : {}),
  });
  if (!result.verified) {
    return { ok: false, reason: result.errors.map((e) => e.message).join(' ') || 'The presentation does not verify.' };
  }
  return { ok: true, holder };
}

/** The exchange's last answer: the credential in a presentation (not signed: the credential carries the issuer's proof). */
export function exchangeResponse(credential: JsonObject): JsonObject {
  return {
    verifiablePresentation: {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      verifiableCredential: [credential],
    },
  };
}
