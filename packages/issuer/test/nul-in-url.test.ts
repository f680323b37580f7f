/**
 * A NUL character in an address (%00): no identifier, token or query value the service knows holds one,
 * and PostgreSQL refuses one in a text parameter with an error rather than finding nothing, which used to
 * surface as a 500 on the public status list, DID and register routes. Every such address is a 400
 * problem, on both databases, before any route reads it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/index.ts';
import { testApp } from './support/app.ts';
import { createTestDatabase, probePostgres, type TestDatabase } from './support/postgres.ts';

const postgres = await probePostgres();

const ADDRESSES = [
  '/status-lists/a%00b',
  '/status-lists/a%00b/p-256',
  '/tenants/a%00b/did.json',
  '/register/a%00b',
  '/register/C-1?name=a%00b',
  '/micro-credentials/a%00b',
  '/v/a%00b',
];

function checks(open: () => Promise<{ store: Store; dispose(): Promise<void> }>) {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => ({ store, dispose } = await open()));
  afterAll(async () => {
    await store.close();
    await dispose();
  });

  it.each(ADDRESSES)('GET %s is a 400 problem, not a 500', async (address) => {
    const response = await testApp(store).request(address);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { detail: string }).detail).toMatch(/NUL/);
  });
}

describe('on SQLite', () => {
  checks(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'microcred-nul-'));
    return { store: await openStore({ file: join(dir, 'db.sqlite') }), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  });
});

if (postgres.available) {
  describe('on PostgreSQL', () => {
    let database: TestDatabase;
    checks(async () => {
      database = await createTestDatabase(postgres.serverUrl, 'nul_in_url');
      return { store: await openStore({ url: database.url }), dispose: () => database.drop() };
    });
  });
} else {
  describe('on PostgreSQL', () => {
    it.skip(`skipped: ${postgres.reason}`, () => {});
  });
}
