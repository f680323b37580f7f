/**
 * No one where they don't belong: every operation of /openapi.json walked
 * with no token, the wrong scope and another tenant's token; tokens stored
 * hashed and compared in constant time; the public endpoints rate-limited
 * (429 with Retry-After); body limits; a strict CSP on pages; and no private
 * key in anything the service wrote while this file ran: logs, response
 * bodies and headers, every table but `keys`.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadFixture } from '@microcred/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApp,
  createLogger,
  createTenantToken,
  inProcessSigner,
  PROBLEM_BASE,
  provisionTenant,
  readSettings,
  startServer,
  type CredentialSigner,
  type Store,
} from '@microcred/issuer';
import { rateLimiter } from '../packages/issuer/src/security/rate-limit.ts';
import { PUBLIC_URL, sqliteStore, tenantWithTokens, type TestTenant } from '../packages/issuer/test/support/app.ts';

type Json = Record<string, any>;
type Hono = ReturnType<typeof createApp>;

const ROOT = resolve(import.meta.dirname, '..');

/** Everything the service said during this file: scanned for key material at the end. */
const written: string[] = [];
const logger = createLogger((line) => void written.push(line));

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

async function send(app: Hono, method: string, path: string, options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const response = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  written.push(text, JSON.stringify([...response.headers]));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

function expectProblem(answer: Answer, status: number, slug?: string, context = ''): void {
  expect(answer.status, `${context} ${answer.text.slice(0, 300)}`).toBe(status);
  expect(answer.headers.get('content-type'), context).toBe('application/problem+json');
  if (slug) expect(answer.body.type, context).toBe(`${PROBLEM_BASE}${slug}`);
}

async function rowCounts(store: Store): Promise<Record<string, number>> {
  const tables = await tableNames(store);
  const counts: Record<string, number> = {};
  for (const table of tables) {
    counts[table] = Number((await store.db.selectFrom(table as 'keys').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  }
  return counts;
}

async function tableNames(store: Store): Promise<string[]> {
  return (await store.db.introspection.getTables()).map((table) => table.name);
}

const fixture = () => loadFixture('minimal') as unknown as Json;
const specification = (id: string) => {
  const { learner: _l, issued: _i, ...rest } = fixture();
  return { id, ...rest };
};

let store: Store;
let dispose: () => Promise<void>;
let app: Hono;
let acme: TestTenant;
let other: TestTenant;
/** What acme owns, by what the other tenant would need to name it. */
let mine: { uuid: string; id: string; certificateNumber: string; shareToken: string; batchKey: string; listId: string };

/** A signer that fails with the kind of error a careless library throws: one that quotes the key. */
let failNextSigning = false;
function leakySigner(): CredentialSigner {
  const inner = inProcessSigner();
  return {
    async sign(request) {
      if (failNextSigning) {
        failNextSigning = false;
        throw new Error(`cannot sign with key file ${request.keyFile}`);
      }
      return inner.sign(request);
    },
    close: () => inner.close(),
  };
}

beforeAll(async () => {
  ({ store, dispose } = await sqliteStore());
  acme = await tenantWithTokens(store, 'acme', { name: 'ACME Certification' });
  other = await tenantWithTokens(store, 'other');
  app = createApp({ store, publicUrl: PUBLIC_URL, logger, signer: leakySigner() });
  const spec = await send(app, 'POST', '/specifications', { token: acme.token, body: specification('acme-spec') });
  expect(spec.status).toBe(201);
  const issued = await send(app, 'POST', '/micro-credentials', { token: acme.token, body: fixture(), headers: { 'idempotency-key': 'acme-batch-key' } });
  expect(issued.status).toBe(201);
  const id = issued.body.id as string;
  mine = {
    uuid: id.slice('urn:uuid:'.length),
    id,
    certificateNumber: issued.body.certificateNumber,
    shareToken: (issued.body.links.share as string).split('/').pop() as string,
    batchKey: 'acme-batch-key',
    listId: (issued.body.verifiableCredential.credentialStatus[0].statusListCredential as string).split('/').pop() as string,
  };
});

afterAll(async () => {
  await dispose?.();
});

interface Operation {
  method: string;
  template: string;
  path: string;
  scopes: string[] | 'public';
}

async function operations(): Promise<Operation[]> {
  const document = (await send(app, 'GET', '/openapi.json')).body as Json;
  const ops: Operation[] = [];
  for (const [template, methods] of Object.entries(document.paths as Record<string, Json>)) {
    for (const [method, op] of Object.entries(methods)) {
      const scopes = Array.isArray(op['x-scopes']) ? (op['x-scopes'] as string[]) : 'public';
      // A parameter the document enumerates (a rendition name, …) takes its first value.
      const known: Record<string, string> = {};
      for (const parameter of (op.parameters ?? []) as Json[]) {
        const value = parameter.schema?.enum?.[0] ?? parameter.example;
        if (parameter.in === 'path' && value !== undefined) known[parameter.name] = String(value);
      }
      ops.push({ method: method.toUpperCase(), template, path: fill(template, known), scopes });
    }
  }
  return ops;
}

/** A path that names acme's things, so another tenant's token has something to reach for. */
function fill(template: string, known: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string, offset: number) => {
    const before = template.slice(0, offset);
    if (known[name] !== undefined) return known[name] as string;
    if (before.endsWith('/batch/')) return mine.batchKey;
    if (before.startsWith('/specifications')) return name === 'version' ? '1' : 'acme-spec';
    if (before.startsWith('/status-lists')) return mine.listId;
    if (before.startsWith('/tenants/')) return 'acme';
    if (before.startsWith('/register/')) return mine.certificateNumber;
    if (name === 'id' || name === 'credentialId') return mine.uuid;
    if (/token/i.test(name)) return mine.shareToken;
    return mine.uuid;
  });
}

/** A body that would succeed for acme, so that a refusal is about who asks, not what they send. */
function bodyFor(op: Operation): unknown {
  const key = `${op.method} ${op.template}`;
  if (/^(POST|PUT) \/specifications\/\{id\}$/.test(key)) return specification('acme-spec');
  if (key === 'POST /specifications') return specification(`spec-${Math.random().toString(36).slice(2)}`);
  if (key === 'POST /micro-credentials') return fixture();
  if (key === 'POST /micro-credentials/batch') return { items: [fixture()] };
  if (/\/(revoke|suspend|reinstate)$/.test(op.template)) return { reason: 'checking who may do this' };
  if (key === 'POST /credentials/status') return { credentialId: mine.id, credentialStatus: [{ type: 'BitstringStatusListEntry', status: 'revoked' }] };
  if (key === 'POST /credentials/issue') {
    return { credential: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:someone' } } };
  }
  return {};
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('who may do what, for every operation in /openapi.json', () => {
  it('refuses every authenticated operation without a token (401), with the wrong scope (403), and a public write writes nothing', async () => {
    const ops = await operations();
    expect(ops.length).toBeGreaterThan(20);
    const authenticated = ops.filter((op) => op.scopes !== 'public');
    expect(authenticated.filter((op) => WRITES.has(op.method)).length).toBeGreaterThanOrEqual(12);
    for (const op of authenticated) {
      const context = `${op.method} ${op.template}`;
      const body = WRITES.has(op.method) ? bodyFor(op) : undefined;
      const none = await send(app, op.method, op.path, { body });
      expectProblem(none, 401, 'unauthorized', context);
      expect(none.headers.get('www-authenticate'), context).toMatch(/^Bearer/);
      const bogus = await send(app, op.method, op.path, { body, token: `${acme.token.slice(0, -1)}${acme.token.endsWith('A') ? 'B' : 'A'}` });
      expectProblem(bogus, 401, 'unauthorized', `${context} (a token off by one character)`);
      const scopes = op.scopes as string[];
      if (scopes.length === 1) {
        const wrong = scopes[0] === 'issue' ? acme.manageToken : acme.issueToken;
        expectProblem(await send(app, op.method, op.path, { body, token: wrong }), 403, 'forbidden', context);
      }
    }
    // Every write is either scoped or public. A public one called by anyone stores nothing (the verifiers),
    // or, where a protocol makes it answer strangers (an OID4VCI nonce), sits behind the rate limiter.
    let clock = 0;
    const limited = createApp({ store, publicUrl: PUBLIC_URL, logger, publicLimiter: rateLimiter({ perMinute: 3, trustedProxies: 1, now: () => clock }) });
    const storing: string[] = [];
    for (const [n, op] of ops.filter((o) => o.scopes === 'public' && WRITES.has(o.method)).entries()) {
      const context = `${op.method} ${op.template}`;
      const before = await rowCounts(store);
      const answer = await send(app, op.method, op.path, { body: bodyFor(op) });
      expect(answer.status, context).toBeLessThan(500);
      if (JSON.stringify(await rowCounts(store)) === JSON.stringify(before)) continue;
      storing.push(context);
      const client = { 'x-forwarded-for': `203.0.113.${100 + n}` };
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await send(limited, op.method, op.path, { body: bodyFor(op), headers: client })).status);
      expect(statuses.slice(0, 3), context).not.toContain(429);
      expect(statuses[3], `${context} stores what anyone sends, so it must be rate-limited`).toBe(429);
      clock += 60_000;
    }
    expect(storing.length, `public operations that store: ${storing.join(', ')}`).toBeLessThanOrEqual(2);
  });

  it("gives another tenant's token nothing of acme's on any operation: 404 for acme's things, its own data otherwise", async () => {
    const ops = await operations();
    const acmeBefore = await acmeState();
    const secrets = [mine.id, mine.uuid, mine.certificateNumber, mine.shareToken, acme.did];
    let reached = 0;
    for (const op of ops.filter((o) => o.scopes !== 'public')) {
      const context = `${op.method} ${op.template} with the other tenant's token`;
      const answer = await send(app, op.method, op.path, { token: other.token, body: WRITES.has(op.method) ? bodyFor(op) : undefined });
      expect(answer.status, `${context}: ${answer.text.slice(0, 200)}`).toBeLessThan(500);
      const namesAcme = op.path !== op.template;
      if (namesAcme && !op.template.startsWith('/specifications/{id}')) {
        expectProblem(answer, 404, 'not-found', context);
        reached++;
      } else if (op.template.startsWith('/specifications/{id}')) {
        // Specification ids are service-wide (their IRIs name no tenant), but another tenant's is still not found.
        expectProblem(answer, 404, 'not-found', context);
        reached++;
      } else if (op.template === '/credentials/status') {
        expectProblem(answer, 404, 'not-found', context);
        reached++;
      } else {
        for (const secret of secrets) expect(answer.text, context).not.toContain(secret);
      }
    }
    expect(reached).toBeGreaterThanOrEqual(14);
    expect(await acmeState()).toEqual(acmeBefore);
  });
});

async function acmeState() {
  const rows = async (table: 'credentials' | 'audit_log' | 'specifications' | 'keys' | 'share_tokens' | 'status_lists') =>
    JSON.stringify(await store.db.selectFrom(table).selectAll().where('tenant_id', '=', 'acme').execute());
  return {
    credentials: await rows('credentials'),
    audit: await rows('audit_log'),
    specifications: await rows('specifications'),
    keys: await rows('keys'),
    shares: await rows('share_tokens'),
    lists: await rows('status_lists'),
  };
}

describe('API tokens', () => {
  it('stores only the SHA-256 of a token, finds it by that hash and compares in constant time', async () => {
    const { token, record } = await createTenantToken(store, 'acme', { scopes: ['issue'], label: 'hash check' });
    const row = await store.db.selectFrom('api_tokens').selectAll().where('id', '=', record.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(token, 'utf8').digest('hex'));
    for (const table of await tableNames(store)) {
      const dump = JSON.stringify(await store.db.selectFrom(table as 'keys').selectAll().execute());
      expect(dump, table).not.toContain(token);
    }
    expect((await send(app, 'GET', '/tenants/current', { token })).status).toBe(200);
    // The stored hash is no credential, and a revoked token opens nothing.
    expectProblem(await send(app, 'GET', '/tenants/current', { token: row.token_hash }), 401, 'unauthorized');
    await store.apiTokens.revoke('acme', record.id);
    expectProblem(await send(app, 'GET', '/tenants/current', { token }), 401, 'unauthorized');
    // How: the secret is never compared as a string; its hash is looked up, then compared with timingSafeEqual.
    const auth = readFileSync(join(ROOT, 'packages/issuer/src/auth.ts'), 'utf8');
    expect(auth).toMatch(/findByHash\(presented\.toString\('hex'\)\)/);
    expect(auth).toMatch(/timingSafeEqual\(presented, Buffer\.from\(token\.tokenHash, 'hex'\)\)/);
    expect(auth).not.toMatch(/tokenHash\s*===|===\s*token\.tokenHash/);
  });
});

describe('rate limits on the public endpoints', () => {
  const PUBLIC = ['GET /v/some-share-token', 'POST /verify', 'GET /register/ACME-0000', 'POST /credentials/verify', 'POST /presentations/verify', 'GET /status-lists/none', 'GET /.well-known/did.json'];

  it('answers the request over the limit with 429 and Retry-After, per client, and again once the client waited', async () => {
    let clock = 0;
    const limited = createApp({
      store,
      publicUrl: PUBLIC_URL,
      logger,
      publicLimiter: rateLimiter({ perMinute: 5, trustedProxies: 1, now: () => clock }),
    });
    for (const [n, route] of PUBLIC.entries()) {
      const [method, path] = route.split(' ') as [string, string];
      const client = { 'x-forwarded-for': `203.0.113.${n + 1}` };
      const ask = () => send(limited, method, path, { headers: client, ...(method === 'POST' ? { body: {} } : {}) });
      for (let i = 0; i < 5; i++) expect((await ask()).status, `${route} #${i + 1}`).not.toBe(429);
      const refused = await ask();
      expectProblem(refused, 429, 'too-many-requests', route);
      // 5 a minute: one more every 12 s.
      expect(refused.headers.get('retry-after'), route).toBe('12');
      // Another client is not held back by this one.
      expect((await send(limited, method, path, { headers: { 'x-forwarded-for': '198.51.100.7' }, ...(method === 'POST' ? { body: {} } : {}) })).status).not.toBe(429);
      clock += 12_000;
      expect((await ask()).status, `${route} after Retry-After`).not.toBe(429);
      expectProblem(await ask(), 429, 'too-many-requests', route);
    }
    // Authenticated work is never counted against the public allowance.
    for (let i = 0; i < 10; i++) expect((await send(limited, 'GET', '/tenants/current', { token: acme.token, headers: { 'x-forwarded-for': '203.0.113.1' } })).status).toBe(200);
  });

  it('counts a spoofed X-Forwarded-For as nothing unless a proxy is trusted, and MICROCRED_RATE_LIMIT=0 turns the limit off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'microcred-ratelimit-'));
    const servers = [];
    try {
      const strict = await startServer({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'a'), settings: readSettings({ MICROCRED_RATE_LIMIT: '3' }), logger, signingThreads: 0 });
      servers.push(strict);
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        // A client inventing a new address each time is still one client: the TCP peer.
        const response = await fetch(`${strict.url}/register/NONE-1`, { headers: { 'x-forwarded-for': `192.0.2.${i}` } });
        statuses.push(response.status);
        // The headers survive the real adapter too, which writes responses its own way.
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
        if (response.status === 429) retryAfter = response.headers.get('retry-after');
        written.push(await response.text());
      }
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(retryAfter)).toBeLessThanOrEqual(20);

      const open = await startServer({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'b'), settings: readSettings({ MICROCRED_RATE_LIMIT: '0' }), logger, signingThreads: 0 });
      servers.push(open);
      for (let i = 0; i < 50; i++) expect((await fetch(`${open.url}/register/NONE-1`)).status).toBe(404);
    } finally {
      for (const server of servers) await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('body limits', () => {
  it('refuses bodies over each route\'s limit with 413 before reading them whole, also when the length is not announced', async () => {
    const big = JSON.stringify({ ...fixture(), description: 'x'.repeat(1024 * 1024) });
    expectProblem(await send(app, 'POST', '/micro-credentials', { token: acme.token, raw: big }), 413, 'payload-too-large');
    expectProblem(await send(app, 'POST', '/specifications', { token: acme.token, raw: big }), 413, 'payload-too-large');
    expectProblem(await send(app, 'POST', '/credentials/issue', { token: acme.token, raw: big }), 413, 'payload-too-large');
    const verify = await send(app, 'POST', '/credentials/verify', { raw: JSON.stringify({ verifiableCredential: { x: 'y'.repeat(3 * 1024 * 1024) } }) });
    expect(verify.status).toBe(413);
    const small = createApp({ store, publicUrl: PUBLIC_URL, logger, bodyLimitBytes: 4096 });
    const batch = await send(small, 'POST', '/micro-credentials/batch', { token: acme.token, body: { items: Array.from({ length: 10 }, fixture) } });
    expectProblem(batch, 413, 'payload-too-large');

    // Through a real socket, chunked (no Content-Length): the limit still holds, and the server lives on.
    const dir = mkdtempSync(join(tmpdir(), 'microcred-bodylimit-'));
    const server = await startServer({ host: '127.0.0.1', port: 0, dataDir: dir, settings: readSettings({ MICROCRED_BODY_LIMIT: '65536' }), logger, signingThreads: 0 });
    try {
      const tenant = await provisionTenant(server.store, { id: 'chunky', name: 'Chunky', did: 'key' });
      const { token } = await createTenantToken(server.store, tenant.id, { scopes: ['issue'] });
      const chunked = await rawPost(server.url, '/micro-credentials/batch', token, [JSON.stringify({ items: [] }).slice(0, -2), ...Array.from({ length: 40 }, () => `"${'z'.repeat(4096)}",`)]);
      expect(chunked.status).toBe(413);
      written.push(chunked.text);
      expect(JSON.parse(chunked.text).type).toBe(`${PROBLEM_BASE}payload-too-large`);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** POSTs the parts as separate chunks with Transfer-Encoding: chunked. */
function rawPost(base: string, path: string, token: string, parts: string[]): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const request = httpRequest(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    request.on('response', (response) => {
      let text = '';
      response.on('data', (chunk) => (text += String(chunk)));
      response.on('end', () => done({ status: response.statusCode ?? 0, text }));
    });
    // The server may answer and close before every chunk is written.
    request.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'EPIPE' || (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : fail(error)));
    for (const part of parts) request.write(part);
    request.end();
  });
}

describe('headers', () => {
  it('sends every HTML page with a strict Content-Security-Policy, and every answer with nosniff', async () => {
    const ops = await operations();
    const pages: Answer[] = [];
    for (const op of ops.filter((o) => o.method === 'GET' && o.scopes === 'public')) {
      const answer = await send(app, 'GET', op.path);
      expect(answer.headers.get('x-content-type-options'), op.template).toBe('nosniff');
      if (/^text\/html/.test(answer.headers.get('content-type') ?? '')) pages.push(answer);
    }
    // The verification page a browser form gets.
    pages.push(await send(app, 'POST', '/verify', { raw: 'credential=nonsense', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' } }));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const page of pages) {
      const csp = page.headers.get('content-security-policy') ?? '';
      // Strict: nothing from elsewhere, no inline or eval'd script, no plugins, no framing, no <base> games.
      expect(csp).toMatch(/default-src '(none|self)'/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).toMatch(/base-uri '(none|self)'/);
      expect(csp).toMatch(/object-src 'none'|default-src 'none'/);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*|https?:|data:[^;]*script/);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const json = await send(app, 'GET', '/micro-credentials', { token: acme.token });
    expect(json.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(json.headers.get('cache-control')).toBe('no-store');
    const https = await send(app, 'GET', '/health');
    expect(https.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });
});

describe('private keys', () => {
  it('keeps a key out of the response and the log when signing fails with an error that quotes it', async () => {
    failNextSigning = true;
    const failed = await send(app, 'POST', '/micro-credentials', { token: acme.token, body: fixture() });
    expectProblem(failed, 500, 'internal');
    expect(written.some((line) => line.includes('cannot sign with key file') && line.includes('[redacted]'))).toBe(true);
  });

  it('never appear in anything the service wrote during this file: logs, responses, the database outside the keys table', async () => {
    const secrets = (await store.db.selectFrom('keys').select('private_key').execute()).map((k) => JSON.parse(k.private_key).secretKeyMultibase as string);
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    expect(written.length).toBeGreaterThan(200);
    const everything = written.join('\n');
    for (const secret of secrets) expect(everything.includes(secret)).toBe(false);
    for (const table of (await tableNames(store)).filter((t) => t !== 'keys')) {
      const dump = JSON.stringify(await store.db.selectFrom(table as 'keys').selectAll().execute());
      for (const secret of secrets) expect(dump.includes(secret), table).toBe(false);
    }
  });
});
