import { KeyObject, createHash, createPrivateKey, sign as nodeSign, webcrypto } from 'node:crypto';
import { inspect } from 'node:util';
import type { CryptoKey } from 'jose';
import { SecuringError, ErrorCodes } from '../errors.ts';
import type { DataIntegritySigner, JwsAlgorithm, KeyPair, KeyType, PublicKeyDescription } from '../types.ts';

export const KEY_TYPES: readonly KeyType[] = ['Ed25519', 'P-256', 'P-384'];

export const JWS_ALGORITHM: Record<KeyType, JwsAlgorithm> = {
  Ed25519: 'EdDSA',
  'P-256': 'ES256',
  'P-384': 'ES384',
};

/** Secret key material of every KeyPair made here, out of reach of JSON/inspect. */
const secrets = new WeakMap<KeyPair, string>();

/** The key pair's secretKeyMultibase (for the key file only). */
export function secretKeyMultibaseOf(key: KeyPair): string {
  const secret = secrets.get(key);
  if (secret === undefined) {
    throw new SecuringError(
      ErrorCodes.KEY_INVALID,
      'Not a KeyPair created by generateKey() or importKeyFile().',
    );
  }
  return secret;
}

/** Throws unless `key` is a KeyPair created by this package. */
export function assertKeyPair(key: unknown): asserts key is KeyPair {
  if (key === null || typeof key !== 'object' || !secrets.has(key as KeyPair)) {
    throw new SecuringError(
      ErrorCodes.KEY_INVALID,
      'The key must be a KeyPair created by generateKey(), importKeyFile() or loadKeyFile().',
    );
  }
}

/** `key-` + the first 8 hex characters of SHA-256(publicKeyMultibase): the did:web key fragment. */
export function keyFragmentFor(publicKeyMultibase: string): string {
  return `key-${createHash('sha256').update(publicKeyMultibase).digest('hex').slice(0, 8)}`;
}

async function toJoseKey(privateKey: CryptoKey | KeyObject): Promise<CryptoKey> {
  if (!(privateKey instanceof KeyObject)) return privateKey;
  const jwk = privateKey.export({ format: 'jwk' });
  return (await webcrypto.subtle.importKey('jwk', jwk, { name: 'Ed25519' }, false, ['sign'])) as CryptoKey;
}

const toBase64Url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

class MultikeyPair implements KeyPair {
  readonly keyType: KeyType;
  readonly id: string;
  readonly controller: string;
  readonly publicKeyMultibase: string;
  readonly created: string;
  readonly jwsAlgorithm: JwsAlgorithm;
  readonly #signer: DataIntegritySigner;
  readonly #privateKey: CryptoKey | KeyObject;
  #joseKey: Promise<CryptoKey> | undefined;

  constructor(init: {
    keyType: KeyType;
    id: string;
    controller: string;
    publicKeyMultibase: string;
    created: string;
    signer: DataIntegritySigner;
    privateKey: CryptoKey | KeyObject;
  }) {
    this.keyType = init.keyType;
    this.id = init.id;
    this.controller = init.controller;
    this.publicKeyMultibase = init.publicKeyMultibase;
    this.created = init.created;
    this.jwsAlgorithm = JWS_ALGORITHM[init.keyType];
    this.#signer = init.signer;
    this.#privateKey = init.privateKey;
    Object.freeze(this);
  }

  signer(): DataIntegritySigner {
    return this.#signer;
  }

  joseKey(): Promise<CryptoKey> {
    // ECDSA: the WebCrypto private key @digitalbazaar/ecdsa-multikey already
    // imported (jose takes it as is). Ed25519: a non-extractable WebCrypto
    // key imported once, on first use, from the KeyObject used for Data
    // Integrity (jose 6 would otherwise convert the KeyObject itself).
    this.#joseKey ??= toJoseKey(this.#privateKey);
    return this.#joseKey;
  }

  toJSON(): PublicKeyDescription {
    return {
      type: 'Multikey',
      keyType: this.keyType,
      id: this.id,
      controller: this.controller,
      publicKeyMultibase: this.publicKeyMultibase,
      created: this.created,
    };
  }

  [inspect.custom](): string {
    return `KeyPair ${inspect(this.toJSON())}`;
  }
}

/**
 * Wraps an imported digitalbazaar Multikey key pair instance into a
 * KeyPair. The instance (and its secret) is used once here to build the
 * signer and the jose key; it is not exposed afterwards.
 */
export async function keyPairFromInstance(init: {
  instance: Digitalbazaar.MultikeyKeyPair;
  keyType: KeyType;
  id: string;
  controller: string;
  created: string;
}): Promise<KeyPair> {
  const { instance, keyType, id, controller, created } = init;
  instance.id = id;
  instance.controller = controller;
  const exported = await instance.export({
    publicKey: true,
    secretKey: true,
    includeContext: false,
    // Ed25519: store the 32-byte seed form of the secret key, not the legacy
    // 64-byte seed+public concatenation the library keeps in memory.
    canonicalize: true,
  });
  const publicKeyMultibase = exported.publicKeyMultibase as string;
  const secretKeyMultibase = exported.secretKeyMultibase as string | undefined;
  if (!secretKeyMultibase) throw new SecuringError(ErrorCodes.KEY_INVALID, `Key ${id} has no secret key.`);

  let signer: DataIntegritySigner;
  let privateKey: CryptoKey | KeyObject;
  if (keyType === 'Ed25519') {
    // @digitalbazaar/ed25519-multikey's own signer re-imports the DER-encoded
    // secret key for every signature; import it once into a KeyObject.
    const raw = (await instance.export({ publicKey: true, secretKey: true, raw: true, canonicalize: true })) as {
      publicKey: Uint8Array;
      secretKey: Uint8Array;
    };
    const keyObject = createPrivateKey({
      key: { kty: 'OKP', crv: 'Ed25519', d: toBase64Url(raw.secretKey), x: toBase64Url(raw.publicKey) },
      format: 'jwk',
    });
    privateKey = keyObject;
    signer = Object.freeze({
      id,
      algorithm: 'Ed25519',
      async sign({ data }: { data: Uint8Array }): Promise<Uint8Array> {
        return new Uint8Array(nodeSign(null, data, keyObject));
      },
    });
  } else {
    // ECDSA: the library holds a WebCrypto CryptoKey already; its signer
    // does not re-import anything.
    const librarySigner = instance.signer();
    privateKey = instance.secretKey as CryptoKey;
    signer = Object.freeze({
      id,
      algorithm: librarySigner.algorithm,
      sign: (options: { data: Uint8Array }) => librarySigner.sign(options),
    });
  }

  const keyPair = new MultikeyPair({ keyType, id, controller, publicKeyMultibase, created, signer, privateKey });
  secrets.set(keyPair, secretKeyMultibase);
  return keyPair;
}
