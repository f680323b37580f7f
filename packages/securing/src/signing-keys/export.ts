import { assertKeyPair, secretKeyMultibaseOf } from './key-pair.ts';
import type { KeyFile, KeyPair } from '../types.ts';

/** The key file form of a key pair, WITH its secret key. Handle with care. */
export function exportKeyFile(key: KeyPair): KeyFile {
  assertKeyPair(key);
  return {
    type: 'Multikey',
    keyType: key.keyType,
    id: key.id,
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: secretKeyMultibaseOf(key),
    created: key.created,
  };
}
