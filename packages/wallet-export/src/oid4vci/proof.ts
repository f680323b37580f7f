import { compactVerify, decodeProtectedHeader, importJWK, type CryptoKey, type JWK, type JWSHeaderParameters } from 'jose';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import type { DidResolver, VerificationMethod } from '@microcred/securing';
import { Oid4vciError } from './errors.ts';
import { PROOF_JWT_TYPE } from './metadata.ts';

export interface KeyProofOptions {
  /** The credential issuer identifier: the proof's `aud`. */
  credentialIssuer: string;
  /** Resolves did:key verification methods (`createDidResolver()`). */
  didResolver: DidResolver;
  now?: Date;
  /** How old `iat` may be. Default 300 s. */
  maxAgeSeconds?: number;
  /** Clock skew allowed on `iat` in the future. Default 60 s. */
  clockToleranceSeconds?: number;
}

export interface KeyProof {
  /** The wallet's DID: did:key from `kid`, or did:jwk from `jwk` (or a did:jwk `kid`). */
  holder: string;
  /** The `nonce` claim: the caller checks it is a c_nonce it gave out, and uses it up. */
  nonce: string | undefined;
  algorithm: string;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const ALGORITHMS: Record<string, { curve: string; jose: string }> = {
  EdDSA: { curve: 'Ed25519', jose: 'EdDSA' },
  Ed25519: { curve: 'Ed25519', jose: 'EdDSA' },
  ES256: { curve: 'P-256', jose: 'ES256' },
  ES384: { curve: 'P-384', jose: 'ES384' },
};

const invalid = (message: string): never => {
  throw new Oid4vciError('invalid_proof', message);
};

/** did:jwk of a public JWK (its key members only, in RFC 7638 order, so one key gives one DID). */
export function didJwkOf(jwk: JWK): string {
  const members = jwk.kty === 'OKP' ? ['crv', 'kty', 'x'] : jwk.kty === 'EC' ? ['crv', 'kty', 'x', 'y'] : undefined;
  if (!members) return invalid(`The proof's jwk has key type ${String(jwk.kty)}; use an Ed25519 (OKP) or P-256/P-384 (EC) key.`);
  const publicPart = Object.fromEntries(members.map((m) => [m, (jwk as Record<string, unknown>)[m]]));
  return `did:jwk:${Buffer.from(JSON.stringify(publicPart), 'utf8').toString('base64url')}`;
}

function jwkOfDidJwk(did: string): JWK {
  try {
    const jwk = JSON.parse(Buffer.from(did.slice('did:jwk:'.length), 'base64url').toString('utf8')) as JWK;
    if (typeof jwk !== 'object' || jwk === null) throw new Error('not an object');
    return jwk;
  } catch {
    return invalid(`${did} is not a did:jwk (base64url of a JWK).`);
  }
}

async function keyOfMethod(method: VerificationMethod, curve: string): Promise<CryptoKey | Uint8Array> {
  const multibase = method.publicKeyMultibase;
  if (typeof multibase !== 'string') return invalid(`${method.id} has no publicKeyMultibase.`);
  if (curve === 'Ed25519') {
    if (!multibase.startsWith('z6Mk')) return invalid(`${method.id} is not an Ed25519 key, but the proof says it is.`);
    const keyPair = await Ed25519Multikey.from({ ...method });
    return (await importJWK(await Ed25519Multikey.toJwk({ keyPair }), 'EdDSA')) as CryptoKey;
  }
  const prefix = curve === 'P-256' ? 'zDna' : 'z82L';
  if (!multibase.startsWith(prefix)) return invalid(`${method.id} is not a ${curve} key, but the proof says it is.`);
  const keyPair = await EcdsaMultikey.from({ ...method });
  return keyPair.publicKey as CryptoKey;
}

async function importPublicJwk(jwk: JWK, curve: string, alg: string): Promise<CryptoKey | Uint8Array> {
  if ('d' in jwk) return invalid('The proof carries a private key (d): send only the public key.');
  if (jwk.crv !== curve) return invalid(`The proof's key is on ${String(jwk.crv)}, but alg says ${curve}.`);
  try {
    return await importJWK(jwk, alg);
  } catch {
    return invalid('The proof\'s public key cannot be read.');
  }
}

/**
 * Checks a wallet's key proof JWT (OID4VCI 1.0 §8.2.1.1 and Appendix F.1): `typ`
 * `openid4vci-proof+jwt`, an asymmetric `alg`, the key named by exactly one of `kid` (a did:key or
 * did:jwk DID URL) and `jwk`, the signature with that key, `aud` = the credential issuer, a recent
 * `iat`. Returns the wallet's DID and the `nonce`, which the caller must check and use up. Throws an
 * Oid4vciError `invalid_proof` naming what is wrong.
 */
export async function verifyKeyProof(jwt: unknown, options: KeyProofOptions): Promise<KeyProof> {
  if (typeof jwt !== 'string' || !COMPACT_JWS.test(jwt)) return invalid('The proof must be a compact JWT.');
  let header: JWSHeaderParameters;
  try {
    header = decodeProtectedHeader(jwt) as JWSHeaderParameters;
  } catch {
    return invalid('The proof\'s header is not readable JSON.');
  }
  if (header.typ !== PROOF_JWT_TYPE) return invalid(`The proof's typ must be "${PROOF_JWT_TYPE}"; got ${JSON.stringify(header.typ)}.`);
  const algorithm = ALGORITHMS[String(header.alg)];
  if (!algorithm) return invalid(`The proof's alg must be one of EdDSA, ES256, ES384; got ${JSON.stringify(header.alg)}.`);
  const named = [header.kid, header.jwk, header.x5c].filter((v) => v !== undefined);
  if (named.length !== 1 || header.x5c !== undefined) return invalid('The proof must name its key with exactly one of kid (a did:key or did:jwk DID URL) or jwk.');

  let holder: string;
  let key: CryptoKey | Uint8Array;
  if (header.jwk !== undefined) {
    if (typeof header.jwk !== 'object' || header.jwk === null) return invalid('The proof\'s jwk must be a JSON object.');
    key = await importPublicJwk(header.jwk, algorithm.curve, algorithm.jose);
    holder = didJwkOf(header.jwk);
  } else {
    const kid = String(header.kid);
    const did = kid.split('#')[0] ?? '';
    if (did.startsWith('did:jwk:')) {
      const jwk = jwkOfDidJwk(did);
      key = await importPublicJwk(jwk, algorithm.curve, algorithm.jose);
      holder = did;
    } else if (did.startsWith('did:key:') && kid.includes('#')) {
      let method: VerificationMethod;
      try {
        method = await options.didResolver.dereference(kid);
      } catch {
        return invalid(`The proof's kid ${kid} does not resolve to a key.`);
      }
      key = await keyOfMethod(method, algorithm.curve);
      holder = did;
    } else {
      return invalid(`The proof's kid must be a did:key or did:jwk DID URL (with #fragment); got ${JSON.stringify(kid)}.`);
    }
  }

  let payload: Record<string, unknown>;
  try {
    const verified = await compactVerify(jwt, key, { algorithms: [String(header.alg)] });
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(verified.payload)) as Record<string, unknown>;
  } catch {
    return invalid('The proof\'s signature does not verify with the key it names.');
  }
  if (typeof payload !== 'object' || payload === null) return invalid('The proof\'s payload must be a JSON object.');
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(options.credentialIssuer)) {
    return invalid(`The proof's aud must be the credential issuer ${options.credentialIssuer}; got ${JSON.stringify(payload.aud)}.`);
  }
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (typeof payload.iat !== 'number') return invalid('The proof has no iat.');
  if (payload.iat > now + (options.clockToleranceSeconds ?? 60)) return invalid('The proof\'s iat is in the future.');
  if (payload.iat < now - (options.maxAgeSeconds ?? 300)) return invalid('The proof is too old (iat): make a new one.');
  const nonce = typeof payload.nonce === 'string' ? payload.nonce : undefined;
  return { holder, nonce, algorithm: String(header.alg) };
}
