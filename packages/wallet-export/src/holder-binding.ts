import { WalletExportError, WalletExportErrorCodes } from './errors.ts';
import { isAbsoluteIri, type JsonObject } from './options.ts';

/**
 * A copy of an issued credential bound to the wallet that asked for it: a new id, the holder's DID as
 * `credentialSubject.id`, no proof (sign it again). Everything else, the status entries first of all,
 * stays exactly as issued, so revoking the achievement revokes this copy too.
 */
export function bindToHolder(credential: JsonObject, options: { id: string; holder: string }): JsonObject {
  if (!isAbsoluteIri(options.id)) {
    throw new WalletExportError(WalletExportErrorCodes.INVALID_OPTIONS, `options.id must be an absolute IRI such as urn:uuid:...; got ${JSON.stringify(options.id)}.`);
  }
  if (typeof options.holder !== 'string' || !/^did:[a-z0-9]+:\S+$/.test(options.holder)) {
    throw new WalletExportError(WalletExportErrorCodes.INVALID_OPTIONS, `options.holder must be the wallet's DID; got ${JSON.stringify(options.holder)}.`);
  }
  const { proof: _proof, ...rest } = structuredClone(credential);
  const subjects = Array.isArray(rest.credentialSubject) ? rest.credentialSubject : [rest.credentialSubject];
  if (subjects.length !== 1 || typeof subjects[0] !== 'object' || subjects[0] === null) {
    throw new WalletExportError(WalletExportErrorCodes.INVALID_OPTIONS, 'The credential must have exactly one credentialSubject to bind it to a holder.');
  }
  return { ...rest, id: options.id, credentialSubject: { ...(subjects[0] as JsonObject), id: options.holder } };
}
