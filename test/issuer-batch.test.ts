/**
 * A whole cohort in one request, over HTTP, on SQLite: 10,000 credentials,
 * each with its own status indexes, or none at all when one item is wrong.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixture } from '@microcred/model';
import { verifySecuredCredential } from '@microcred/securing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantToken, provisionTenant, readSettings, silentLogger, startServer, type RunningServer } from '@microcred/issuer';

type Json = Record<string, any>;

const COHORT = 10_000;

describe('POST /micro-credentials/batch on SQLite', () => {
  let dir: string;
  let server: RunningServer;
  let token: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'microcred-batch-'));
    server = await startServer({ host: '127.0.0.1', port: 0, dataDir: dir, settings: readSettings({}), logger: silentLogger });
    const tenant = await provisionTenant(server.store, { id: 'cohorts', name: 'Cohort Academy', did: 'key' });
    token = (await createTenantToken(server.store, tenant.id, { scopes: ['issue'] })).token;
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const items = (): Json[] => {
    const base = loadFixture('minimal') as unknown as Json;
    return Array.from({ length: COHORT }, (_, i) => ({
      ...base,
      learner: { givenName: 'Learner', familyName: `Number ${i}`, email: `learner${i}@example.org` },
      grade: i % 2 ? 'Pass' : 'Merit',
    }));
  };

  const post = (body: unknown) =>
    fetch(`${server.url}/micro-credentials/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  const count = async (table: 'credentials' | 'status_entries') =>
    Number((await server.store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses 10,000 items when item 7,000 is invalid, naming it, and issues nothing', async () => {
    const cohort = items();
    delete cohort[7_000]!.title;
    cohort[7_000]!.learner = { givenName: 'Ada' };
    const response = await post({ items: cohort });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as Json;
    expect(problem.errors.map((e: Json) => e.path)).toEqual(['[7000].learner.familyName', '[7000].title']);
    expect(problem.detail).toBe('1 of 10000 items is not valid; nothing was issued.');
    expect(await count('credentials')).toBe(0);
    expect(await count('status_entries')).toBe(0);
  });

  it('issues 10,000 credentials in one call, every status index unique', async () => {
    const started = performance.now();
    const response = await post({ items: items() });
    const seconds = (performance.now() - started) / 1000;
    expect(response.status).toBe(201);
    const body = (await response.json()) as Json;
    console.info(`issued ${COHORT} credentials in ${seconds.toFixed(1)} s (${((seconds * 1000) / COHORT).toFixed(2)} ms each)`);
    expect(body.count).toBe(COHORT);
    expect(new Set(body.items.map((i: Json) => i.id)).size).toBe(COHORT);
    expect(new Set(body.items.map((i: Json) => i.certificateNumber)).size).toBe(COHORT);
    expect(await count('credentials')).toBe(COHORT);

    // Two entries per credential, and no (list, index) twice: per list, as many distinct indexes as entries.
    const perList = await server.store.db
      .selectFrom('status_entries')
      .select((eb) => ['list_id', eb.fn.countAll().as('entries'), eb.fn.count('status_index').distinct().as('indexes')])
      .where('credential_id', 'is not', null)
      .groupBy('list_id')
      .execute();
    expect(perList).toHaveLength(2);
    for (const list of perList) expect(Number(list.indexes)).toBe(Number(list.entries));
    expect(perList.reduce((n, list) => n + Number(list.entries), 0)).toBe(2 * COHORT);
    const purposes = await server.store.db
      .selectFrom('status_entries as e')
      .innerJoin('status_lists as l', 'l.id', 'e.list_id')
      .select((eb) => ['l.purpose', eb.fn.count('e.credential_id').distinct().as('credentials')])
      .groupBy('l.purpose')
      .execute();
    expect(Object.fromEntries(purposes.map((p) => [p.purpose, Number(p.credentials)]))).toEqual({ revocation: COHORT, suspension: COHORT });

    // Spot checks: what the signed credential says matches what the database allocated.
    for (const index of [0, 4_999, 9_999]) {
      const item = body.items[index];
      const record = (await (await fetch(item.links.self, { headers: { authorization: `Bearer ${token}` } })).json()) as Json;
      expect(record.learner.name).toBe(`Learner Number ${index}`);
      expect((await verifySecuredCredential(record.verifiableCredential)).verified).toBe(true);
      const stored = await server.store.credentials.get('cohorts', item.id);
      expect(record.statusEntries.map((e: Json) => Number(e.statusListIndex)).sort()).toEqual(
        stored?.statusEntries.map((e) => e.index).sort(),
      );
    }
  });
});
