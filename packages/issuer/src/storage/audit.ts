import { parseJson, timestamp, type StoreContext } from './context.ts';

/** Known actions; other strings are allowed so the service can add its own without a storage change. */
export type AuditAction =
  | 'issue'
  | 'revoke'
  | 'suspend'
  | 'reinstate'
  | 'recertify'
  | 'supersede'
  | 'key-rotate'
  | (string & {});

export interface AuditEntry {
  id: number;
  tenantId: string;
  at: string;
  actor: string | null;
  action: AuditAction;
  credentialId: string | null;
  reason: string | null;
  details: unknown;
}

export interface NewAuditEntry {
  /** The API token id (or another principal id) that caused the change. */
  actor?: string | null;
  action: AuditAction;
  credentialId?: string | null;
  reason?: string | null;
  details?: unknown;
}

export function auditRow(ctx: StoreContext, tenantId: string, entry: NewAuditEntry) {
  return {
    tenant_id: tenantId,
    at: timestamp(ctx),
    actor: entry.actor ?? null,
    action: entry.action,
    credential_id: entry.credentialId ?? null,
    reason: entry.reason ?? null,
    details: entry.details === undefined ? null : JSON.stringify(entry.details),
  };
}

export async function appendAudit(ctx: StoreContext, tenantId: string, entry: NewAuditEntry): Promise<void> {
  await ctx.db.insertInto('audit_log').values(auditRow(ctx, tenantId, entry)).execute();
}

export async function appendAuditMany(ctx: StoreContext, tenantId: string, entries: NewAuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 500) {
    await ctx.db
      .insertInto('audit_log')
      .values(entries.slice(i, i + 500).map((entry) => auditRow(ctx, tenantId, entry)))
      .execute();
  }
}

/** Oldest first: the order things happened in. */
export async function listAuditByCredential(
  ctx: StoreContext,
  tenantId: string,
  credentialId: string,
): Promise<AuditEntry[]> {
  const rows = await ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('credential_id', '=', credentialId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    // bigserial arrives from pg as a string.
    id: Number(row.id),
    tenantId: row.tenant_id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    credentialId: row.credential_id,
    reason: row.reason,
    details: row.details === null ? null : parseJson(row.details),
  }));
}
