import { ErrorCodes, findSecuringError } from './errors.ts';
import { isJsonObject, issuerOf } from './credential.ts';
import { createDocumentLoader, defaultDocumentLoader } from './document-loader.ts';
import { defaultDidResolver } from './did/resolve.ts';
import { formatOfProof } from './data-integrity/suites.ts';
import { verifyDataIntegrity } from './data-integrity/verify.ts';
import { isDeepStrictEqual } from 'node:util';
import { COMPACT_JWS_RE, verifyJwt } from './jwt/verify.ts';
import { JWT_PROOF_TYPE, jwtOfProof } from './jwt/jwt-proof.ts';
import { isEnvelope, readEnvelope } from './envelope.ts';
import type { DidResolver, DocumentLoader, JsonObject, ProofResult } from './types.ts';

export interface VerifySecuredCredentialOptions {
  /** Loader for contexts and verification methods. Default: bundled contexts + `didResolver`. */
  documentLoader?: DocumentLoader;
  /** Resolver for vc+jwt `kid`s (and for the default loader). Default: HTTPS-only resolver. */
  didResolver?: DidResolver;
}

const loadersByResolver = new WeakMap<DidResolver, DocumentLoader>();

function loaderFor(options: VerifySecuredCredentialOptions): DocumentLoader {
  if (options.documentLoader) return options.documentLoader;
  if (!options.didResolver) return defaultDocumentLoader();
  let loader = loadersByResolver.get(options.didResolver);
  if (!loader) {
    loader = createDocumentLoader({ didResolver: options.didResolver });
    loadersByResolver.set(options.didResolver, loader);
  }
  return loader;
}

/**
 * Checks the proof of a secured credential and that it was made with a key
 * of the issuer — and nothing else: NOT the validity window
 * (validFrom/validUntil, issuanceDate/expirationDate) and NOT the status;
 * callers report those separately. Never throws: problems come back as
 * `verified: false` with coded errors.
 *
 * Formats: a compact JWS string (or an EnvelopedVerifiableCredential whose
 * id is a data: URL of `application/vc+jwt`, see readEnvelope) → vc+jwt or the VC Data Model 1.1 JWT; a
 * credential shown with a `JwtProof2020` proof → its JWT, which must decode
 * to exactly the credential around it; an object whose proof is a
 * DataIntegrityProof with eddsa-rdfc-2022 / ecdsa-rdfc-2019, or an
 * Ed25519Signature2020 proof → Data Integrity.
 */
export async function verifySecuredCredential(
  input: object | string,
  options: VerifySecuredCredentialOptions = {},
): Promise<ProofResult> {
  try {
    let value: unknown = input;
    if (typeof value === 'string') {
      const text = value.trim();
      if (COMPACT_JWS_RE.test(text)) {
        return await verifyJwt(text, { didResolver: options.didResolver ?? defaultDidResolver() });
      }
      if (!text.startsWith('{')) {
        return unknown('The input is neither a compact JWS (vc+jwt) nor a JSON credential.');
      }
      try {
        value = JSON.parse(text);
      } catch {
        return unknown('The input is not valid JSON.');
      }
    }
    if (!isJsonObject(value)) return unknown('The input must be a credential object or a vc+jwt string.');

    // vc+jwt, its earlier drafts' name, or RFC 7519's application/jwt, in a data: URL read as the
    // Fetch standard reads it (;base64, percent-encoding, any case), as presentation envelopes are.
    const envelope = isEnvelope(value, 'credential') ? readEnvelope(value, 'credential') : undefined;
    if (envelope !== undefined) {
      if ('error' in envelope) return { verified: false, errors: [envelope.error] };
      return await verifyJwt(envelope.jwt, { didResolver: options.didResolver ?? defaultDidResolver() });
    }

    const jwt = jwtOfProof(value);
    if (jwt !== undefined) {
      const result = await verifyJwt(jwt, { didResolver: options.didResolver ?? defaultDidResolver() });
      return result.verified ? sameAsSigned(value, result) : result;
    }

    const proofs = Array.isArray(value.proof) ? value.proof : value.proof === undefined ? [] : [value.proof];
    const issuer = issuerOf(value);
    if (proofs.length === 0) {
      return unknown('The credential has no proof.', issuer);
    }
    const format = proofs.map(formatOfProof).find((f) => f !== undefined);
    if (!format) {
      const first = proofs[0] as { type?: unknown; cryptosuite?: unknown };
      return unknown(
        `Unsupported proof type ${JSON.stringify(first?.type)}${first?.cryptosuite ? ` / cryptosuite ${JSON.stringify(first.cryptosuite)}` : ''} ` +
          `(supported: DataIntegrityProof eddsa-rdfc-2022, eddsa-jcs-2022 and ecdsa-rdfc-2019, Ed25519Signature2020, ${JWT_PROOF_TYPE}, vc+jwt).`,
        issuer,
      );
    }
    return await verifyDataIntegrity(value, format, loaderFor(options));
  } catch (error) {
    const coded = findSecuringError(error);
    return {
      verified: false,
      errors: [{ code: coded?.code ?? ErrorCodes.PROOF_INVALID, message: coded?.message ?? String((error as Error)?.message ?? error) }],
    };
  }
}

/**
 * Only what a JWT signs is genuine: the JSON shown around a JwtProof2020 must
 * be the credential the JWT decodes to, property for property.
 */
function sameAsSigned(shown: JsonObject, result: ProofResult): ProofResult {
  const { proof: _proof, ...outside } = shown;
  const signed = result.credential ?? {};
  const differing = [...new Set([...Object.keys(outside), ...Object.keys(signed)])].filter((key) => !isDeepStrictEqual(outside[key], signed[key]));
  if (differing.length === 0) return result;
  return {
    ...result,
    verified: false,
    errors: [
      {
        code: ErrorCodes.PROOF_INVALID,
        message: `The credential shown with the ${JWT_PROOF_TYPE} proof differs from the one its JWT signs (${differing.map((k) => JSON.stringify(k)).join(', ')}): it was changed after signing.`,
      },
    ],
  };
}

function unknown(message: string, issuer?: string): ProofResult {
  return {
    verified: false,
    ...(issuer === undefined ? {} : { issuer }),
    errors: [{ code: ErrorCodes.UNKNOWN_FORMAT, message }],
  };
}
