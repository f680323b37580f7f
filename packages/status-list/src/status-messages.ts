import { StatusListError } from './errors.ts';
import type { StatusMessage } from './types.ts';

/**
 * Checks a statusMessage array against statusSize: the spec requires one
 * message per possible value, each with a "0x…" hex `status`.
 */
export function checkStatusMessages(messages: unknown, statusSize: number, property: string): StatusMessage[] {
  if (!Array.isArray(messages)) {
    throw new StatusListError('ERR_STATUS_MESSAGE_INVALID', `${property} must be an array`);
  }
  const expected = 2 ** statusSize;
  if (messages.length !== expected) {
    throw new StatusListError(
      'ERR_STATUS_MESSAGE_INVALID',
      `${property} must have ${expected} elements for statusSize ${statusSize}, got ${messages.length}`,
    );
  }
  for (const item of messages as unknown[]) {
    const entry = item as Partial<StatusMessage> | null;
    if (
      typeof entry !== 'object' ||
      entry === null ||
      typeof entry.status !== 'string' ||
      !/^0x[0-9a-fA-F]+$/.test(entry.status) ||
      typeof entry.message !== 'string'
    ) {
      throw new StatusListError(
        'ERR_STATUS_MESSAGE_INVALID',
        `${property} elements need a hex "status" ("0x…") and a string "message"`,
      );
    }
  }
  return messages as StatusMessage[];
}
