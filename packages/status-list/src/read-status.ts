import { MAX_STATUS_SIZE, MIN_LIST_LENGTH } from './bitstring.ts';
import { decodeList } from './decode-list.ts';
import { StatusListError } from './errors.ts';
import { statusEntryIssues, statusMessageIssues, throwFirst } from './status-messages.ts';

export interface ReadStatusOptions {
  /** Passed to decodeList: refuse lists that decompress to more bytes than this. */
  maxBytes?: number;
  /**
   * Minimum number of entries (list bits / statusSize). The spec's default is
   * 131,072 "unless a different lower bound is established by a specific
   * ecosystem specification".
   */
  minimumEntries?: number;
}

export interface StatusResult {
  purpose: string;
  index: number;
  statusSize: number;
  /** The entry's value: 0 or 1 for one-bit entries. */
  status: number;
  /** The spec's rule: only status 0 is valid. */
  valid: boolean;
  /** The message of `status`: from the entry's statusMessage (or a list's statusMessages); "set"/"unset" by default for a one-bit message entry. */
  message?: string;
  /** The entry's statusReference, as a list: where the issuer explains what the values mean. */
  statusReference?: string[];
}

type Family = {
  entryType: string;
  credentialType: string;
  subjectType: string;
  supportsStatusSize: boolean;
};

const BITSTRING: Family = {
  entryType: 'BitstringStatusListEntry',
  credentialType: 'BitstringStatusListCredential',
  subjectType: 'BitstringStatusList',
  supportsStatusSize: true,
};

// StatusList2021 is the predecessor: same bit layout and encoding, older type names.
const STATUS_LIST_2021: Family = {
  entryType: 'StatusList2021Entry',
  credentialType: 'StatusList2021Credential',
  subjectType: 'StatusList2021',
  supportsStatusSize: false,
};

/**
 * Reads the status a `credentialStatus` entry points to in an (already
 * fetched and proof-verified) status list credential. Implements steps of the
 * spec's Validate Algorithm after dereferencing; verifying the list
 * credential's proof is the caller's job.
 */
export async function readStatus(
  entry: unknown,
  statusListCredential: unknown,
  options: ReadStatusOptions = {},
): Promise<StatusResult> {
  const e = asObject(entry, 'ERR_STATUS_ENTRY_INVALID', 'credentialStatus entry');
  const family = [BITSTRING, STATUS_LIST_2021].find((f) => hasType(e.type, f.entryType));
  if (!family) {
    throw new StatusListError(
      'ERR_STATUS_ENTRY_INVALID',
      'credentialStatus type must be BitstringStatusListEntry or StatusList2021Entry',
    );
  }
  const purpose = e.statusPurpose;
  if (typeof purpose !== 'string' || purpose.length === 0) {
    throw new StatusListError('ERR_STATUS_ENTRY_INVALID', 'credentialStatus.statusPurpose must be a string');
  }
  if (typeof e.statusListCredential !== 'string') {
    throw new StatusListError('ERR_STATUS_ENTRY_INVALID', 'credentialStatus.statusListCredential must be a URL');
  }
  const index = parseIndex(e.statusListIndex);
  if (family.supportsStatusSize) {
    // statusSize, statusMessage and statusReference are the credential's own commitments: malformed ones are the spec's MALFORMED_VALUE_ERROR.
    throwFirst(statusEntryIssues(e), 'credentialStatus.');
  }

  const credential = asObject(statusListCredential, 'ERR_STATUS_LIST_CREDENTIAL_INVALID', 'status list credential');
  if (!hasType(credential.type, family.credentialType)) {
    throw new StatusListError(
      'ERR_STATUS_LIST_TYPE_MISMATCH',
      `status list credential must have type ${family.credentialType}`,
    );
  }
  // A list fetched from one URL but claiming another id could be a list of a
  // different issuer or purpose substituted in transit or by a cache.
  if (credential.id !== undefined && credential.id !== e.statusListCredential) {
    throw new StatusListError(
      'ERR_STATUS_LIST_CREDENTIAL_MISMATCH',
      `status list credential id ${String(credential.id)} is not ${e.statusListCredential}`,
    );
  }
  const rawSubject = Array.isArray(credential.credentialSubject) && credential.credentialSubject.length === 1
    ? (credential.credentialSubject[0] as unknown)
    : credential.credentialSubject;
  const subject = asObject(rawSubject, 'ERR_STATUS_LIST_CREDENTIAL_INVALID', 'status list credentialSubject');
  if (!hasType(subject.type, family.subjectType)) {
    throw new StatusListError('ERR_STATUS_LIST_TYPE_MISMATCH', `credentialSubject must have type ${family.subjectType}`);
  }
  const listPurposes = typeof subject.statusPurpose === 'string' ? [subject.statusPurpose] : subject.statusPurpose;
  if (!Array.isArray(listPurposes) || !listPurposes.includes(purpose)) {
    throw new StatusListError(
      'ERR_STATUS_LIST_PURPOSE_MISMATCH',
      `entry purpose "${purpose}" is not the list's purpose ${JSON.stringify(subject.statusPurpose)}`,
    );
  }

  const statusSize = resolveStatusSize(family, e.statusSize, subject.statusSize);
  if (typeof subject.encodedList !== 'string') {
    throw new StatusListError('ERR_STATUS_LIST_DECODE', 'credentialSubject.encodedList must be a string');
  }
  const decodeOptions = options.maxBytes === undefined ? { statusSize } : { statusSize, maxBytes: options.maxBytes };
  const bits = await decodeList(subject.encodedList, decodeOptions);

  const minimumEntries = options.minimumEntries ?? MIN_LIST_LENGTH;
  if (bits.length < minimumEntries) {
    throw new StatusListError(
      'ERR_STATUS_LIST_LENGTH',
      `status list has ${bits.length} entries of ${statusSize} bits; at least ${minimumEntries} are required`,
    );
  }
  if (index >= bits.length) {
    throw new StatusListError(
      'ERR_STATUS_INDEX_OUT_OF_RANGE',
      `statusListIndex ${index} is outside the list's ${bits.length} entries`,
    );
  }
  const status = bits.getValue(index);
  const result: StatusResult = { purpose, index, statusSize, status, valid: status === 0 };
  let messages = e.statusMessage;
  if (messages === undefined && subject.statusMessages !== undefined) {
    // A list in the older design (statusMessages on the list) is read, but only if well-formed.
    throwFirst(statusMessageIssues(subject.statusMessages, statusSize, 'statusMessages'), 'credentialSubject.');
    messages = subject.statusMessages;
  }
  const message = findMessage(status, messages, purpose, statusSize);
  if (message !== undefined) result.message = message;
  if (e.statusReference !== undefined) result.statusReference = [e.statusReference].flat() as string[];
  return result;
}

function resolveStatusSize(family: Family, entrySize: unknown, listSize: unknown): number {
  if (!family.supportsStatusSize) return 1;
  for (const [value, where] of [[entrySize, 'credentialStatus'], [listSize, 'credentialSubject']] as const) {
    if (value !== undefined && (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_STATUS_SIZE)) {
      throw new StatusListError('ERR_STATUS_SIZE_INVALID', `${where}.statusSize must be an integer in [1, ${MAX_STATUS_SIZE}]`);
    }
  }
  // The spec: an entry without statusSize MUST be processed as 1.
  const size = (entrySize ?? 1) as number;
  if (listSize !== undefined && listSize !== size) {
    throw new StatusListError(
      'ERR_STATUS_SIZE_MISMATCH',
      `the credential's status entry has ${size}-bit values (statusSize ${entrySize === undefined ? 'absent, so 1' : size}) but the status list says statusSize ${String(listSize)}: they disagree, so the value cannot be read`,
    );
  }
  return size;
}

function findMessage(status: number, messages: unknown, purpose: string, statusSize: number): string | undefined {
  if (Array.isArray(messages)) {
    for (const item of messages as unknown[]) {
      const m = item as { status?: unknown; message?: unknown } | null;
      if (m && typeof m.status === 'string' && typeof m.message === 'string' && parseInt(m.status.slice(2), 16) === status) {
        return m.message;
      }
    }
    return undefined;
  }
  // The spec's defaults when no statusMessage array is given.
  if (purpose === 'message' && statusSize === 1) return status === 1 ? 'set' : 'unset';
  return undefined;
}

function parseIndex(value: unknown): number {
  // The spec types statusListIndex as a string of digits; some issuers emit a number.
  const index =
    typeof value === 'string' && /^(0|[1-9][0-9]*)$/.test(value)
      ? Number(value)
      : typeof value === 'number'
        ? value
        : Number.NaN;
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new StatusListError(
      'ERR_STATUS_ENTRY_INVALID',
      `statusListIndex must be a non-negative integer string, got ${JSON.stringify(value)}`,
    );
  }
  return index;
}

function hasType(type: unknown, expected: string): boolean {
  return type === expected || (Array.isArray(type) && type.includes(expected));
}

function asObject(
  value: unknown,
  code: 'ERR_STATUS_ENTRY_INVALID' | 'ERR_STATUS_LIST_CREDENTIAL_INVALID',
  what: string,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StatusListError(code, `${what} must be an object`);
  }
  return value as Record<string, unknown>;
}
