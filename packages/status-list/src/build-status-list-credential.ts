import { StatusListError } from './errors.ts';
import { checkStatusMessages } from './status-messages.ts';
import type { BitstringStatusList, BitstringStatusListCredential, StatusMessage, StatusPurpose } from './types.ts';

export interface BuildStatusListCredentialInput {
  /** URL the list credential is published at. */
  id: string;
  issuer: string | { id: string; [extra: string]: unknown };
  statusPurpose: StatusPurpose;
  /** Output of encodeList. */
  encodedList: string;
  validFrom?: string | Date;
  validUntil?: string | Date;
  /** Milliseconds before a verifier should refetch. */
  ttl?: number;
  /**
   * The older design's list-level statusSize and statusMessages. The VC 2.0 context does not define
   * them on BitstringStatusList, so a Data Integrity proof over a list carrying them fails (JSON-LD
   * safe mode): put statusSize and statusMessage on the entries instead (buildStatusEntry).
   */
  statusSize?: number;
  statusMessages?: StatusMessage[];
}

const PURPOSES: readonly string[] = ['revocation', 'suspension', 'message'];

/** Builds the unsigned BitstringStatusListCredential (VC Data Model 2.0). */
export function buildStatusListCredential(input: BuildStatusListCredentialInput): BitstringStatusListCredential {
  if (typeof input.id !== 'string' || input.id.length === 0) {
    throw new StatusListError('ERR_INVALID_ARGUMENT', 'id must be a non-empty URL');
  }
  if (!PURPOSES.includes(input.statusPurpose)) {
    throw new StatusListError('ERR_INVALID_ARGUMENT', `statusPurpose must be one of ${PURPOSES.join(', ')}`);
  }
  if (typeof input.encodedList !== 'string' || !input.encodedList.startsWith('u')) {
    throw new StatusListError('ERR_INVALID_ARGUMENT', 'encodedList must be a multibase base64url string ("u…")');
  }
  if (input.ttl !== undefined && (!Number.isSafeInteger(input.ttl) || input.ttl < 0)) {
    throw new StatusListError('ERR_INVALID_ARGUMENT', 'ttl must be a non-negative integer (milliseconds)');
  }
  // A "message" list needs no statusSize of its own: since April 2024 the spec commits the issuer to
  // statusSize and statusMessage on each credential's entry, and the VC 2.0 context defines those terms
  // only on BitstringStatusListEntry (w3c/vc-bitstring-status-list#175, #200). One sentence of the
  // Recommendation still asks for credentialSubject.statusSize, a leftover of the older design.

  const subject: BitstringStatusList = {
    id: `${input.id}#list`,
    type: 'BitstringStatusList',
    statusPurpose: input.statusPurpose,
    encodedList: input.encodedList,
  };
  if (input.ttl !== undefined) subject.ttl = input.ttl;
  if (input.statusSize !== undefined) {
    if (!Number.isInteger(input.statusSize) || input.statusSize < 1) {
      throw new StatusListError('ERR_STATUS_SIZE_INVALID', 'statusSize must be an integer greater than zero');
    }
    subject.statusSize = input.statusSize;
  }
  if (input.statusMessages !== undefined) {
    subject.statusMessages = checkStatusMessages(input.statusMessages, input.statusSize ?? 1, 'statusMessages');
  }

  const credential: BitstringStatusListCredential = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: input.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    credentialSubject: subject,
  };
  if (input.validFrom !== undefined) credential.validFrom = toDateTime(input.validFrom, 'validFrom');
  if (input.validUntil !== undefined) credential.validUntil = toDateTime(input.validUntil, 'validUntil');
  // Keep the conventional property order (validity before the subject) for readable output.
  const { credentialSubject, ...head } = credential;
  return { ...head, credentialSubject };
}

function toDateTime(value: string | Date, name: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new StatusListError('ERR_INVALID_ARGUMENT', `${name} is an invalid Date`);
    return value.toISOString();
  }
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw new StatusListError('ERR_INVALID_ARGUMENT', `${name} must be an XML Schema dateTimeStamp string or a Date`);
  }
  return value;
}
