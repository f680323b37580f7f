/**
 * Private keys at rest: with MICROCRED_KEY_PASSPHRASE set, the keys table
 * holds only sealed envelopes (scrypt + AES-256-GCM), the service signs with
 * the opened keys, and no copy of the database (the file, its WAL, a backup)
 * holds a usable key. Without the passphrase, or with a wrong one, the
 * service refuses to start and says which setting to fix; a database made
 * before the passphrase was set is encrypted at the next start.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixture } from '@microcred/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backupSqlite,
  createLogger,
  createTenantToken,
  isSealedKey,
  KeyEncryptionError,
  provisionTenant,
  readSettings,
  startServer,
  type RunningServer,
} from '@microcred/issuer';

type Json = Record<string, any>;

const PASSPHRASE = 'correct horse battery staple, but longer';
const logs: string[] = [];
const logger = createLogger((line) => void logs.push(line));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'microcred-keys-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(dataDir: string, passphrase?: string): Promise<RunningServer> {
  return startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    settings: readSettings({ MICROCRED_RATE_LIMIT: '0', ...(passphrase === undefined ? {} : { MICROCRED_KEY_PASSPHRASE: passphrase }) }),
    logger,
    signingThreads: 1,
  });
}

async function issueAndVerify(server: RunningServer, token: string, format: 'di' | 'ecdsa' | 'jwt'): Promise<Json> {
  const issued = await fetch(`${server.url}/micro-credentials?format=${format}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(loadFixture('minimal')),
  });
  expect(issued.status).toBe(201);
  const body = (await issued.json()) as Json;
  const verified = await fetch(`${server.url}/credentials/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ verifiableCredential: body.verifiableCredential }),
  });
  const report = (await verified.json()) as Json;
  expect(report.report.verdict, JSON.stringify(report.errors)).toBe('valid');
  return body;
}

/** The secret parts of every key, opened through the store (which holds the passphrase). */
async function secrets(server: RunningServer): Promise<string[]> {
  const rows = await server.store.db.selectFrom('keys').select(['id', 'tenant_id']).execute();
  const out: string[] = [];
  for (const row of rows) {
    const key = await server.store.keys.get(row.tenant_id, row.id);
    out.push(JSON.parse(key?.privateKey as string).secretKeyMultibase as string);
  }
  return out;
}

function filesOf(dataDir: string): Buffer {
  return Buffer.concat(readdirSync(dataDir).map((name) => readFileSync(join(dataDir, name))));
}

describe('MICROCRED_KEY_PASSPHRASE', () => {
  it('stores only sealed keys, signs with them, and no copy of the database holds a usable key', async () => {
    const data = join(dir, 'sealed');
    const server = await start(data, PASSPHRASE);
    try {
      await provisionTenant(server.store, { id: 'sealed', name: 'Sealed Keys Academy', publicUrl: server.publicUrl });
      const { token } = await createTenantToken(server.store, 'sealed', { scopes: ['issue', 'manage'] });
      for (const format of ['di', 'ecdsa', 'jwt'] as const) await issueAndVerify(server, token, format);
      const rotated = await fetch(`${server.url}/tenants/current/keys/rotate`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(rotated.status).toBe(200);
      await issueAndVerify(server, token, 'di');

      const rows = await server.store.db.selectFrom('keys').select(['private_key']).execute();
      expect(rows.length).toBe(4);
      for (const row of rows) {
        expect(isSealedKey(row.private_key)).toBe(true);
        expect(JSON.parse(row.private_key)).toMatchObject({ sealed: 'scrypt+aes-256-gcm', kdf: { N: 32768, r: 8, p: 1 } });
      }
      const keys = await secrets(server);
      const backup = join(dir, 'sealed-backup.sqlite');
      await backupSqlite(join(data, 'microcred.sqlite'), backup);
      const copies = [filesOf(data), readFileSync(backup)];
      for (const secret of keys) {
        expect(secret).toMatch(/^z/);
        for (const copy of copies) expect(copy.includes(secret)).toBe(false);
        expect(logs.join('\n')).not.toContain(secret);
      }
      expect(logs.join('\n')).not.toContain(PASSPHRASE);
    } finally {
      await server.close();
    }
  });

  it('refuses to start without the passphrase or with a wrong one, and an envelope moved to another key does not open', async () => {
    const data = join(dir, 'sealed');
    const refusal = async (passphrase?: string) => {
      try {
        await (await start(data, passphrase)).close();
      } catch (error) {
        return error as KeyEncryptionError;
      }
      throw new Error('the service started');
    };
    const missing = await refusal();
    expect(missing).toBeInstanceOf(KeyEncryptionError);
    expect(missing.code).toBe('ERR_KEY_PASSPHRASE_REQUIRED');
    expect(missing.message).toMatch(/set MICROCRED_KEY_PASSPHRASE/);
    const wrong = await refusal('correct horse battery staple');
    expect(wrong.code).toBe('ERR_KEY_PASSPHRASE_WRONG');
    expect(wrong.message).not.toContain('correct horse');

    // Swap two envelopes: each is bound to its tenant and key id, so neither opens in the other's place.
    const server = await start(data, PASSPHRASE);
    try {
      const rows = await server.store.db.selectFrom('keys').select(['id', 'tenant_id', 'private_key']).where('status', '=', 'active').execute();
      const [first, second] = rows as [(typeof rows)[number], (typeof rows)[number]];
      await server.store.db.updateTable('keys').set({ private_key: second.private_key }).where('id', '=', first.id).execute();
      await expect(server.store.keys.get(first.tenant_id, first.id)).rejects.toMatchObject({ code: 'ERR_KEY_PASSPHRASE_WRONG' });
      await server.store.db.updateTable('keys').set({ private_key: first.private_key }).where('id', '=', first.id).execute();
    } finally {
      await server.close();
    }
  });

  it('encrypts the plain keys of an existing database at the first start with a passphrase; they sign on', async () => {
    const data = join(dir, 'upgrade');
    const plain = await start(data);
    let before: Json;
    let token: string;
    let plainSecrets: string[];
    try {
      await provisionTenant(plain.store, { id: 'upgrade', name: 'Upgrading Academy', did: 'key' });
      token = (await createTenantToken(plain.store, 'upgrade', { scopes: ['issue', 'manage'] })).token;
      before = await issueAndVerify(plain, token, 'di');
      plainSecrets = await secrets(plain);
    } finally {
      await plain.close();
    }
    logs.length = 0;
    const sealed = await start(data, PASSPHRASE);
    try {
      expect(logs.some((line) => /"message":"encrypted the private keys stored in plain text","keys":2/.test(line))).toBe(true);
      const after = await issueAndVerify(sealed, token, 'di');
      // The same key signs: one issuer, before and after.
      expect(after.verifiableCredential.proof.verificationMethod).toBe(before.verifiableCredential.proof.verificationMethod);
      expect(await secrets(sealed)).toEqual(plainSecrets);
      const rows = await sealed.store.db.selectFrom('keys').select(['private_key']).execute();
      expect(rows.every((row) => isSealedKey(row.private_key))).toBe(true);
      // SQLite keeps old page images until they are reused; what the table holds is what matters.
      for (const secret of plainSecrets) expect(JSON.stringify(rows)).not.toContain(secret);
    } finally {
      await sealed.close();
    }
  });
});
