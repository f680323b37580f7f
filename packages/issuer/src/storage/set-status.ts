import { appendAudit } from './audit.ts';
import { inTransaction, timestamp, withRetry, type StoreContext } from './context.ts';
import { StorageError } from './errors.ts';
import type { CredentialStatus, StatusListPurpose } from './schema.ts';
import { writeBit, type StatusSlot } from './status-lists.ts';

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
function targetBits(status: CredentialStatus): Record<StatusListPurpose, boolean> {
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
        .execute();
      // Same order as reservation (revocation, then suspension) so list locks never deadlock.
      entries.sort((a, b) => a.purpose.localeCompare(b.purpose));
      const wanted = targetBits(status);
      const lists: SetStatusResult['lists'] = [];
      for (const entry of entries) {
        const slot: StatusSlot = { purpose: entry.purpose, listId: entry.list_id, index: entry.status_index };
        const written = await writeBit(tx, tenantId, slot, wanted[entry.purpose]);
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
