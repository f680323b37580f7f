import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';

/*
 * Private keys at rest. With MICROCRED_KEY_PASSPHRASE set, the `private_key`
 * column holds a sealed envelope instead of the key file: AES-256-GCM under
 * a key derived from the passphrase with scrypt (a salt per key), with the
 * tenant and key id as additional data, so an envelope copied onto another
 * key's row does not open. A copy of the database (a backup, a dump, a
 * stolen disk) then holds no usable key without the passphrase.
 */

export const SEALED_KEY_FORMAT = 'scrypt+aes-256-gcm';

/** scrypt cost: 2^15 × 8 × 128 bytes = 32 MiB and ~50–100 ms per derivation, once per key and process. */
const KDF = { N: 2 ** 15, r: 8, p: 1 } as const;

export class KeyEncryptionError extends Error {
  constructor(
    message: string,
    readonly code: 'ERR_KEY_PASSPHRASE_REQUIRED' | 'ERR_KEY_PASSPHRASE_WRONG' | 'ERR_KEY_ENVELOPE_INVALID',
  ) {
    super(message);
    this.name = 'KeyEncryptionError';
  }
}

interface Envelope {
  sealed: typeof SEALED_KEY_FORMAT;
  v: 1;
  kdf: { N: number; r: number; p: number; salt: string };
  iv: string;
  tag: string;
  ciphertext: string;
}

function parseEnvelope(stored: string): Envelope | undefined {
  if (!stored.includes(SEALED_KEY_FORMAT)) return undefined;
  try {
    const value = JSON.parse(stored) as Partial<Envelope>;
    return value && value.sealed === SEALED_KEY_FORMAT ? (value as Envelope) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a stored private key is sealed (as opposed to a plain key file). */
export function isSealedKey(stored: string): boolean {
  return parseEnvelope(stored) !== undefined;
}

function derive(passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r };
  return new Promise((resolve, reject) => scrypt(passphrase, salt, 32, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** Seals and opens key files; without a passphrase it passes plain key files through and refuses sealed ones. */
export interface KeyVault {
  readonly encrypting: boolean;
  seal(plain: string, owner: { tenantId: string; keyId: string }): Promise<string>;
  open(stored: string, owner: { tenantId: string; keyId: string }): Promise<string>;
}

export function keyVault(passphrase: string | undefined): KeyVault {
  // One derivation per salt and process: signing must not pay scrypt each time.
  const derived = new Map<string, Promise<Buffer>>();
  const keyFor = (salt: string, kdf: { N: number; r: number; p: number }) => {
    const cacheKey = `${salt}:${kdf.N}:${kdf.r}:${kdf.p}`;
    let key = derived.get(cacheKey);
    if (!key) {
      key = derive(passphrase as string, Buffer.from(salt, 'base64'), kdf);
      derived.set(cacheKey, key);
    }
    return key;
  };
  const aad = (owner: { tenantId: string; keyId: string }) => Buffer.from(`${owner.tenantId}\n${owner.keyId}`, 'utf8');

  return {
    encrypting: passphrase !== undefined,
    async seal(plain, owner) {
      if (passphrase === undefined || isSealedKey(plain)) return plain;
      const salt = randomBytes(16).toString('base64');
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', await keyFor(salt, KDF), iv);
      cipher.setAAD(aad(owner));
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const envelope: Envelope = {
        sealed: SEALED_KEY_FORMAT,
        v: 1,
        kdf: { ...KDF, salt },
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        ciphertext: ciphertext.toString('base64'),
      };
      return JSON.stringify(envelope);
    },
    async open(stored, owner) {
      const envelope = parseEnvelope(stored);
      if (!envelope) return stored;
      if (passphrase === undefined) {
        throw new KeyEncryptionError(
          `The private key ${owner.keyId} is encrypted: set MICROCRED_KEY_PASSPHRASE to the passphrase it was encrypted with.`,
          'ERR_KEY_PASSPHRASE_REQUIRED',
        );
      }
      const { N, r, p, salt } = envelope.kdf ?? ({} as Envelope['kdf']);
      if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0) || N > 2 ** 20 || r > 32 || p > 16 || typeof salt !== 'string') {
        throw new KeyEncryptionError(`The stored private key ${owner.keyId} is not a valid envelope.`, 'ERR_KEY_ENVELOPE_INVALID');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', await keyFor(salt, { N, r, p }), Buffer.from(envelope.iv, 'base64'));
        decipher.setAAD(aad(owner));
        decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(envelope.ciphertext, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        // GCM says only "does not authenticate": a wrong passphrase, or an envelope moved or altered.
        throw new KeyEncryptionError(
          `MICROCRED_KEY_PASSPHRASE does not open the private key ${owner.keyId} (a wrong passphrase, or the stored key was altered).`,
          'ERR_KEY_PASSPHRASE_WRONG',
        );
      }
    },
  };
}
