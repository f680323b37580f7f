import { SecuringError, ErrorCodes } from '../errors.ts';
import { DID_V1_URL, MULTIKEY_V1_URL } from '../contexts.ts';
import { publicVerificationMethod } from '../signing-keys/verification-method.ts';
import type { DidDocument, KeyPair, MultikeyVerificationMethod } from '../types.ts';

/**
 * Builds the DID document (e.g. for `/.well-known/did.json` of a did:web
 * issuer) listing several keys: the current signing key and older public
 * keys, so credentials signed before a key rotation keep verifying. Keys may
 * be KeyPairs or public Multikey verification methods (old keys whose secret
 * is gone). Every key is listed under `assertionMethod` and `authentication`.
 */
export function didDocumentFor(
  keys: ReadonlyArray<KeyPair | MultikeyVerificationMethod>,
  controller: string,
): DidDocument {
  if (typeof controller !== 'string' || !controller.startsWith('did:')) {
    throw new SecuringError(ErrorCodes.DID_INVALID, `The controller ${JSON.stringify(controller)} is not a DID.`);
  }
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new SecuringError(ErrorCodes.KEY_INVALID, 'A DID document needs at least one key.');
  }
  const methods: MultikeyVerificationMethod[] = [];
  const seen = new Set<string>();
  for (const key of keys) {
    const method: MultikeyVerificationMethod =
      'signer' in key && typeof key.signer === 'function'
        ? publicVerificationMethod(key as KeyPair)
        : {
            id: key.id,
            type: 'Multikey',
            controller: key.controller,
            publicKeyMultibase: (key as MultikeyVerificationMethod).publicKeyMultibase,
          };
    if (method.controller !== controller || !method.id.startsWith(`${controller}#`)) {
      throw new SecuringError(
        ErrorCodes.KEY_INVALID,
        `Key ${method.id} is controlled by ${method.controller}, not by ${controller}.`,
      );
    }
    if (typeof method.publicKeyMultibase !== 'string' || !method.publicKeyMultibase.startsWith('z')) {
      throw new SecuringError(ErrorCodes.KEY_INVALID, `Key ${method.id} has no publicKeyMultibase.`);
    }
    if (seen.has(method.id)) continue;
    seen.add(method.id);
    methods.push(method);
  }
  const ids = methods.map((method) => method.id);
  return {
    '@context': [DID_V1_URL, MULTIKEY_V1_URL],
    id: controller,
    verificationMethod: methods,
    assertionMethod: [...ids],
    authentication: [...ids],
  };
}
