import type { KeyPair, MultikeyVerificationMethod } from '../types.ts';

/** The public Multikey verification method of a key (no secret). */
export function publicVerificationMethod(key: KeyPair): MultikeyVerificationMethod {
  return {
    id: key.id,
    type: 'Multikey',
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
  };
}
