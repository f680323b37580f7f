import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import { ErrorCodes } from '../errors.ts';
import { isJsonObject } from '../credential.ts';
import { createDocumentLoader, defaultDocumentLoader } from '../document-loader.ts';
import { defaultDidResolver } from '../did/resolve.ts';
import { formatOfProof, verificationSuite } from '../data-integrity/suites.ts';
import { proofErrors, toProofError } from '../data-integrity/errors.ts';
import { verifySecuredCredential } from '../verify.ts';
import { COMPACT_JWS_RE } from '../jwt/verify.ts';
import { isEnvelope, readEnvelope } from '../envelope.ts';
import { verifyPresentationJwt } from './verify-jwt.ts';
import type { DidResolver, DocumentLoader, JsonObject, ProofError, ProofFormat, ProofResult } from '../types.ts';

export interface VerifyPresentationOptions {
  /** The challenge the verifier issued; required unless `unsignedPresentation`. */
  challenge?: string;
  /** The expected domain, if one was requested. */
  domain?: string;
  /** Accept a presentation without proof (only the credentials are checked). */
  unsignedPresentation?: boolean;
  documentLoader?: DocumentLoader;
  didResolver?: DidResolver;
  /** The moment a presentation JWT's `exp` and `nbf` are checked against (default: now). */
  now?: Date;
}

export interface PresentationResult {
  /** The presentation proof (if required) and every credential verified. */
  verified: boolean;
  /** `jwt` for a presentation secured as a JWT (vp+jwt, or VC-JWT 1.1), enveloped or not. */
  format?: ProofFormat;
  holder?: string;
  verificationMethod?: string;
  /** Problems with the presentation itself. */
  errors: ProofError[];
  /** One result per embedded credential, in order. */
  credentials: ProofResult[];
  /**
   * The presentation that was read: the object given, or the one a JWT holds (an enveloped or
   * bare vp+jwt). Absent when none could be read. Trust it only when `verified`.
   */
  presentation?: JsonObject;
}

/**
 * Verifies a verifiable presentation: its proof (purpose authentication,
 * challenge, domain, and — when `holder` is set — that the signing key is
 * the holder's), then every embedded credential with
 * `verifySecuredCredential` (so, as there, NOT their validity window or
 * status, and enveloped vc+jwt credentials are supported).
 *
 * Why not @digitalbazaar/vc `verify`: it verifies each embedded credential
 * with `verifyCredential`, which applies the validity-window checks (and
 * demands a `checkStatus`); and it cannot verify enveloped vc+jwt
 * credentials. So the presentation proof is checked with `jsigs.verify` +
 * `AuthenticationProofPurpose` after vc's own `_checkPresentation`.
 *
 * A presentation secured as a JWT comes as an `EnvelopedVerifiablePresentation` (a data: URL of
 * `application/vp+jwt`, or `application/jwt`) or as the compact JWT itself: see
 * `verifyPresentationJwt` (the challenge is its `nonce`, the domain its `aud`).
 * Never throws.
 */
export async function verifyPresentation(
  presentation: object | string,
  options: VerifyPresentationOptions = {},
): Promise<PresentationResult> {
  if (typeof presentation === 'string' || isEnvelope(presentation, 'presentation')) {
    return verifySecuredPresentation(presentation, options);
  }
  if (!isJsonObject(presentation)) {
    return {
      verified: false,
      errors: [{ code: ErrorCodes.CREDENTIAL_INVALID, message: 'The presentation must be a JSON object.' }],
      credentials: [],
    };
  }
  const didResolver = options.didResolver ?? defaultDidResolver();
  const documentLoader =
    options.documentLoader ?? (options.didResolver ? createDocumentLoader({ didResolver }) : defaultDocumentLoader());
  const holder = typeof presentation.holder === 'string'
    ? presentation.holder
    : isJsonObject(presentation.holder) && typeof presentation.holder.id === 'string' ? presentation.holder.id : undefined;
  const base = holder === undefined ? {} : { holder };

  const errors: ProofError[] = [];
  let format: Exclude<ProofFormat, 'jwt'> | undefined;
  let verificationMethod: string | undefined;
  try {
    vc._checkPresentation(presentation);
  } catch (error) {
    errors.push({ code: ErrorCodes.CREDENTIAL_INVALID, message: (error as Error).message });
  }

  if (errors.length === 0 && !options.unsignedPresentation) {
    const proofs = Array.isArray(presentation.proof) ? presentation.proof : presentation.proof ? [presentation.proof] : [];
    format = proofs.map(formatOfProof).find((f) => f !== undefined);
    if (proofs.length === 0) {
      errors.push({ code: ErrorCodes.PROOF_INVALID, message: 'The presentation has no proof.' });
    } else if (!format) {
      errors.push({ code: ErrorCodes.UNKNOWN_FORMAT, message: 'The presentation proof type is not supported.' });
    } else if (typeof options.challenge !== 'string' || options.challenge === '') {
      errors.push({ code: ErrorCodes.PROOF_INVALID, message: 'A challenge is required to verify a presentation proof.' });
    } else {
      try {
        const purpose = new jsigs.purposes.AuthenticationProofPurpose({
          challenge: options.challenge,
          ...(options.domain === undefined ? {} : { domain: options.domain }),
        });
        const result = await jsigs.verify(presentation, {
          suite: verificationSuite(format),
          purpose,
          documentLoader: documentLoader as Digitalbazaar.DocumentLoader,
        });
        const proofResult = result.results?.find((r) => r.verified);
        const method = proofResult?.verificationMethod;
        if (typeof method?.id === 'string') verificationMethod = method.id;
        if (!result.verified) {
          errors.push(...proofErrors(result, ErrorCodes.HOLDER_MISMATCH));
        } else if (holder !== undefined) {
          const controller = proofResult?.purposeResult?.controller?.id ?? method?.controller;
          if (controller !== holder) {
            errors.push({
              code: ErrorCodes.HOLDER_MISMATCH,
              message: `The presentation is signed by ${String(controller)}, not by its holder ${holder}.`,
            });
          }
        }
      } catch (error) {
        errors.push(toProofError(error, ErrorCodes.HOLDER_MISMATCH));
      }
    }
  }

  const embedded = Array.isArray(presentation.verifiableCredential)
    ? presentation.verifiableCredential
    : presentation.verifiableCredential === undefined ? [] : [presentation.verifiableCredential];
  const credentials = await Promise.all(
    embedded.map((credential) =>
      verifySecuredCredential(credential as object | string, { documentLoader, didResolver }),
    ),
  );
  return {
    verified: errors.length === 0 && credentials.every((c) => c.verified),
    ...(format === undefined ? {} : { format }),
    ...base,
    ...(verificationMethod === undefined ? {} : { verificationMethod }),
    errors,
    credentials,
    presentation,
  };
}

/** An enveloped or bare presentation JWT: the holder's JWT, then every credential it carries. */
async function verifySecuredPresentation(input: JsonObject | string, options: VerifyPresentationOptions): Promise<PresentationResult> {
  const failed = (error: ProofError): PresentationResult => ({ verified: false, errors: [error], credentials: [] });
  let jwt: string;
  if (typeof input === 'string') {
    jwt = input.trim();
    if (!COMPACT_JWS_RE.test(jwt)) {
      return failed({ code: ErrorCodes.UNKNOWN_FORMAT, message: 'The presentation is text but not a compact JWT (vp+jwt).' });
    }
  } else {
    const content = readEnvelope(input, 'presentation');
    if ('error' in content) return failed(content.error);
    jwt = content.jwt;
  }
  const didResolver = options.didResolver ?? defaultDidResolver();
  const documentLoader =
    options.documentLoader ?? (options.didResolver ? createDocumentLoader({ didResolver }) : defaultDocumentLoader());
  const result = await verifyPresentationJwt(jwt, {
    didResolver,
    ...(options.challenge === undefined ? {} : { challenge: options.challenge }),
    ...(options.domain === undefined ? {} : { domain: options.domain }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const embedded = result.presentation?.verifiableCredential;
  const list = Array.isArray(embedded) ? embedded : embedded === undefined ? [] : [embedded];
  const credentials = await Promise.all(
    list.map((credential) => verifySecuredCredential(credential as object | string, { documentLoader, didResolver })),
  );
  return {
    verified: result.verified && credentials.every((c) => c.verified),
    format: 'jwt',
    ...(result.holder === undefined ? {} : { holder: result.holder }),
    ...(result.verificationMethod === undefined ? {} : { verificationMethod: result.verificationMethod }),
    errors: result.errors,
    credentials,
    ...(result.presentation === undefined ? {} : { presentation: result.presentation }),
  };
}
