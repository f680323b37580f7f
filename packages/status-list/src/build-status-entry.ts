import { StatusListError } from './errors.ts';
import { checkStatusMessages } from './status-messages.ts';
import type { BitstringStatusListEntry, StatusMessage, StatusPurpose } from './types.ts';

export interface BuildStatusEntryInput {
  /** URL of the BitstringStatusListCredential. */
  statusListCredential: string;
  statusListIndex: number;
  statusPurpose: StatusPurpose;
  /** Bits per entry; only written when greater than 1 (1 is the spec's default). */
  statusSize?: number;
  statusMessage?: StatusMessage[];
}

/** Builds the `credentialStatus` entry that points a credential at its position in a list. */
export function buildStatusEntry(input: BuildStatusEntryInput): BitstringStatusListEntry {
  if (typeof input.statusListCredential !== 'string' || input.statusListCredential.length === 0) {
    throw new StatusListError('ERR_INVALID_ARGUMENT', 'statusListCredential must be a non-empty URL');
  }
  if (!Number.isSafeInteger(input.statusListIndex) || input.statusListIndex < 0) {
    throw new StatusListError(
      'ERR_STATUS_INDEX_OUT_OF_RANGE',
      `statusListIndex must be a non-negative integer, got ${String(input.statusListIndex)}`,
    );
  }
  const entry: BitstringStatusListEntry = {
    id: `${input.statusListCredential}#${input.statusListIndex}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: input.statusPurpose,
    statusListIndex: String(input.statusListIndex),
    statusListCredential: input.statusListCredential,
  };
  const statusSize = input.statusSize ?? 1;
  if (!Number.isInteger(statusSize) || statusSize < 1) {
    throw new StatusListError('ERR_STATUS_SIZE_INVALID', 'statusSize must be an integer greater than zero');
  }
  if (statusSize > 1) {
    entry.statusSize = statusSize;
    if (input.statusMessage === undefined) {
      // The spec makes statusMessage mandatory once an entry has more than one bit.
      throw new StatusListError('ERR_STATUS_MESSAGE_INVALID', `statusSize ${statusSize} requires statusMessage`);
    }
  }
  if (input.statusMessage !== undefined) {
    entry.statusMessage = checkStatusMessages(input.statusMessage, statusSize, 'statusMessage');
  }
  return entry;
}
