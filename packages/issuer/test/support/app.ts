import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import {
  createApp,
  createTenantToken,
  openStore,
  provisionTenant,
  silentLogger,
  type AppDeps,
  type Scope,
  type Store,
} from '../../src/index.ts';

export const PUBLIC_URL = 'https://certs.example.org';

/** A store on a fresh SQLite file in a temporary directory. */
export async function sqliteStore(options: { now?: () => Date } = {}): Promise<{ store: Store; dir: string; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'microcred-issuer-'));
  const store = await openStore({ file: join(dir, 'microcred.sqlite'), ...(options.now ? { now: options.now } : {}) });
  await store.migrate();
  return {
    store,
    dir,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestTenant {
  id: string;
  did: string;
  /** issue + manage */
  token: string;
  issueToken: string;
  manageToken: string;
}

export async function tenantWithTokens(
  store: Store,
  id: string,
  options: { publicUrl?: string; root?: boolean; did?: 'web' | 'key'; name?: string } = {},
): Promise<TestTenant> {
  const tenant = await provisionTenant(store, {
    id,
    name: options.name ?? `Tenant ${id}`,
    did: options.did ?? 'web',
    publicUrl: options.publicUrl ?? PUBLIC_URL,
    root: options.root ?? false,
  });
  const make = async (scopes: Scope[]) => (await createTenantToken(store, tenant.id, { scopes })).token;
  return {
    id: tenant.id,
    did: tenant.did as string,
    token: await make(['issue', 'manage']),
    issueToken: await make(['issue']),
    manageToken: await make(['manage']),
  };
}

export function testApp(store: Store, deps: Partial<AppDeps> = {}): Hono {
  return createApp({ store, publicUrl: PUBLIC_URL, logger: silentLogger, ...deps }) as unknown as Hono;
}

export interface Call {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** A request through app.request, JSON in and out. */
export async function call(
  app: Hono,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<Call> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !('content-type' in headers)) headers['content-type'] = 'application/json';
  const response = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}
