import { StatusListError } from './errors.ts';
import { statusEntryIssues, throwFirst } from './status-messages.ts';
import type { BitstringStatusListEntry, StatusMessage, StatusPurpose } from './types.ts';

export interface BuildStatusEntryInput {
  /** URL of the BitstringStatusListCredential. */
  statusListCredential: string;
  statusListIndex: number;
  statusPurpose: StatusPurpose;
  /** Bits per entry; only written when greater than 1 (1 is the spec's default). */
  statusSize?: number;
  /** One message per possible value; required when statusSize is greater than 1. */
  statusMessage?: StatusMessage[];
  /** URL(s) of what the values mean. */
  statusReference?: string | string[];
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
  // The spec: statusSize > 1 needs statusMessage, with one element per possible value.
  throwFirst(statusEntryIssues({ statusSize, statusMessage: input.statusMessage, statusReference: input.statusReference }));
  if (statusSize > 1) entry.statusSize = statusSize;
  if (input.statusMessage !== undefined) entry.statusMessage = input.statusMessage;
  if (input.statusReference !== undefined) entry.statusReference = input.statusReference;
  return entry;
}
