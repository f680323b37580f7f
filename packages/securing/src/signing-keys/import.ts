import { randomBytes } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import { SecuringError, ErrorCodes } from '../errors.ts';
import { MULTIKEY_V1_URL } from '../contexts.ts';
import { MULTIKEY_PREFIX } from '../did/key.ts';
import { KEY_TYPES, keyPairFromInstance } from './key-pair.ts';
import type { KeyFile, KeyPair, KeyType } from '../types.ts';

const invalid = (message: string): SecuringError => new SecuringError(ErrorCodes.KEY_INVALID, message);

/**
 * Imports a key file (object or JSON text) into a KeyPair, checking that it
 * is consistent: key type vs. public key, did:key id vs. public key, and
 * that the secret key matches the public key. Error messages never contain
 * key material.
 */
export async function importKeyFile(json: unknown): Promise<KeyPair> {
  let data: unknown = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch {
      // JSON.parse messages quote the input: never echo it.
      throw invalid('The key file is not valid JSON.');
    }
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw invalid('The key file is not a JSON object.');
  const file = data as Partial<Record<keyof KeyFile, unknown>>;

  if (file.type !== 'Multikey') throw invalid('The key file\'s "type" must be "Multikey".');
  if (!KEY_TYPES.includes(file.keyType as KeyType)) {
    throw invalid('The key file\'s "keyType" must be "Ed25519", "P-256" or "P-384".');
  }
  const keyType = file.keyType as KeyType;
  for (const field of ['id', 'controller', 'publicKeyMultibase', 'secretKeyMultibase'] as const) {
    if (typeof file[field] !== 'string' || file[field] === '') {
      throw invalid(`The key file's "${field}" must be a non-empty string.`);
    }
  }
  const id = file.id as string;
  const controller = file.controller as string;
  const publicKeyMultibase = file.publicKeyMultibase as string;
  const secretKeyMultibase = file.secretKeyMultibase as string;
  const created = typeof file.created === 'string' && !Number.isNaN(Date.parse(file.created))
    ? file.created
    : new Date().toISOString();

  if (!controller.startsWith('did:')) throw invalid(`The key's controller "${controller}" is not a DID.`);
  if (!id.startsWith(`${controller}#`) || id.length === controller.length + 1) {
    throw invalid(`The key id "${id}" must be "<controller>#<fragment>".`);
  }
  if (!publicKeyMultibase.startsWith(MULTIKEY_PREFIX[keyType])) {
    throw invalid(`The public key of ${id} is not a ${keyType} Multikey (expected prefix ${MULTIKEY_PREFIX[keyType]}).`);
  }
  if (controller.startsWith('did:key:') &&
    (controller !== `did:key:${publicKeyMultibase}` || id !== `${controller}#${publicKeyMultibase}`)) {
    throw invalid(`The did:key id "${id}" does not match the key's public key.`);
  }

  const multikey = {
    '@context': MULTIKEY_V1_URL,
    type: 'Multikey',
    id,
    controller,
    publicKeyMultibase,
    secretKeyMultibase,
  };
  let instance: Digitalbazaar.MultikeyKeyPair;
  try {
    instance = keyType === 'Ed25519' ? await Ed25519Multikey.from(multikey) : await EcdsaMultikey.from(multikey);
  } catch {
    // The library's error could describe key bytes: keep it out.
    throw invalid(`The key material of ${id} could not be imported.`);
  }

  // The secret must belong to the public key: sign a random probe with the
  // secret and verify it with the public key.
  try {
    const data = new Uint8Array(randomBytes(32));
    const signature = await instance.signer().sign({ data });
    if (!(await instance.verifier().verify({ data, signature }))) throw new Error('mismatch');
  } catch {
    throw invalid(`The secret key of ${id} does not match its public key.`);
  }
  return keyPairFromInstance({ instance, keyType, id, controller, created });
}
