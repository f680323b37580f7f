import { constants, type KeyObject, type SignKeyObjectInput, type VerifyKeyObjectInput } from 'node:crypto';
import type { JadesAlgorithm } from './types.ts';

interface AlgorithmSpec {
  hash: 'sha256' | 'sha384' | 'sha512';
  family: 'RS' | 'PS' | 'ES';
  /** ECDSA: the curve (node:crypto name) and the size of r and s in bytes. */
  curve?: string;
  size?: number;
}

export const ALGORITHMS: Record<JadesAlgorithm, AlgorithmSpec> = {
  RS256: { hash: 'sha256', family: 'RS' },
  RS384: { hash: 'sha384', family: 'RS' },
  RS512: { hash: 'sha512', family: 'RS' },
  PS256: { hash: 'sha256', family: 'PS' },
  PS384: { hash: 'sha384', family: 'PS' },
  PS512: { hash: 'sha512', family: 'PS' },
  ES256: { hash: 'sha256', family: 'ES', curve: 'prime256v1', size: 32 },
  ES384: { hash: 'sha384', family: 'ES', curve: 'secp384r1', size: 48 },
  ES512: { hash: 'sha512', family: 'ES', curve: 'secp521r1', size: 66 },
};

const HASH_BYTES = { sha256: 32, sha384: 48, sha512: 64 } as const;

export const isJadesAlgorithm = (alg: unknown): alg is JadesAlgorithm =>
  typeof alg === 'string' && Object.hasOwn(ALGORITHMS, alg);

/** Why `key` cannot be used with `alg`, or undefined when it can. */
export function keyMismatch(alg: JadesAlgorithm, key: KeyObject): string | undefined {
  const spec = ALGORITHMS[alg];
  const type = key.asymmetricKeyType;
  if (spec.family === 'RS' && type !== 'rsa') return `${alg} needs an RSA key, the certificate has ${type ?? 'an unknown'} key`;
  if (spec.family === 'PS' && type !== 'rsa' && type !== 'rsa-pss') return `${alg} needs an RSA key, the certificate has ${type ?? 'an unknown'} key`;
  if (spec.family === 'ES') {
    if (type !== 'ec') return `${alg} needs an EC key, the certificate has ${type ?? 'an unknown'} key`;
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve !== spec.curve) return `${alg} needs curve ${spec.curve}, the certificate's key is on ${curve ?? 'an unknown curve'}`;
  }
  return undefined;
}

/** The default algorithm for a key: RS256 for RSA, ES256/384/512 by curve. */
export function defaultAlgorithm(key: KeyObject): JadesAlgorithm | undefined {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'rsa-pss') return 'PS256';
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return curve === 'prime256v1' ? 'ES256' : curve === 'secp384r1' ? 'ES384' : curve === 'secp521r1' ? 'ES512' : undefined;
  }
  return undefined;
}

/** node:crypto key input for sign/verify with JOSE semantics (PSS salt = hash length, ECDSA r||s). */
export function keyInput<K extends KeyObject>(alg: JadesAlgorithm, key: K): SignKeyObjectInput & VerifyKeyObjectInput {
  const spec = ALGORITHMS[alg];
  if (spec.family === 'PS') return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: HASH_BYTES[spec.hash] };
  if (spec.family === 'ES') return { key, dsaEncoding: 'ieee-p1363' };
  return { key, padding: constants.RSA_PKCS1_PADDING };
}
