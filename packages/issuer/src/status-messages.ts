import { buildStatusEntry, statusEntryIssues, type BitstringStatusListEntry, type StatusMessage } from '@microcred/status-list';
import type { FieldError } from './problem.ts';
import { MAX_MESSAGE_STATUS_SIZE, type MessageListProfile, type SetStatusMessageResult } from './storage/index.ts';

/*
 * Status messages (Bitstring Status List v1.0, statusPurpose "message"): a VC-API client asks for an
 * entry of statusSize bits (1 to 8) with one message per value and, optionally, a statusReference.
 * The credential commits to them at issuance; the tenant's message lists are kept per such set of
 * commitments (storage: MessageListProfile), created the first time one is asked for.
 */

/** What one `options.credentialStatus` element asks for, as the route has parsed it. */
export interface StatusRequest {
  type: 'BitstringStatusListEntry';
  statusPurpose: 'revocation' | 'suspension' | 'message';
  [extra: string]: unknown;
}

const PURPOSES: readonly StatusRequest['statusPurpose'][] = ['revocation', 'suspension', 'message'];
const MESSAGE_ONLY = ['statusSize', 'statusMessage', 'statusReference'] as const;
const MAX_MESSAGE_LENGTH = 1000;

/**
 * The purposes asked for and, for a message entry, the profile of the list it goes on; or the
 * fields that are wrong, with paths under `options.credentialStatus`.
 */
export function readStatusRequests(
  given: unknown,
): { purposes: StatusRequest['statusPurpose'][]; message?: MessageListProfile; errors: FieldError[] } {
  if (given === undefined) return { purposes: [], errors: [] };
  const at = (i: number) => (Array.isArray(given) ? `options.credentialStatus[${i}]` : 'options.credentialStatus');
  const errors: FieldError[] = [];
  const list: StatusRequest[] = [];
  (Array.isArray(given) ? given : [given]).forEach((item: unknown, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      errors.push({ path: at(i), message: 'must be an object {type: "BitstringStatusListEntry", statusPurpose}' });
      return;
    }
    const request = item as Record<string, unknown>;
    if (request.type !== 'BitstringStatusListEntry') errors.push({ path: `${at(i)}.type`, message: 'must be "BitstringStatusListEntry"' });
    if (!PURPOSES.includes(request.statusPurpose as StatusRequest['statusPurpose'])) {
      errors.push({ path: `${at(i)}.statusPurpose`, message: 'must be "revocation", "suspension" or "message"' });
    }
    list.push(request as StatusRequest);
  });
  if (errors.length > 0) return { purposes: [], errors };
  let message: MessageListProfile | undefined;
  list.forEach((request, i) => {
    if (request.statusPurpose !== 'message') {
      for (const field of MESSAGE_ONLY) {
        if (request[field] !== undefined) errors.push({ path: `${at(i)}.${field}`, message: 'is only for statusPurpose "message" (revocation and suspension entries are one bit)' });
      }
      return;
    }
    if (message !== undefined) {
      errors.push({ path: at(i), message: 'asks for a second status message entry: a credential carries at most one' });
      return;
    }
    const statusSize = request.statusSize ?? 1;
    const fields = { statusSize, statusMessage: request.statusMessage, statusReference: request.statusReference };
    const issues = statusEntryIssues(fields);
    if (typeof statusSize === 'number' && Number.isInteger(statusSize) && statusSize > MAX_MESSAGE_STATUS_SIZE) {
      issues.unshift({ path: 'statusSize', message: `must be at most ${MAX_MESSAGE_STATUS_SIZE} here (256 messages)`, code: 'ERR_STATUS_SIZE_INVALID' });
    }
    const long = Array.isArray(request.statusMessage)
      ? (request.statusMessage as { message?: unknown }[]).findIndex((m) => typeof m?.message === 'string' && m.message.length > MAX_MESSAGE_LENGTH)
      : -1;
    if (long >= 0) issues.push({ path: `statusMessage[${long}].message`, message: `must be at most ${MAX_MESSAGE_LENGTH} characters`, code: 'ERR_STATUS_MESSAGE_INVALID' });
    // Only status and message: any other member is a term the credential's context may not define,
    // which signing would refuse only after status slots were reserved for it.
    if (Array.isArray(request.statusMessage)) {
      (request.statusMessage as unknown[]).forEach((m, j) => {
        const others = m !== null && typeof m === 'object' && !Array.isArray(m) ? Object.keys(m).filter((k) => k !== 'status' && k !== 'message') : [];
        if (others.length > 0) {
          issues.push({ path: `statusMessage[${j}]`, message: `may have only status and message, not ${others.join(', ')}`, code: 'ERR_STATUS_MESSAGE_INVALID' });
        }
      });
    }
    if (issues.length > 0) {
      for (const issue of issues) errors.push({ path: `${at(i)}.${issue.path}`, message: issue.message });
      return;
    }
    message = {
      statusSize: statusSize as number,
      statusMessages: request.statusMessage === undefined ? null : canonicalMessages(request.statusMessage as StatusMessage[]),
      statusReference: (request.statusReference as string | string[] | undefined) ?? null,
    };
  });
  const purposes = [...new Set(list.map((r) => r.statusPurpose))];
  return { purposes, ...(message ? { message } : {}), errors };
}

/**
 * Messages in value order, each as `{status, message}` (readStatusRequests refuses other members):
 * two requests that list the same messages in another order share one series of lists.
 */
function canonicalMessages(messages: StatusMessage[]): StatusMessage[] {
  return [...messages]
    .sort((a, b) => parseInt(a.status.slice(2), 16) - parseInt(b.status.slice(2), 16))
    .map(({ status, message }) => ({ status, message }));
}

/** The credential's entry for a reserved message slot. */
export function messageStatusEntry(statusListCredential: string, index: number, profile: MessageListProfile): BitstringStatusListEntry {
  return buildStatusEntry({
    statusListCredential,
    statusListIndex: index,
    statusPurpose: 'message',
    statusSize: profile.statusSize,
    ...(profile.statusMessages ? { statusMessage: profile.statusMessages } : {}),
    ...(profile.statusReference !== null ? { statusReference: profile.statusReference } : {}),
  });
}

/** "0x2" → 2; undefined for anything that is not a hexadecimal value. */
export function parseStatusValue(value: string): number | undefined {
  return /^0x[0-9a-fA-F]{1,8}$/.test(value) ? parseInt(value.slice(2), 16) : undefined;
}

const hex = (n: number) => `0x${n.toString(16)}`;

/** The message of a value: the committed one, or the spec's "unset"/"set" for a one-bit entry without messages. */
function messageOf(value: number, result: SetStatusMessageResult): string | undefined {
  if (result.statusMessages === null) return result.statusSize === 1 ? (value === 1 ? 'set' : 'unset') : undefined;
  return result.statusMessages.find((m) => parseInt(m.status.slice(2), 16) === value)?.message;
}

/** The answer of POST /credentials/status to a message change. */
export function messageChangeResponse(result: SetStatusMessageResult) {
  return {
    credentialId: result.credentialId,
    statusPurpose: 'message' as const,
    status: hex(result.value),
    message: messageOf(result.value, result),
    previousStatus: hex(result.previousValue),
    previousMessage: messageOf(result.previousValue, result),
    changed: result.changed,
  };
}
