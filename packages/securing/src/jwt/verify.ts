import { compactVerify, importJWK, type CryptoKey, type JWK } from 'jose';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import { SecuringError, ErrorCodes, findSecuringError } from '../errors.ts';
import * as vc from '@digitalbazaar/vc';
import { contextsOf, issuerOf } from '../credential.ts';
import { CREDENTIALS_V1_URL, CREDENTIALS_V2_URL } from '../contexts.ts';
import { findVerificationMethod, hasRelationship } from '../did/resolve.ts';
import { MULTIKEY_PREFIX } from '../did/key.ts';
import { decodeJwtCredential, type DecodedJwt, type JwtEncoding } from './decode.ts';
import type { DidResolver, ProofResult, VerificationMethod } from '../types.ts';

export { COMPACT_JWS_RE } from './decode.ts';

export interface JoseVerificationKey {
  key: CryptoKey;
  algorithms: string[];
}

const MAX_CACHED_KEYS = 500;
const keyCache = new Map<string, Promise<JoseVerificationKey>>();

/** A jose verification key for a verification method (imported once per key, bounded cache). */
export function joseKeyFor(method: VerificationMethod): Promise<JoseVerificationKey> {
  const cacheKey = typeof method.publicKeyMultibase === 'string'
    ? `mb:${method.type}:${method.publicKeyMultibase}`
    : method.publicKeyJwk
      ? `jwk:${JSON.stringify(method.publicKeyJwk)}`
      : undefined;
  if (!cacheKey) {
    return Promise.reject(new SecuringError(ErrorCodes.KEY_INVALID, `Verification method ${method.id} has no public key.`));
  }
  let entry = keyCache.get(cacheKey);
  if (!entry) {
    entry = importVerificationKey(method);
    keyCache.set(cacheKey, entry);
    entry.catch(() => keyCache.delete(cacheKey));
    if (keyCache.size > MAX_CACHED_KEYS) {
      const oldest = keyCache.keys().next().value;
      if (oldest !== undefined) keyCache.delete(oldest);
    }
  }
  return entry;
}

async function importVerificationKey(method: VerificationMethod): Promise<JoseVerificationKey> {
  try {
    const multibase = method.publicKeyMultibase;
    if (typeof multibase === 'string') {
      if (multibase.startsWith(MULTIKEY_PREFIX.Ed25519)) {
        const keyPair = await Ed25519Multikey.from({ ...method });
        const jwk = await Ed25519Multikey.toJwk({ keyPair });
        return { key: (await importJWK(jwk, 'EdDSA')) as CryptoKey, algorithms: ['EdDSA', 'Ed25519'] };
      }
      if (multibase.startsWith(MULTIKEY_PREFIX['P-256']) || multibase.startsWith(MULTIKEY_PREFIX['P-384'])) {
        const keyPair = await EcdsaMultikey.from({ ...method });
        const p256 = multibase.startsWith(MULTIKEY_PREFIX['P-256']);
        return { key: keyPair.publicKey as CryptoKey, algorithms: [p256 ? 'ES256' : 'ES384'] };
      }
    } else if (method.publicKeyJwk) {
      const jwk = method.publicKeyJwk as JWK;
      const alg = jwk.crv === 'Ed25519' ? 'EdDSA' : jwk.crv === 'P-256' ? 'ES256' : jwk.crv === 'P-384' ? 'ES384' : undefined;
      if (alg && jwk.d === undefined) {
        const algorithms = alg === 'EdDSA' ? ['EdDSA', 'Ed25519'] : [alg];
        return { key: (await importJWK(jwk, alg)) as CryptoKey, algorithms };
      }
    }
  } catch (error) {
    throw new SecuringError(ErrorCodes.KEY_INVALID, `The public key of ${method.id} cannot be imported.`, { cause: error });
  }
  throw new SecuringError(
    ErrorCodes.KEY_INVALID,
    `Verification method ${method.id} (${method.type}) is not an Ed25519, P-256 or P-384 key.`,
  );
}

/**
 * Verifies a credential secured as a JWT, in either encoding (see decode.ts):
 * VC-JOSE-COSE `vc+jwt`, or the JWT of VC Data Model 1.1 §6.3.1 (`typ` JWT,
 * a `vc` claim holding a 1.1 or a 2.0 credential; its iss, nbf, exp, jti and
 * sub must agree with the `vc` claim and are written back into the
 * credential); the result names which (`jwtEncoding`). Then: the `kid`
 * resolved through the DID resolver (a relative `#x` is relative to the issuer), the key's
 * controller is the issuer and lists it under assertionMethod, and the
 * signature (jose). The validity window (exp/nbf, validFrom/validUntil) is not
 * looked at here: it is the verifier's business, from the decoded credential.
 */
export async function verifyJwt(jwt: string, options: { didResolver: DidResolver }): Promise<ProofResult> {
  let jwtEncoding: JwtEncoding | undefined;
  const failure = (code: string, message: string, extra: Partial<ProofResult> = {}): ProofResult => ({
    verified: false,
    format: 'jwt',
    ...(jwtEncoding ? { jwtEncoding } : {}),
    ...extra,
    errors: [{ code, message }],
  });

  let decoded: DecodedJwt;
  try {
    decoded = decodeJwtCredential(jwt);
  } catch (error) {
    const coded = findSecuringError(error);
    return failure(coded?.code ?? ErrorCodes.PROOF_INVALID, coded?.message ?? String(error));
  }
  const { header, credential, encoding } = decoded;
  const issuer = issuerOf(credential);
  jwtEncoding = encoding;
  if (encoding === 'vc-jwt-1.1' && typeof decoded.payload.iss !== 'string') {
    return failure(ErrorCodes.CREDENTIAL_INVALID, 'The VC-JWT has no "iss" claim: VC Data Model 1.1 (§6.3.1) names the issuer there.', issuer ? { issuer } : {});
  }
  if (!issuer) return failure(ErrorCodes.CREDENTIAL_INVALID, 'The credential in the JWT has no "issuer".');

  const kid = header.kid;
  if (typeof kid !== 'string' || kid === '') {
    return failure(ErrorCodes.PROOF_INVALID, 'The JWT header has no "kid".', { issuer });
  }
  const methodId = kid.startsWith('#') ? issuer + kid : kid;
  const hash = methodId.indexOf('#');
  if (!methodId.startsWith('did:') || hash < 0) {
    return failure(ErrorCodes.PROOF_INVALID, `The JWT "kid" ${JSON.stringify(kid)} is not a DID URL with a fragment.`, {
      issuer,
    });
  }
  const context = { issuer, verificationMethod: methodId };

  let method: VerificationMethod | undefined;
  let key: JoseVerificationKey;
  try {
    const document = await options.didResolver.resolve(methodId.slice(0, hash));
    method = findVerificationMethod(document, methodId);
    if (!method) {
      return failure(ErrorCodes.VERIFICATION_METHOD_NOT_FOUND, `The DID document has no verification method "${methodId}".`, context);
    }
    if (method.controller !== issuer) {
      return failure(
        ErrorCodes.ISSUER_MISMATCH,
        `The key ${methodId} is controlled by ${method.controller}, not by the issuer ${issuer}.`,
        context,
      );
    }
    if (!hasRelationship(document, 'assertionMethod', methodId)) {
      return failure(ErrorCodes.ISSUER_MISMATCH, `The key ${methodId} is not an assertionMethod of ${issuer}.`, context);
    }
    key = await joseKeyFor(method);
  } catch (error) {
    const coded = findSecuringError(error);
    return failure(coded?.code ?? ErrorCodes.DID_NOT_RESOLVED, coded?.message ?? String(error), context);
  }
  if (typeof header.alg !== 'string' || !key.algorithms.includes(header.alg)) {
    return failure(
      ErrorCodes.PROOF_INVALID,
      `The JWT "alg" ${JSON.stringify(header.alg)} does not fit the key ${methodId} (expected ${key.algorithms.join(' or ')}).`,
      context,
    );
  }
  try {
    // The payload decoded above is the one these bytes carry: the signature covers exactly them.
    await compactVerify(jwt.trim(), key.key, { algorithms: [header.alg] });
  } catch (error) {
    return failure(ErrorCodes.PROOF_INVALID, `The JWT signature does not verify: ${(error as Error).message}`, context);
  }
  // Same data-model checks as for Data Integrity credentials ('issue' mode:
  // no date comparisons), plus the data model each encoding is defined for.
  try {
    // vc+jwt is VC 2.0's. The `vc` claim is 1.1's, but 2.0 credentials travel in it too (see vc-1.1-claims.ts).
    const first = contextsOf(credential)[0];
    if (encoding === 'vc+jwt' && first !== CREDENTIALS_V2_URL) {
      throw new Error(`The first "@context" entry of a vc+jwt credential must be "${CREDENTIALS_V2_URL}".`);
    }
    if (encoding === 'vc-jwt-1.1' && first !== CREDENTIALS_V1_URL && first !== CREDENTIALS_V2_URL) {
      throw new Error(`The first "@context" entry of a credential in a JWT's "vc" claim must be "${CREDENTIALS_V1_URL}" (VC 1.1) or "${CREDENTIALS_V2_URL}" (VC 2.0).`);
    }
    vc._checkCredential({ credential, mode: 'issue' });
  } catch (error) {
    return failure(ErrorCodes.CREDENTIAL_INVALID, (error as Error).message, context);
  }
  return { verified: true, format: 'jwt', jwtEncoding: encoding, credential, ...context, errors: [] };
}
