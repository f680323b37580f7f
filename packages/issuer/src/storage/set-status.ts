import { appendAudit } from './audit.ts';
import { inTransaction, timestamp, withRetry, type StoreContext } from './context.ts';
import { StorageError } from './errors.ts';
import type { CredentialStatus, StatusListPurpose } from './schema.ts';
import { writeBit, writeStatusValue, type StatusSlot } from './status-lists.ts';
import type { StatusMessage } from '@microcred/status-list';

export type StatusChange = 'revoked' | 'suspended' | 'active';

export interface SetStatusOptions {
  actor?: string | null;
  reason?: string | null;
}

export interface SetStatusResult {
  credentialId: string;
  previousStatus: CredentialStatus;
  status: CredentialStatus;
  /** False when the credential already had the requested status (nothing written, no audit row). */
  changed: boolean;
  /** Lists whose bits changed, with their new versions. */
  lists: { listId: string; purpose: StatusListPurpose; index: number; version: number }[];
}

const AUDIT_ACTION: Record<StatusChange, string> = { revoked: 'revoke', suspended: 'suspend', active: 'reinstate' };

/*
 * Invariant kept here: revocation bit = (status is revoked), suspension bit =
 * (status is suspended). So revoking a suspended credential also clears its
 * suspension bit, and a list never says more than the row does.
 */
type OneBitPurpose = Exclude<StatusListPurpose, 'message'>;

function targetBits(status: CredentialStatus): Record<OneBitPurpose, boolean> {
  return { revocation: status === 'revoked', suspension: status === 'suspended' };
}

function checkTransition(from: CredentialStatus, to: StatusChange, credentialId: string): void {
  if (from === 'revoked') {
    throw new StorageError('ERR_CREDENTIAL_REVOKED', `credential ${credentialId} is revoked; revocation is final`);
  }
  // A superseded credential was replaced by its renewal; it can still be
  // revoked (e.g. fraud), but suspending or reinstating it would be meaningless.
  if (from === 'superseded' && to !== 'revoked') {
    throw new StorageError(
      'ERR_INVALID_STATUS_TRANSITION',
      `credential ${credentialId} is superseded; it can only be revoked`,
    );
  }
  if (to === 'active' && from !== 'suspended') {
    throw new StorageError('ERR_INVALID_STATUS_TRANSITION', `cannot reinstate a ${from} credential`);
  }
}

/**
 * Changes a credential's status and the matching bits in its status lists in
 * one transaction, bumps each changed list's version and writes the audit row.
 */
export async function setStatus(
  ctx: StoreContext,
  tenantId: string,
  credentialId: string,
  status: StatusChange,
  options: SetStatusOptions = {},
): Promise<SetStatusResult> {
  if (!(status in AUDIT_ACTION)) {
    throw new StorageError('ERR_INVALID_INPUT', `status must be revoked, suspended or active, got ${String(status)}`);
  }
  return withRetry(() =>
    inTransaction(ctx, async (tx) => {
      let query = tx.db
        .selectFrom('credentials')
        .select(['status'])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', credentialId);
      // Serialises concurrent changes of one credential so both cannot pass the transition check.
      if (tx.dialect === 'postgres') query = query.forNoKeyUpdate();
      const row = await query.executeTakeFirst();
      if (!row) throw new StorageError('ERR_NOT_FOUND', `credential ${credentialId} not found`);
      const previousStatus = row.status;
      if (previousStatus === status) {
        return { credentialId, previousStatus, status: previousStatus, changed: false, lists: [] };
      }
      checkTransition(previousStatus, status, credentialId);

      const entries = await tx.db
        .selectFrom('status_entries as e')
        .innerJoin('status_lists as l', 'l.id', 'e.list_id')
        .select(['e.list_id', 'e.status_index', 'l.purpose'])
        .where('e.tenant_id', '=', tenantId)
        .where('e.credential_id', '=', credentialId)
        // A status message is the issuer's to set on its own (setStatusMessage): revoking does not touch it.
        .where('l.purpose', 'in', ['revocation', 'suspension'])
        .execute();
      // Same order as reservation (revocation, then suspension) so list locks never deadlock.
      entries.sort((a, b) => a.purpose.localeCompare(b.purpose));
      const wanted = targetBits(status);
      const lists: SetStatusResult['lists'] = [];
      for (const entry of entries) {
        const slot: StatusSlot = { purpose: entry.purpose, listId: entry.list_id, index: entry.status_index };
        const written = await writeBit(tx, tenantId, slot, wanted[entry.purpose as OneBitPurpose]);
        if (written.changed) {
          lists.push({ listId: slot.listId, purpose: slot.purpose, index: slot.index, version: written.version });
        }
      }

      await tx.db
        .updateTable('credentials')
        .set({ status, updated_at: timestamp(tx) })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', credentialId)
        .execute();
      await appendAudit(tx, tenantId, {
        actor: options.actor ?? null,
        action: AUDIT_ACTION[status],
        credentialId,
        reason: options.reason ?? null,
        details: { from: previousStatus, to: status },
      });
      return { credentialId, previousStatus, status, changed: true, lists };
    }),
  );
}

export interface SetStatusMessageResult {
  credentialId: string;
  listId: string;
  index: number;
  statusSize: number;
  previousValue: number;
  value: number;
  /** The messages the credential committed to (null: a one-bit entry's default "unset"/"set"). */
  statusMessages: StatusMessage[] | null;
  /** False when the entry already had the value (nothing written, no audit row). */
  changed: boolean;
  /** The list's version after the change. */
  version: number;
}

/**
 * Sets the value of a credential's status message (its entry in a list of the message purpose) and
 * writes the audit row, in one transaction. The credential's revocation and suspension are not
 * touched, nor is its status: a message is the issuer's word on the credential in its own terms.
 */
export async function setStatusMessage(
  ctx: StoreContext,
  tenantId: string,
  credentialId: string,
  value: number,
  options: SetStatusOptions = {},
): Promise<SetStatusMessageResult> {
  return withRetry(() =>
    inTransaction(ctx, async (tx) => {
      const entry = await tx.db
        .selectFrom('status_entries as e')
        .innerJoin('status_lists as l', 'l.id', 'e.list_id')
        .select(['e.list_id', 'e.status_index', 'l.status_size', 'l.status_messages'])
        .where('e.tenant_id', '=', tenantId)
        .where('e.credential_id', '=', credentialId)
        .where('l.purpose', '=', 'message')
        .executeTakeFirst();
      if (!entry) {
        const exists = await tx.db.selectFrom('credentials').select('id').where('tenant_id', '=', tenantId).where('id', '=', credentialId).executeTakeFirst();
        if (!exists) throw new StorageError('ERR_NOT_FOUND', `credential ${credentialId} not found`);
        throw new StorageError('ERR_INVALID_STATUS_TRANSITION', `credential ${credentialId} carries no status message entry (it was issued without one)`);
      }
      const max = 2 ** entry.status_size - 1;
      if (!Number.isInteger(value) || value < 0 || value > max) {
        throw new StorageError('ERR_INVALID_INPUT', `the status message value must be from 0x0 to 0x${max.toString(16)} (statusSize ${entry.status_size}), got ${String(value)}`);
      }
      const slot: StatusSlot = { purpose: 'message', listId: entry.list_id, index: entry.status_index };
      const written = await writeStatusValue(tx, tenantId, slot, value);
      const statusMessages = entry.status_messages === null ? null : (JSON.parse(entry.status_messages) as StatusMessage[]);
      const result: SetStatusMessageResult = {
        credentialId,
        listId: slot.listId,
        index: slot.index,
        statusSize: entry.status_size,
        previousValue: written.previous,
        value,
        statusMessages,
        changed: written.changed,
        version: written.version,
      };
      if (!written.changed) return result;
      const hex = (n: number) => `0x${n.toString(16)}`;
      await appendAudit(tx, tenantId, {
        actor: options.actor ?? null,
        action: 'set-status-message',
        credentialId,
        reason: options.reason ?? null,
        details: { from: hex(written.previous), to: hex(value), listId: slot.listId, index: slot.index },
      });
      await tx.db.updateTable('credentials').set({ updated_at: timestamp(tx) }).where('tenant_id', '=', tenantId).where('id', '=', credentialId).execute();
      return result;
    }),
  );
}
