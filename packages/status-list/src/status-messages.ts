import { MAX_STATUS_SIZE } from './bitstring.ts';
import { StatusListError, type StatusListErrorCode } from './errors.ts';
import type { StatusMessage } from './types.ts';

/** One thing wrong with the optional fields of a status entry, at a path inside the entry. */
export interface StatusEntryIssue {
  /** e.g. `statusMessage[2].status`; empty for the entry as a whole. */
  path: string;
  message: string;
  /** The StatusListError code a reader raises for it. */
  code: Extract<StatusListErrorCode, 'ERR_STATUS_SIZE_INVALID' | 'ERR_STATUS_MESSAGE_INVALID' | 'ERR_STATUS_REFERENCE_INVALID'>;
}

const HEX = /^0x[0-9a-fA-F]+$/;

/**
 * What is wrong with a statusMessage array for entries of `statusSize` bits. The spec: one element
 * per possible value (2^statusSize), each with `status`, the value as a "0x…" hexadecimal string,
 * and `message`, a string. Values are also checked to lie in range and to appear once, so that every
 * possible value has exactly one message.
 */
export function statusMessageIssues(messages: unknown, statusSize: number, property = 'statusMessage'): StatusEntryIssue[] {
  const code = 'ERR_STATUS_MESSAGE_INVALID';
  if (!Array.isArray(messages)) return [{ path: property, message: 'must be an array of {status, message} objects', code }];
  const expected = 2 ** statusSize;
  if (messages.length !== expected) {
    return [{ path: property, message: `must have ${expected} elements (one per possible value of ${statusSize} bit${statusSize === 1 ? '' : 's'}), got ${messages.length}`, code }];
  }
  const issues: StatusEntryIssue[] = [];
  const seen = new Map<number, number>();
  (messages as unknown[]).forEach((item, i) => {
    const at = `${property}[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      issues.push({ path: at, message: 'must be an object with "status" and "message"', code });
      return;
    }
    const { status, message } = item as { status?: unknown; message?: unknown };
    if (typeof message !== 'string') issues.push({ path: `${at}.message`, message: 'must be a string', code });
    if (typeof status !== 'string' || !HEX.test(status)) {
      issues.push({ path: `${at}.status`, message: 'must be the value as a hexadecimal string prefixed with "0x" (e.g. "0x2")', code });
      return;
    }
    const value = parseInt(status.slice(2), 16);
    if (value >= expected) {
      issues.push({ path: `${at}.status`, message: `${status} is beyond the largest ${statusSize}-bit value, 0x${(expected - 1).toString(16)}`, code });
    } else if (seen.has(value)) {
      issues.push({ path: `${at}.status`, message: `${status} is the same value as ${property}[${seen.get(value)}].status`, code });
    } else {
      seen.set(value, i);
    }
  });
  return issues;
}

/** A URL in the spec's sense: an absolute URL (a scheme, no spaces). */
function isUrl(value: unknown): boolean {
  return typeof value === 'string' && /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/.test(value) && URL.canParse(value);
}

/**
 * What is wrong with the optional members of a BitstringStatusListEntry: `statusSize` (an integer
 * greater than zero; this library reads up to 32 bits), `statusMessage` (required once statusSize
 * is greater than 1; see statusMessageIssues) and `statusReference` (a URL or a list of URLs).
 * The verifier fails the format check on any of them and the issuer refuses to sign them.
 */
export function statusEntryIssues(entry: Record<string, unknown>): StatusEntryIssue[] {
  const issues: StatusEntryIssue[] = [];
  const size = entry.statusSize;
  let statusSize = 1;
  if (size !== undefined) {
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
      issues.push({ path: 'statusSize', message: 'must be an integer greater than zero', code: 'ERR_STATUS_SIZE_INVALID' });
      statusSize = 0;
    } else if (size > MAX_STATUS_SIZE) {
      issues.push({ path: 'statusSize', message: `must be at most ${MAX_STATUS_SIZE}`, code: 'ERR_STATUS_SIZE_INVALID' });
      statusSize = 0;
    } else {
      statusSize = size;
    }
  }
  if (statusSize > 0) {
    if (entry.statusMessage !== undefined) issues.push(...statusMessageIssues(entry.statusMessage, statusSize));
    else if (statusSize > 1) {
      issues.push({
        path: 'statusMessage',
        message: `is required when statusSize is greater than 1 (here ${statusSize}): one message per possible value`,
        code: 'ERR_STATUS_MESSAGE_INVALID',
      });
    }
  }
  const reference = entry.statusReference;
  if (reference !== undefined) {
    const list = Array.isArray(reference) ? reference : [reference];
    if (list.length === 0 || !list.every(isUrl)) {
      issues.push({ path: 'statusReference', message: 'must be a URL or a list of URLs', code: 'ERR_STATUS_REFERENCE_INVALID' });
    }
  }
  return issues;
}

/** Throws the first issue as a StatusListError. */
export function throwFirst(issues: StatusEntryIssue[], prefix = ''): void {
  const first = issues[0];
  if (first) throw new StatusListError(first.code, `${prefix}${first.path}${first.path ? ' ' : ''}${first.message}`);
}

/**
 * Checks a statusMessage array against statusSize and returns it; throws
 * ERR_STATUS_MESSAGE_INVALID naming the first problem.
 */
export function checkStatusMessages(messages: unknown, statusSize: number, property: string): StatusMessage[] {
  throwFirst(statusMessageIssues(messages, statusSize, property));
  return messages as StatusMessage[];
}
