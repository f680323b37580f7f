/**
 * Backup and restore, as an operator does them: `microcred backup FILE`
 * while the service runs and keeps issuing (SQLite's online backup; pg_dump
 * on PostgreSQL), then `microcred restore FILE` into an empty place, and the
 * service started on the restored database. Every credential in the backup
 * is then verified through the restored service, and every status reads as
 * it did: active ones valid, revoked ones revoked, suspended ones suspended;
 * the published lists agree with the database; nothing taken before the
 * backup is missing.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixture } from '@microcred/model';
import { afterAll, describe, expect, it } from 'vitest';
import { createTenantToken, provisionTenant, readSettings, silentLogger, startServer, type RunningServer } from '@microcred/issuer';
import { createTestDatabase, probePostgres, type TestDatabase } from '../packages/issuer/test/support/postgres.ts';
import { ROOT, serviceEnv } from './support/issuer-process.ts';
import { checkIndexes, checkPublishedLists } from './support/register-checks.ts';

type Json = Record<string, any>;

const TSX = join(ROOT, 'node_modules/.bin/tsx');
const BIN = join(ROOT, 'packages/cli/src/bin.ts');
const PUBLIC_URL = 'https://register.example.org';
const TENANT = 'kept';

const postgres = await probePostgres();
if (!postgres.available) console.warn(`backup and restore on PostgreSQL skipped: ${postgres.reason}`);
const pgDump = await new Promise<boolean>((done) => execFile('pg_dump', ['--version'], (error) => done(!error)));
if (postgres.available && !pgDump) {
  const reason = 'pg_dump is not installed (apt-get install postgresql-client)';
  if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`);
  console.warn(`backup and restore on PostgreSQL skipped: ${reason}`);
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function microcred(args: string[], settings: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(TSX, [BIN, ...args], { cwd: ROOT, env: serviceEnv(settings) }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

async function api(server: RunningServer, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

const input = (i: number) => ({ ...(loadFixture('minimal') as unknown as Json), learner: { givenName: 'Kept', familyName: `Learner ${i}`, email: `kept-${i}@example.org` } });

/** A register with every format, a batch, a VC-API credential, revocations and suspensions. */
async function fill(server: RunningServer): Promise<{ token: string; expected: Map<string, string> }> {
  await provisionTenant(server.store, { id: TENANT, name: 'Kept Register', publicUrl: PUBLIC_URL });
  const { token } = await createTenantToken(server.store, TENANT, { scopes: ['issue', 'manage'] });
  const batch = await api(server, token, 'POST', '/micro-credentials/batch', { items: Array.from({ length: 60 }, (_, i) => input(i)) });
  expect(batch.status).toBe(201);
  const ids: string[] = batch.body.items.map((item: Json) => item.id);
  for (const [i, format] of ['ecdsa', 'jwt', 'ecdsa', 'jwt', 'di'].entries()) {
    const one = await api(server, token, 'POST', `/micro-credentials?format=${format}`, input(100 + i));
    expect(one.status).toBe(201);
    ids.push(one.body.id);
  }
  const expected = new Map(ids.map((id) => [id, 'active']));
  for (const [i, id] of ids.entries()) {
    const action = i % 7 === 0 ? 'revoke' : i % 7 === 3 ? 'suspend' : undefined;
    if (!action) continue;
    expect((await api(server, token, 'POST', `/micro-credentials/${id.slice('urn:uuid:'.length)}/${action}`, { reason: 'backup test' })).status).toBe(200);
    expected.set(id, action === 'revoke' ? 'revoked' : 'suspended');
  }
  return { token, expected };
}

/** Every credential of the restored register, verified by the restored service: the verdict its status calls for. */
async function verifyAll(server: RunningServer, token: string, expected: Map<string, string>): Promise<Record<string, number>> {
  const tally: Record<string, number> = {};
  const rows = await server.store.db.selectFrom('credentials').select(['id', 'status']).where('tenant_id', '=', TENANT).execute();
  for (const row of rows) {
    const record = await api(server, token, 'GET', `/micro-credentials/${row.id.slice('urn:uuid:'.length)}`);
    expect(record.status).toBe(200);
    const answer = await fetch(`${server.url}/credentials/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifiableCredential: record.body.verifiableCredential }),
    });
    const report = ((await answer.json()) as Json).report as Json;
    const check = (name: string) => report.checks.find((c: Json) => c.check === name)?.status;
    expect(check('proof'), row.id).toBe('pass');
    const status = expected.get(row.id) ?? row.status;
    expect(row.status, row.id).toBe(status);
    if (status === 'active') expect(report.verdict, `${row.id}: ${JSON.stringify(report.checks)}`).toBe('valid');
    else {
      expect(report.verdict).toBe('invalid');
      expect(check(status === 'revoked' ? 'revocation' : 'suspension')).toBe('fail');
    }
    tally[status] = (tally[status] ?? 0) + 1;
  }
  return tally;
}

describe('microcred backup and restore on SQLite', () => {
  it('backs up while the service issues, restores into an empty place, and every credential verifies with its status', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'microcred-backup-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const source = join(dir, 'source');
    const server = await startServer({ host: '127.0.0.1', port: 0, dataDir: source, publicUrl: PUBLIC_URL, settings: readSettings({ MICROCRED_RATE_LIMIT: '0' }), logger: silentLogger, signingThreads: 1 });
    let token: string;
    let expected: Map<string, string>;
    let during = 0;
    try {
      ({ token, expected } = await fill(server));
      // Online: issuing goes on while the backup is taken.
      let running = true;
      const issuing = (async () => {
        for (let i = 0; running; i++) {
          if ((await api(server, token, 'POST', '/micro-credentials', input(1000 + i))).status === 201) during++;
        }
      })();
      const backup = await microcred(['backup', join(dir, 'register.backup')], { MICROCRED_DATA_DIR: source });
      running = false;
      await issuing;
      expect(backup.code, backup.stderr).toBe(0);
      expect(JSON.parse(backup.stdout)).toMatchObject({ database: 'sqlite', file: join(dir, 'register.backup') });
      expect(JSON.parse(backup.stdout).credentials).toBeGreaterThanOrEqual(expected.size);
      // A backup never overwrites.
      expect((await microcred(['backup', join(dir, 'register.backup')], { MICROCRED_DATA_DIR: source })).code).toBe(1);
    } finally {
      await server.close();
    }

    const target = join(dir, 'restored');
    const restore = await microcred(['restore', join(dir, 'register.backup')], { MICROCRED_DATA_DIR: target });
    expect(restore.code, restore.stderr).toBe(0);
    const restored = await startServer({ host: '127.0.0.1', port: 0, dataDir: target, publicUrl: PUBLIC_URL, settings: readSettings({ MICROCRED_RATE_LIMIT: '0' }), logger: silentLogger, signingThreads: 1 });
    try {
      const facts = await checkIndexes(restored.store, TENANT);
      // Everything taken before the backup started is there; what was issued during it may be, whole.
      for (const id of expected.keys()) expect(facts.status.has(id), id).toBe(true);
      expect(facts.credentials).toBeGreaterThanOrEqual(expected.size);
      expect(facts.credentials).toBeLessThanOrEqual(expected.size + during);
      await checkPublishedLists(restored.url, restored.store, TENANT, facts.status);
      const tally = await verifyAll(restored, token, expected);
      expect(tally.revoked).toBeGreaterThan(0);
      expect(tally.suspended).toBeGreaterThan(0);
      // The restored service keeps working: it issues, with indexes no one has.
      expect((await api(restored, token, 'POST', '/micro-credentials', input(9999))).status).toBe(201);
      await checkIndexes(restored.store, TENANT);
      console.info(`backup/restore on SQLite: ${facts.credentials} credentials restored (${during} issued while the backup ran), all verified: ${JSON.stringify(tally)}`);
    } finally {
      await restored.close();
    }

    // Restoring over a database needs --force, and keeps the one it replaces.
    expect((await microcred(['restore', join(dir, 'register.backup')], { MICROCRED_DATA_DIR: target })).code).toBe(1);
    const forced = await microcred(['restore', join(dir, 'register.backup'), '--force'], { MICROCRED_DATA_DIR: target });
    expect(forced.code, forced.stderr).toBe(0);
    expect(existsSync(JSON.parse(forced.stdout).previous)).toBe(true);
    expect(readdirSync(target).some((name) => name.includes('before-restore'))).toBe(true);
    // Not a database: refused, nothing replaced.
    expect((await microcred(['restore', join(ROOT, 'package.json'), '--force'], { MICROCRED_DATA_DIR: target })).code).toBe(1);
  });
});

describe('microcred backup and restore on PostgreSQL (pg_dump, pg_restore)', () => {
  it.skipIf(!postgres.available || !pgDump)('restores a dump into an empty database, and every credential verifies with its status', { timeout: 120_000 }, async () => {
    const serverUrl = (postgres as { serverUrl: string }).serverUrl;
    const from: TestDatabase = await createTestDatabase(serverUrl, 'backup-from');
    cleanups.push(() => from.drop());
    const to: TestDatabase = await createTestDatabase(serverUrl, 'backup-to');
    cleanups.push(() => to.drop());
    const dir = mkdtempSync(join(tmpdir(), 'microcred-pgdump-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

    const server = await startServer({ host: '127.0.0.1', port: 0, databaseUrl: from.url, publicUrl: PUBLIC_URL, settings: readSettings({ MICROCRED_RATE_LIMIT: '0' }), logger: silentLogger, signingThreads: 1 });
    let token: string;
    let expected: Map<string, string>;
    try {
      ({ token, expected } = await fill(server));
      const backup = await microcred(['backup', join(dir, 'register.dump')], { DATABASE_URL: from.url });
      expect(backup.code, backup.stderr).toBe(0);
      expect(JSON.parse(backup.stdout).database).toBe('postgres');
    } finally {
      await server.close();
    }
    const restore = await microcred(['restore', join(dir, 'register.dump')], { DATABASE_URL: to.url });
    expect(restore.code, restore.stderr).toBe(0);
    const restored = await startServer({ host: '127.0.0.1', port: 0, databaseUrl: to.url, publicUrl: PUBLIC_URL, settings: readSettings({ MICROCRED_RATE_LIMIT: '0' }), logger: silentLogger, signingThreads: 1 });
    try {
      const facts = await checkIndexes(restored.store, TENANT);
      expect(facts.credentials).toBe(expected.size);
      await checkPublishedLists(restored.url, restored.store, TENANT, facts.status);
      const tally = await verifyAll(restored, token, expected);
      // The audit trail's ids go on from where they were (the sequence came along).
      expect((await api(restored, token, 'POST', '/micro-credentials', input(9999))).status).toBe(201);
      console.info(`backup/restore on PostgreSQL: ${facts.credentials} credentials restored, all verified: ${JSON.stringify(tally)}`);
    } finally {
      await restored.close();
    }
  });
});
