/**
 * What "nothing lost, nothing duplicated" means for a register, checked on
 * the database and on the status lists the service publishes. Shared by the
 * crash, multi-process and backup tests.
 */
import { createHash } from 'node:crypto';
import { decodeList } from '@microcred/status-list';
import type { Store } from '@microcred/issuer';

type Json = Record<string, any>;

export interface RegisterFacts {
  credentials: number;
  statusEntries: number;
  /** Reserved before a crash and never linked to a credential: burnt, never reused, bit 0. */
  burnt: number;
  lists: number;
  /** Final status per credential id. */
  status: Map<string, string>;
}

/** The credential as stored: the JSON credential, or the payload of a vc+jwt. */
export function storedCredential(text: string): Json {
  const value = JSON.parse(text) as unknown;
  if (typeof value === 'string') return JSON.parse(Buffer.from(value.split('.')[1] ?? '', 'base64url').toString('utf8')) as Json;
  return value as Json;
}

/**
 * Every credential row has exactly the status entries its signed credential
 * names (list and index, revocation and suspension), and no (list, index)
 * belongs to two credentials, neither in status_entries nor in the signed
 * credentials themselves.
 */
export async function checkIndexes(store: Store, tenantId: string): Promise<RegisterFacts> {
  const credentials = await store.db.selectFrom('credentials').select(['id', 'credential', 'status']).where('tenant_id', '=', tenantId).execute();
  const entries = await store.db
    .selectFrom('status_entries as e')
    .innerJoin('status_lists as l', 'l.id', 'e.list_id')
    .select(['e.list_id', 'e.status_index', 'e.credential_id', 'l.purpose'])
    .where('e.tenant_id', '=', tenantId)
    .execute();
  const lists = await store.db.selectFrom('status_lists').select(['id', 'allocated']).where('tenant_id', '=', tenantId).execute();

  const byCredential = new Map<string, string[]>();
  const slots = new Set<string>();
  let burnt = 0;
  for (const entry of entries) {
    const slot = `${entry.list_id}#${entry.status_index}`;
    if (slots.has(slot)) throw new Error(`status index ${slot} appears twice in status_entries`);
    slots.add(slot);
    if (entry.credential_id === null) {
      burnt++;
      continue;
    }
    byCredential.set(entry.credential_id, [...(byCredential.get(entry.credential_id) ?? []), `${entry.purpose}:${slot}`]);
  }
  // `allocated` counts the rows of its list: a reservation and its count moved together.
  for (const list of lists) {
    const rows = entries.filter((e) => e.list_id === list.id).length;
    if (rows !== Number(list.allocated)) throw new Error(`list ${list.id}: allocated ${list.allocated}, but ${rows} entries`);
  }

  const named = new Set<string>();
  const status = new Map<string, string>();
  for (const row of credentials) {
    status.set(row.id, row.status);
    const credential = storedCredential(row.credential);
    const embedded = [credential.credentialStatus ?? []]
      .flat()
      .map((e: Json) => `${e.statusPurpose}:${String(e.statusListCredential).split('/').pop()}#${Number(e.statusListIndex)}`)
      .sort();
    for (const slot of embedded) {
      if (named.has(slot)) throw new Error(`status entry ${slot} is named by two signed credentials`);
      named.add(slot);
    }
    const stored = (byCredential.get(row.id) ?? []).sort();
    if (JSON.stringify(stored) !== JSON.stringify(embedded)) {
      throw new Error(`credential ${row.id}: signed with ${embedded.join(', ') || 'no entries'}, stored with ${stored.join(', ') || 'none'}`);
    }
  }
  const linked = [...byCredential.keys()].filter((id) => !status.has(id));
  if (linked.length > 0) throw new Error(`status entries point at ${linked.length} credentials that do not exist`);
  return { credentials: credentials.length, statusEntries: entries.length, burnt, lists: lists.length, status };
}

/**
 * The lists as the service publishes them (fetched over HTTP) say exactly
 * what `expected` says: revocation bit = revoked, suspension bit =
 * suspended, and no other bit set anywhere (a burnt index reads 0).
 */
export async function checkPublishedLists(baseUrl: string, store: Store, tenantId: string, expected: Map<string, string>): Promise<{ listsChecked: number; bitsSet: number }> {
  const entries = await store.db
    .selectFrom('status_entries as e')
    .innerJoin('status_lists as l', 'l.id', 'e.list_id')
    .select(['e.list_id', 'e.status_index', 'e.credential_id', 'l.purpose'])
    .where('e.tenant_id', '=', tenantId)
    .execute();
  const listIds = [...new Set(entries.map((e) => e.list_id))];
  let bitsSet = 0;
  for (const listId of listIds) {
    const response = await fetch(`${baseUrl}/status-lists/${listId}`, { headers: { 'cache-control': 'no-cache' } });
    if (response.status !== 200) throw new Error(`GET /status-lists/${listId}: ${response.status}`);
    const list = (await response.json()) as Json;
    const bits = await decodeList(list.credentialSubject.encodedList);
    const wanted = new Set<number>();
    for (const entry of entries.filter((e) => e.list_id === listId)) {
      const status = entry.credential_id ? expected.get(entry.credential_id) : undefined;
      const on = entry.purpose === 'revocation' ? status === 'revoked' : status === 'suspended';
      if (on) wanted.add(entry.status_index);
      if (bits.get(entry.status_index) !== on) {
        throw new Error(`list ${listId} index ${entry.status_index} (${entry.credential_id ?? 'burnt'}): published ${bits.get(entry.status_index)}, expected ${on} (${status ?? 'no credential'})`);
      }
    }
    let set = 0;
    for (let i = 0; i < bits.length; i++) if (bits.get(i)) set++;
    if (set !== wanted.size) throw new Error(`list ${listId} has ${set} bits set, the register ${wanted.size}`);
    bitsSet += set;
  }
  return { listsChecked: listIds.length, bitsSet };
}

/** Each credential's status as its audit trail tells it: issue, then every change in order. */
export async function statusFromAudit(store: Store, tenantId: string): Promise<Map<string, string>> {
  const rows = await store.db
    .selectFrom('audit_log')
    .select(['id', 'action', 'credential_id'])
    .where('tenant_id', '=', tenantId)
    .where('credential_id', 'is not', null)
    .orderBy('id')
    .execute();
  const status = new Map<string, string>();
  const after: Record<string, string> = { issue: 'active', recertify: 'active', revoke: 'revoked', suspend: 'suspended', reinstate: 'active', supersede: 'superseded' };
  for (const row of rows) {
    const next = after[row.action];
    if (next) status.set(row.credential_id as string, next);
  }
  return status;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
