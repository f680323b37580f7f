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
      // Every proof must verify, each on its own (see verifyHolderProof): jsonld-signatures' ProofSet
      // accepts a set when any one proof verifies and skips proofs no suite matches.
      const { challenge, domain } = options;
      const results = await Promise.all(
        proofs.map((proof) => verifyHolderProof(presentation, proof, { challenge, domain, holder, documentLoader })),
      );
      verificationMethod = results.find((r) => r.verificationMethod !== undefined)?.verificationMethod;
      results.forEach((result, index) => {
        const label = proofs.length > 1 ? `Proof ${index + 1} of ${proofs.length}: ` : '';
        for (const error of result.errors) errors.push({ code: error.code, message: `${label}${error.message}` });
      });
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

/**
 * One proof of a presentation, checked over the presentation carrying only that proof: the
 * signature, the purpose (authentication, with the challenge and domain asked for) and, when the
 * presentation names a holder, that the key is the holder's. Over the same document this is what
 * jsonld-signatures' ProofSet does for each proof (it hashes the presentation without any proof),
 * so a genuine proof of a set verifies alone. A proof that names a `previousProof` (a chain) is
 * refused: the suites would check it over the bare presentation, not over the proofs it signs.
 */
async function verifyHolderProof(
  presentation: JsonObject,
  proof: unknown,
  options: { challenge: string; domain: string | undefined; holder: string | undefined; documentLoader: DocumentLoader },
): Promise<{ errors: ProofError[]; verificationMethod?: string }> {
  const format = formatOfProof(proof);
  if (!format) {
    const { type, cryptosuite } = isJsonObject(proof) ? proof : {};
    return {
      errors: [{
        code: ErrorCodes.UNKNOWN_FORMAT,
        message: `The proof type ${JSON.stringify(type)}${cryptosuite ? ` / cryptosuite ${JSON.stringify(cryptosuite)}` : ''} is not supported; every proof of a presentation must verify.`,
      }],
    };
  }
  if (isJsonObject(proof) && proof.previousProof !== undefined) {
    return { errors: [{ code: ErrorCodes.PROOF_INVALID, message: 'The proof names a "previousProof": proof chains are not supported on presentations.' }] };
  }
  try {
    const purpose = new jsigs.purposes.AuthenticationProofPurpose({
      challenge: options.challenge,
      ...(options.domain === undefined ? {} : { domain: options.domain }),
    });
    const result = await jsigs.verify({ ...presentation, proof }, {
      suite: verificationSuite(format),
      purpose,
      documentLoader: options.documentLoader as Digitalbazaar.DocumentLoader,
    });
    const proofResult = result.results?.find((r) => r.verified);
    const method = proofResult?.verificationMethod;
    const verificationMethod = typeof method?.id === 'string' ? { verificationMethod: method.id } : {};
    if (!result.verified) return { errors: proofErrors(result, ErrorCodes.HOLDER_MISMATCH), ...verificationMethod };
    const controller = proofResult?.purposeResult?.controller?.id ?? method?.controller;
    if (options.holder !== undefined && controller !== options.holder) {
      return {
        errors: [{ code: ErrorCodes.HOLDER_MISMATCH, message: `The presentation is signed by ${String(controller)}, not by its holder ${options.holder}.` }],
        ...verificationMethod,
      };
    }
    return { errors: [], ...verificationMethod };
  } catch (error) {
    return { errors: [toProofError(error, ErrorCodes.HOLDER_MISMATCH)] };
  }
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
