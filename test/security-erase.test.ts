/**
 * `microcred erase --learner ID` (GDPR Art. 17) on a running register: the
 * learner's name, e-mail, date of birth, grade and every copy of their
 * credentials leave the database, while what everyone else relies on stays:
 * each credential's id, certificate number, status and status entries (the
 * published lists do not change by one bit), and the audit trail, with the
 * learner replaced by a pseudonym. The copy the learner holds still verifies,
 * revocations included, and still matches its record by hash.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixture } from '@microcred/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantToken, provisionTenant, readSettings, silentLogger, startServer, type RunningServer } from '@microcred/issuer';
import { ROOT, serviceEnv } from './support/issuer-process.ts';
import { checkIndexes, checkPublishedLists } from './support/register-checks.ts';

type Json = Record<string, any>;

const TSX = join(ROOT, 'node_modules/.bin/tsx');
const BIN = join(ROOT, 'packages/cli/src/bin.ts');

const LEARNER = { givenName: 'Zofia', familyName: 'Wiśniewska-Qvortrup', email: 'zofia.qvortrup@example.pl', dateOfBirth: '1994-03-17' };
const OTHER = { givenName: 'Eero', familyName: 'Virtanen', email: 'eero@example.fi' };

let dir: string;
let server: RunningServer;
let token: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'microcred-erase-'));
  server = await startServer({ host: '127.0.0.1', port: 0, dataDir: dir, settings: readSettings({ MICROCRED_RATE_LIMIT: '0' }), logger: silentLogger, signingThreads: 0 });
  // did:web: one DID for both key types, so its status lists speak for its ecdsa credentials too.
  await provisionTenant(server.store, { id: 'academy', name: 'Erasure Academy', publicUrl: server.publicUrl });
  token = (await createTenantToken(server.store, 'academy', { scopes: ['issue', 'manage'] })).token;
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}

function microcred(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(TSX, [BIN, ...args], { cwd: ROOT, env: serviceEnv({ MICROCRED_DATA_DIR: dir }) }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

async function dump(): Promise<string> {
  const parts: string[] = [];
  for (const table of await server.store.db.introspection.getTables()) {
    parts.push(JSON.stringify(await server.store.db.selectFrom(table.name as 'keys').selectAll().execute()));
  }
  return parts.join('\n');
}

describe('microcred erase --learner', () => {
  it("removes a learner's personal data and keeps every credential's status, entries and audit trail, pseudonymised", { timeout: 60_000 }, async () => {
    const input = { ...(loadFixture('minimal') as unknown as Json), grade: 'Distinction' };
    const held: Json[] = [];
    for (const [i, format] of (['di', 'jwt', 'ecdsa'] as const).entries()) {
      const issued = await api('POST', `/micro-credentials?format=${format}`, { ...input, learner: LEARNER }, { 'idempotency-key': `zofia-${i}` });
      expect(issued.status).toBe(201);
      held.push(issued.body);
    }
    const other = (await api('POST', '/micro-credentials', { ...input, learner: OTHER })).body;
    const [revoked, suspended] = held as [Json, Json];
    expect((await api('POST', `/micro-credentials/${revoked.id}/revoke`, { reason: `Exam fraud by ${LEARNER.givenName} ${LEARNER.familyName} (${LEARNER.email})` })).status).toBe(200);
    expect((await api('POST', `/micro-credentials/${suspended.id}/suspend`, { reason: 'Pending review' })).status).toBe(200);
    const shared = await api('POST', `/micro-credentials/${suspended.id}/share-links`, { label: `for ${LEARNER.givenName}'s new employer` });
    const listsBefore = await publishedLists();
    const before = await dump();
    expect(before).toContain(LEARNER.familyName);

    // A dry run first: nothing changes.
    const dry = await microcred(['erase', '--learner', LEARNER.email]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, pseudonym: null });
    expect(await dump()).toBe(before);

    const run = await microcred(['erase', '--learner', LEARNER.email, '--actor', 'ticket DPO-2026-117', '--yes']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Json;
    expect(result.credentials.map((c: Json) => c.id).sort()).toEqual(held.map((c) => c.id).sort());
    expect(result.pseudonym).toMatch(/^urn:microcred:erased:[0-9a-f-]{36}$/);
    if (shared.status === 201) expect(result.deleted.share_tokens).toBeGreaterThanOrEqual(1);

    // Nothing that names her is left anywhere in the database (the files included, WAL and all).
    const after = await dump();
    const files = Buffer.concat(readdirSync(dir).filter((f) => f.startsWith('microcred.sqlite')).map((f) => readFileSync(join(dir, f)))).toString('latin1');
    for (const trace of [LEARNER.familyName, LEARNER.email, LEARNER.dateOfBirth, 'Zofia']) {
      expect(after, trace).not.toContain(trace);
    }
    for (const trace of [Buffer.from(LEARNER.email).toString('latin1'), Buffer.from(LEARNER.familyName).toString('latin1')]) expect(files.includes(trace), trace).toBe(false);
    // The other learner is untouched.
    expect(after).toContain(OTHER.familyName);
    expect((await api('GET', `/micro-credentials/${other.id.slice('urn:uuid:'.length)}`)).body.learner.name).toBe('Eero Virtanen');

    // What stays: ids, certificate numbers, statuses, entries, the lists bit for bit, the audit trail.
    const facts = await checkIndexes(server.store, 'academy');
    await checkPublishedLists(server.url, server.store, 'academy', facts.status);
    expect(await publishedLists()).toEqual(listsBefore);
    for (const credential of held) {
      const record = await api('GET', `/micro-credentials/${credential.id.slice('urn:uuid:'.length)}`);
      expect(record.status).toBe(200);
      expect(record.body.certificateNumber).toBe(credential.certificateNumber);
      expect(record.body.learner).toEqual({ id: result.pseudonym, name: null });
      expect(record.body.statusEntries).toHaveLength(2);
      const stored = await server.store.db.selectFrom('credentials').select('credential').where('id', '=', credential.id).executeTakeFirstOrThrow();
      const stub = JSON.parse(stored.credential) as Json;
      expect(stub.credentialSubject).toBeUndefined();
      // The hash of the credential as issued (the compact JWT itself for vc+jwt): matches what the learner holds.
      const vc = credential.verifiableCredential;
      const issuedText = typeof vc === 'string' ? vc : JSON.stringify(vc);
      expect(stub.erased.sha256).toBe(createHash('sha256').update(issuedText).digest('hex'));
      const register = await fetch(`${server.url}/register/${credential.certificateNumber}`);
      expect(((await register.json()) as Json).status).toBe(credential === revoked ? 'withdrawn' : credential === suspended ? 'suspended' : 'valid');
      const nameCheck = (await (await fetch(`${server.url}/register/${credential.certificateNumber}?name=${encodeURIComponent(`${LEARNER.givenName} ${LEARNER.familyName}`)}`)).json()) as Json;
      expect(nameCheck.nameMatches).toBe(false);
      const audit = await api('GET', `/micro-credentials/${credential.id.slice('urn:uuid:'.length)}/audit`);
      expect(audit.body.items.at(-1)).toMatchObject({ action: 'erase', actor: 'ticket DPO-2026-117' });
      expect(audit.body.items[0].action).toBe('issue');
    }
    const revokedTrail = (await api('GET', `/micro-credentials/${revoked.id.slice('urn:uuid:'.length)}/audit`)).body.items;
    expect(revokedTrail.map((e: Json) => e.action)).toEqual(['issue', 'revoke', 'erase']);
    expect(revokedTrail[1].reason).toBe(`Exam fraud by ${result.pseudonym} (${result.pseudonym})`);

    // Her own copies still verify against the register: valid, withdrawn, suspended.
    const verdicts = [];
    for (const credential of held) {
      const report = (await (await fetch(`${server.url}/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifiableCredential: credential.verifiableCredential }) })).json()) as Json;
      verdicts.push(report.report.verdict);
    }
    expect(verdicts).toEqual(['invalid', 'invalid', 'valid']);
    // The replay of an idempotent issuance no longer carries her credential.
    const replay = await api('POST', '/micro-credentials?format=ecdsa', { ...input, learner: LEARNER }, { 'idempotency-key': 'zofia-2' });
    expect(replay.body.verifiableCredential).toBeNull();
    expect(JSON.stringify(replay.body)).not.toContain(LEARNER.familyName);

    // Asking again finds nobody.
    const again = await microcred(['erase', '--learner', LEARNER.email, '--yes']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no credential of learner/);
  });
});

async function publishedLists(): Promise<string[]> {
  const lists = await server.store.listStatusLists('academy');
  const out: string[] = [];
  for (const list of lists) {
    const body = (await (await fetch(`${server.url}/status-lists/${list.id}`)).json()) as Json;
    out.push(`${list.id}:${body.credentialSubject.encodedList}`);
  }
  return out.sort();
}
