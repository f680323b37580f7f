import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { decodeJwtCredential } from '@microcred/securing';
import { appendAudit } from '../storage/audit.ts';
import { inTransaction, type StoreContext } from '../storage/context.ts';
import type { Store } from '../storage/index.ts';

/*
 * GDPR Art. 17: a learner asks to be forgotten. What must stay is what makes
 * the register trustworthy for everyone else: each credential's id, its
 * certificate number, its status and status entries (a verifier holding the
 * learner's own copy still learns it is revoked), and the audit trail of who
 * changed what, when. Everything that says who the learner is goes:
 *
 * - credentials: learner id replaced by one random pseudonym (the same for
 *   all of the learner's credentials, so the trail still reads as one
 *   person), name dropped, the signed credential body (it names the learner)
 *   replaced by a stub that keeps type, issuer, validity and status entries
 *   plus the SHA-256 of the credential as issued: a copy the learner shows
 *   later can be matched to its record, nothing can be read back from it.
 *   The claim link stops working.
 * - share links, renditions, wallet offers and exchanges of those credentials
 *   (they carry copies of the credential, labels, the learner's wallet DID):
 *   deleted.
 * - stored idempotent responses that carry the credential: the credential
 *   is removed from them.
 * - audit reasons and details naming the learner: those names are replaced
 *   by the pseudonym. Each credential gets an `erase` entry.
 *
 * A table with a credential_id column this module does not know makes it
 * refuse: claiming "erased" while a copy survives somewhere would be worse
 * than failing. Backups keep the data until they expire (say so in the
 * record of processing). On SQLite freed space is zeroed (the store opens
 * with secure_delete) and the WAL is truncated; on PostgreSQL old row
 * versions stay on disk until vacuumed. `vacuum` rebuilds either.
 */

/** Tables whose rows of an erased credential stay as they are (no personal data in them). */
const KEPT = new Set(['credentials', 'status_entries', 'audit_log', 'idempotent_items']);
/** Tables whose rows of an erased credential are deleted. */
const DELETED = ['share_tokens', 'renditions', 'wallet_offers', 'wallet_exchanges'];

export class ErasureError extends Error {
  constructor(
    message: string,
    readonly code: 'ERR_ERASE_NOT_FOUND' | 'ERR_ERASE_UNKNOWN_TABLE',
  ) {
    super(message);
    this.name = 'ErasureError';
  }
}

export interface EraseLearnerOptions {
  /** Only this tenant's credentials. Default: every tenant's. */
  tenantId?: string;
  /** Who erased, for the audit trail (e.g. "operator:alice" or a ticket number). */
  actor?: string;
  /** List what would be erased, change nothing. */
  dryRun?: boolean;
  /**
   * Rebuild the storage afterwards so no old row image survives anywhere in the files (SQLite VACUUM;
   * PostgreSQL VACUUM FULL of the tables touched). Blocks writes while it runs: for a quiet moment.
   */
  vacuum?: boolean;
  now?: () => Date;
}

export interface ErasedCredential {
  tenantId: string;
  id: string;
  certificateNumber: string;
  status: string;
  /** SHA-256 (hex) of the credential as issued (a vc+jwt: the compact JWT), kept in its place. */
  sha256: string;
}

export interface EraseLearnerResult {
  learnerId: string;
  pseudonym: string | null;
  credentials: ErasedCredential[];
  /** Rows deleted, by table. */
  deleted: Record<string, number>;
  dryRun: boolean;
}

type Json = Record<string, unknown>;

/**
 * What the learner's copy hashes to: the compact JWT itself for a vc+jwt, else
 * the credential as the service returned it (JSON.stringify, as stored).
 */
function fingerprintOf(stored: string): string {
  const value = JSON.parse(stored) as unknown;
  return createHash('sha256').update(typeof value === 'string' ? value : stored, 'utf8').digest('hex');
}

function payloadOf(stored: unknown): Json {
  if (typeof stored === 'string') return decodeJwtCredential(stored).credential;
  return stored as Json;
}

/** Every string that names the learner in a credential: to scrub from free text. */
function identifiersIn(credential: Json, learnerId: string, learnerName: string | null): string[] {
  const found = new Set<string>([learnerId]);
  if (learnerName) found.add(learnerName);
  const subject = [credential.credentialSubject].flat()[0] as Json | undefined;
  const visit = (value: unknown) => {
    if (typeof value === 'string' && value.trim().length >= 3) found.add(value.trim());
    else if (value && typeof value === 'object') for (const v of Object.values(value)) visit(v);
  };
  if (subject) {
    // The subject's own fields (names, e-mail, identifiers, date of birth), not the achievement it holds.
    for (const [key, value] of Object.entries(subject)) if (!['hasClaim', 'achievement', 'type', '@context'].includes(key)) visit(value);
  }
  return [...found].sort((a, b) => b.length - a.length);
}

function scrub(text: string | null, names: readonly string[], pseudonym: string): string | null {
  if (text === null) return null;
  let out = text;
  for (const name of names) out = out.split(name).join(pseudonym);
  return out;
}

export async function eraseLearner(store: Store, learnerId: string, options: EraseLearnerOptions = {}): Promise<EraseLearnerResult> {
  if (learnerId.trim() === '') throw new ErasureError('name the learner: their id, e-mail or identifier as stored', 'ERR_ERASE_NOT_FOUND');
  const ctx: StoreContext = { db: store.db, dialect: store.dialect, now: options.now ?? (() => new Date()) };
  const tables = await store.db.introspection.getTables();
  const unknown = tables
    .filter((t) => t.columns.some((c) => c.name === 'credential_id') && !KEPT.has(t.name) && !DELETED.includes(t.name))
    .map((t) => t.name);
  if (unknown.length > 0) {
    throw new ErasureError(
      `table(s) ${unknown.join(', ')} hold data of credentials and erase does not know whether it is personal: teach packages/issuer/src/privacy/erase-learner.ts before erasing anyone`,
      'ERR_ERASE_UNKNOWN_TABLE',
    );
  }
  const present = new Set(tables.map((t) => t.name));

  let query = store.db.selectFrom('credentials').selectAll().where('learner_id', '=', learnerId);
  if (options.tenantId) query = query.where('tenant_id', '=', options.tenantId);
  const rows = await query.orderBy('tenant_id').orderBy('created_at').execute();
  if (rows.length === 0) throw new ErasureError(`no credential of learner ${JSON.stringify(learnerId)}${options.tenantId ? ` at ${options.tenantId}` : ''}`, 'ERR_ERASE_NOT_FOUND');

  const credentials: ErasedCredential[] = rows.map((row) => ({
    tenantId: row.tenant_id,
    id: row.id,
    certificateNumber: row.certificate_number,
    status: row.status,
    sha256: fingerprintOf(row.credential),
  }));
  const deleted: Record<string, number> = {};
  if (options.dryRun) return { learnerId, pseudonym: null, credentials, deleted, dryRun: true };

  const pseudonym = `urn:microcred:erased:${randomUUID()}`;
  const at = ctx.now().toISOString();
  if (store.dialect === 'sqlite') await sql`pragma secure_delete = on`.execute(store.db);

  await inTransaction(ctx, async (tx) => {
    for (const [i, row] of rows.entries()) {
      const erased = credentials[i] as ErasedCredential;
      const credential = payloadOf(JSON.parse(row.credential));
      const names = identifiersIn(credential, learnerId, row.learner_name);
      const stub: Json = {
        id: row.id,
        ...(credential.type === undefined ? {} : { type: credential.type }),
        ...(credential.issuer === undefined ? {} : { issuer: credential.issuer }),
        ...(credential.validFrom === undefined ? {} : { validFrom: credential.validFrom }),
        ...(credential.validUntil === undefined ? {} : { validUntil: credential.validUntil }),
        ...(credential.credentialStatus === undefined ? {} : { credentialStatus: credential.credentialStatus }),
        erased: { at, sha256: erased.sha256 },
      };
      await tx.db
        .updateTable('credentials')
        .set({ learner_id: pseudonym, learner_name: null, learner_name_folded: null, credential: JSON.stringify(stub), claim_token_hash: null, updated_at: at })
        .where('tenant_id', '=', row.tenant_id)
        .where('id', '=', row.id)
        .execute();

      for (const table of DELETED.filter((t) => present.has(t))) {
        const result = await tx.db
          .deleteFrom(table as 'share_tokens')
          .where('tenant_id', '=', row.tenant_id)
          .where('credential_id', '=', row.id)
          .executeTakeFirst();
        deleted[table] = (deleted[table] ?? 0) + Number(result.numDeletedRows);
      }

      // Stored responses replayed for an Idempotency-Key: keep the answer, drop the credential in it.
      // Found by the item recorded under the key, or by the id in the text (a vc+jwt hides it in base64).
      const keys = (
        await tx.db.selectFrom('idempotent_items').select('idempotency_key').where('tenant_id', '=', row.tenant_id).where('credential_id', '=', row.id).execute()
      ).map((item) => item.idempotency_key);
      const responses = await tx.db
        .selectFrom('idempotency')
        .select(['key', 'response_body'])
        .where('tenant_id', '=', row.tenant_id)
        .where('response_body', 'is not', null)
        .where((eb) => eb.or([eb('response_body', 'like', `%${row.id}%`), ...(keys.length > 0 ? [eb('key', 'in', keys)] : [])]))
        .execute();
      for (const response of responses) {
        const body = JSON.parse(response.response_body as string) as Json;
        const redacted = JSON.stringify(redactCredential(body, row.id));
        await tx.db.updateTable('idempotency').set({ response_body: scrub(redacted, names, pseudonym) }).where('tenant_id', '=', row.tenant_id).where('key', '=', response.key).execute();
      }

      const trail = await tx.db
        .selectFrom('audit_log')
        .select(['id', 'reason', 'details'])
        .where('tenant_id', '=', row.tenant_id)
        .where('credential_id', '=', row.id)
        .execute();
      for (const entry of trail) {
        const reason = scrub(entry.reason, names, pseudonym);
        const details = scrub(entry.details, names, pseudonym);
        if (reason !== entry.reason || details !== entry.details) {
          await tx.db.updateTable('audit_log').set({ reason, details }).where('id', '=', entry.id).execute();
        }
      }
      await appendAudit(tx, row.tenant_id, {
        actor: options.actor ?? 'operator',
        action: 'erase',
        credentialId: row.id,
        reason: 'the learner\'s personal data was erased (GDPR Art. 17)',
        details: { pseudonym, sha256: erased.sha256 },
      });
    }
  });
  // The old page images: out of the WAL, into overwritten pages.
  if (store.dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(store.db);
  if (options.vacuum) {
    if (store.dialect === 'sqlite') {
      await sql`vacuum`.execute(store.db);
      await sql`pragma wal_checkpoint(truncate)`.execute(store.db);
    } else {
      const touched = ['credentials', 'audit_log', 'idempotency', ...DELETED.filter((t) => present.has(t))];
      await sql`vacuum full ${sql.join(touched.map((t) => sql.table(t)))}`.execute(store.db);
    }
  }
  return { learnerId, pseudonym, credentials, deleted, dryRun: false };
}

/**
 * The stored response without the credential itself: a single issuance and
 * the VC-API answer with it (as JSON, a compact JWT or a JWT envelope). A
 * batch answers with links only, which name nobody.
 */
function redactCredential(body: Json, id: string): Json {
  if (!('verifiableCredential' in body)) return body;
  const credential = body.verifiableCredential;
  const isOurs =
    body.id === id ||
    typeof credential === 'string' ||
    (credential !== null && typeof credential === 'object' && ((credential as Json).id === id || String((credential as Json).id).startsWith('data:application/vc+jwt,')));
  return isOurs ? { ...body, verifiableCredential: null } : body;
}
