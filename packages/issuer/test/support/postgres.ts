import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DEFAULT_PG_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export type PostgresProbe =
  | { available: true; serverUrl: string }
  | { available: false; reason: string };

/** The server's maintenance-database URL: MICROCRED_TEST_PG_URL, else the local default. */
export function postgresServerUrl(): string {
  return process.env.MICROCRED_TEST_PG_URL ?? DEFAULT_PG_SERVER_URL;
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Checks that PostgreSQL answers. Unreachable means "skip" on a developer
 * machine but "fail" in CI (CI=true), where a silently skipped database suite
 * would hide a broken PostgreSQL path.
 */
export async function probePostgres(): Promise<PostgresProbe> {
  const serverUrl = postgresServerUrl();
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return { available: true, serverUrl };
  } catch (error) {
    const reason =
      `PostgreSQL is not reachable at ${redact(serverUrl)} (${(error as Error).message}). ` +
      'Install and start PostgreSQL (e.g. `apt-get install postgresql` then ' +
      '`pg_ctlcluster --skip-systemctl-redirect 15 main start`) or set MICROCRED_TEST_PG_URL.';
    if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`);
    return { available: false, reason };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, uniquely named database so test files never see each other's rows. */
export async function createTestDatabase(serverUrl: string, label: string): Promise<TestDatabase> {
  const safeLabel = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 20);
  const name = `microcred_test_${safeLabel}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => dropDatabase(serverUrl, name),
  };
}

/**
 * pg's Pool#end resolves before its sockets have closed, so sessions can
 * linger for a moment after store.close(). Terminating them at once (WITH
 * FORCE) would surface as an unhandled "terminating connection" error in the
 * closing client, so wait for them to go; FORCE only ends sessions a failed
 * test really left open.
 */
async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      const { rows } = await client.query<{ n: string }>(
        'select count(*) as n from pg_stat_activity where datname = $1',
        [name],
      );
      if (rows[0]?.n === '0') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
