import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import { SecuringError, ErrorCodes } from '../errors.ts';
import { didWebFromDomain } from '../did/web.ts';
import { KEY_TYPES, keyFragmentFor, keyPairFromInstance } from './key-pair.ts';
import type { KeyPair, KeyType } from '../types.ts';

export interface GenerateKeyOptions {
  type: KeyType;
  /** The DID method naming the key. Default `'key'`. */
  did?: 'key' | 'web';
  /** For did:web: `host[:port][/path]`, e.g. `issuer.example.org` or `127.0.0.1:8080/tenants/a`. */
  domain?: string;
}

/**
 * Generates a new key pair.
 * - did:key: controller `did:key:<publicKeyMultibase>`, id `<controller>#<publicKeyMultibase>`.
 * - did:web: controller `did:web:<domain>`, id `<controller>#key-<8 hex of SHA-256(publicKeyMultibase)>`.
 */
export async function generateKey(options: GenerateKeyOptions): Promise<KeyPair> {
  const { type, did = 'key', domain } = options ?? ({} as GenerateKeyOptions);
  if (!KEY_TYPES.includes(type)) {
    throw new SecuringError(ErrorCodes.KEY_INVALID, `Unsupported key type ${JSON.stringify(type)} (use Ed25519, P-256 or P-384).`);
  }
  if (did !== 'key' && did !== 'web') {
    throw new SecuringError(ErrorCodes.DID_METHOD_UNSUPPORTED, `Unsupported DID method ${JSON.stringify(did)} (use "key" or "web").`);
  }
  if (did === 'web' && !domain) {
    throw new SecuringError(ErrorCodes.DID_INVALID, 'A did:web key needs a domain ("host[:port][/path]").');
  }
  const webController = did === 'web' ? didWebFromDomain(domain as string) : undefined;

  const instance =
    type === 'Ed25519' ? await Ed25519Multikey.generate() : await EcdsaMultikey.generate({ curve: type });
  const publicKeyMultibase = instance.publicKeyMultibase;
  const controller = webController ?? `did:key:${publicKeyMultibase}`;
  const id = webController ? `${controller}#${keyFragmentFor(publicKeyMultibase)}` : `${controller}#${publicKeyMultibase}`;
  return keyPairFromInstance({ instance, keyType: type, id, controller, created: new Date().toISOString() });
}
