export { Bitstring, MIN_LIST_LENGTH, MAX_STATUS_SIZE } from './bitstring.ts';
export type { BitstringOptions } from './bitstring.ts';
export { encodeList } from './encode-list.ts';
export { decodeList, DEFAULT_MAX_LIST_BYTES, MIN_LIST_BYTES } from './decode-list.ts';
export type { DecodeListOptions } from './decode-list.ts';
export { buildStatusListCredential } from './build-status-list-credential.ts';
export type { BuildStatusListCredentialInput } from './build-status-list-credential.ts';
export { buildStatusEntry } from './build-status-entry.ts';
export type { BuildStatusEntryInput } from './build-status-entry.ts';
export { readStatus } from './read-status.ts';
export type { ReadStatusOptions, StatusResult } from './read-status.ts';
export { statusEntryIssues, statusMessageIssues } from './status-messages.ts';
export type { StatusEntryIssue } from './status-messages.ts';
export { randomIndexAllocator } from './random-index-allocator.ts';
export type { RandomIndexAllocator, RandomIndexAllocatorOptions } from './random-index-allocator.ts';
export { StatusListError } from './errors.ts';
export type { StatusListErrorCode, StatusListSpecError } from './errors.ts';
export type {
  BitstringStatusList,
  BitstringStatusListCredential,
  BitstringStatusListEntry,
  StatusMessage,
  StatusPurpose,
} from './types.ts';
