/**
 * Hostile input: fast-check sends over 10,000 generated malformed or
 * adversarial bodies, spread over every POST and PUT operation of
 * /openapi.json (wrong types, huge strings, deep nesting, unknown and
 * remote contexts, `@context` and `__proto__` tricks, duplicate keys, broken
 * JSON, wrong media types, oversized bodies). Every answer is a 4xx problem
 * (the verification endpoints: a report that does not say valid), never a
 * 5xx, nothing is logged as an error, and the database is byte for byte what
 * it was. Invalid UTF-8 and oversized bodies also go through a real socket.
 *
 * Runs through app.request for speed, with a fixed seed per operation so a
 * failure replays exactly (MICROCRED_FUZZ_SEED picks another).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadFixture } from '@microcred/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApp,
  createLogger,
  createTenantToken,
  PROBLEM_BASE,
  provisionTenant,
  readSettings,
  startServer,
  type Store,
} from '@microcred/issuer';
import { PUBLIC_URL, sqliteStore, tenantWithTokens, type TestTenant } from '../packages/issuer/test/support/app.ts';

type Json = Record<string, any>;
type Hono = ReturnType<typeof createApp>;

const TOTAL_BODIES = 10_000;
const SEED = Number(process.env.MICROCRED_FUZZ_SEED ?? 20_260_901);

const logged: string[] = [];
const logger = createLogger((line) => void logged.push(line));

let store: Store;
let dispose: () => Promise<void>;
let app: Hono;
let acme: TestTenant;
let credentialId: string;
let signedCredential: Json;
let claimToken: string;
let shareToken: string;
let sent = 0;

const fixture = () => loadFixture('minimal') as unknown as Json;
const specification = () => {
  const { learner: _l, issued: _i, ...rest } = fixture();
  return rest;
};

beforeAll(async () => {
  ({ store, dispose } = await sqliteStore());
  acme = await tenantWithTokens(store, 'acme', { name: 'ACME Certification' });
  app = createApp({ store, publicUrl: PUBLIC_URL, logger });
  expect((await app.request('/specifications', post({ id: 'spec-1', ...specification() }))).status).toBe(201);
  const issued = await app.request('/micro-credentials', post(fixture()));
  expect(issued.status).toBe(201);
  const body = (await issued.json()) as Json;
  credentialId = body.id;
  signedCredential = body.verifiableCredential;
  claimToken = String(body.links.claim).split('/').pop() as string;
  shareToken = String(body.links.share).split('/').pop() as string;
});

afterAll(async () => {
  await dispose?.();
});

function post(body: unknown): RequestInit {
  return { method: 'POST', headers: { authorization: `Bearer ${acme.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

// ---------------------------------------------------------------------------
// Generated JSON text. Values that JSON.stringify cannot express (1e309,
// 100,000-deep nesting, lone surrogates, duplicate keys) are raw fragments,
// spliced into the text in place of placeholders.

const PLACEHOLDER = '\u0000raw:';

function render(value: unknown, fragments: string[]): string {
  return JSON.stringify(value).replace(/"\\u0000raw:(\d+)"/g, (_, i: string) => fragments[Number(i)] as string);
}

const jsonString = (s: string) => JSON.stringify(s);

const hugeString = fc
  .tuple(fc.integer({ min: 2_000, max: 200_000 }), fc.constantFrom('a', 'é', '𝕏', '\\u0000', '\\ud800', '\\"', '<', '\\n'))
  .map(([n, unit]) => `"${unit.repeat(Math.ceil(n / unit.length))}"`);

const deepNesting = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom('array', 'object', 'mixed'))
  .map(([depth, kind]) =>
    kind === 'array'
      ? `${'['.repeat(depth)}${']'.repeat(depth)}`
      : kind === 'object'
        ? `${'{"a":'.repeat(depth)}null${'}'.repeat(depth)}`
        : `${'[{"@context":'.repeat(depth)}1${'}]'.repeat(depth)}`,
  );

const oddNumber = fc.constantFrom('1e309', '-1e309', '-0', '9007199254740993', '1e-400', '123456789012345678901234567890', '0.0000000000000000001');

const oddString = fc
  .constantFrom(
    '__proto__',
    'constructor',
    '<script>alert(1)</script>',
    "'; DROP TABLE credentials; --",
    '../../../../etc/passwd',
    '${jndi:ldap://127.0.0.1/a}',
    '\u202eevil\u202c',
    '\u0000',
    'http://169.254.169.254/latest/meta-data/',
    'file:///etc/passwd',
    'did:web:127.0.0.1%3A1',
    'urn:uuid:00000000-0000-0000-0000-000000000000',
    'null',
    '',
    ' ',
  )
  .map(jsonString);

const contextTrick = fc.constantFrom(
  '"https://evil.example/context.jsonld"',
  '["https://www.w3.org/ns/credentials/v2","https://evil.example/context.jsonld"]',
  '["https://www.w3.org/ns/credentials/v2",{"@vocab":"https://evil.example/#"}]',
  '["https://www.w3.org/ns/credentials/v2",{"@protected":false,"name":"@id"}]',
  '["https://www.w3.org/ns/credentials/v2",{"@import":"https://evil.example/x.jsonld"}]',
  '["https://www.w3.org/ns/credentials/v2",{"credentialSubject":{"@id":"https://evil.example/#s","@type":"@json"}}]',
  '["http://169.254.169.254/latest/meta-data/"]',
  '["https://www.w3.org/2018/credentials/v1","https://www.w3.org/ns/credentials/v2"]',
  '[{"@context":{"@context":{"@context":"https://evil.example/"}}}]',
  '[]',
  '{}',
  'null',
);

/** Contexts a credential to be signed cannot have: not bundled, fetched on demand, redefining protected terms, or not contexts at all. */
const refusedContext = fc.constantFrom(
  '"https://evil.example/context.jsonld"',
  '["https://www.w3.org/ns/credentials/v2","https://evil.example/context.jsonld"]',
  '["https://www.w3.org/ns/credentials/v2",{"@import":"https://evil.example/x.jsonld"}]',
  '["http://169.254.169.254/latest/meta-data/"]',
  '[{"@context":{"@context":{"@context":"https://evil.example/"}}}]',
  '[]',
  '{}',
  'null',
);

const pollution = fc.constantFrom(
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"__proto__":null,"toString":"x","hasOwnProperty":1}',
);

/** Any hostile value, as JSON text. */
const hostile = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: hugeString },
  { weight: 2, arbitrary: deepNesting },
  { weight: 1, arbitrary: oddNumber },
  { weight: 2, arbitrary: oddString },
  { weight: 2, arbitrary: contextTrick },
  { weight: 1, arbitrary: pollution },
);

/** A value of the wrong type for a required field: never a string, never an object. */
const wrongType = fc.oneof(
  fc.constantFrom('null', 'true', 'false', '0', '-1', '1e309', '[]', '[1,2,3]', '[[[[[]]]]]', '[null]'),
  fc.integer().map(String),
  deepNesting.filter((text) => text.startsWith('[[')),
);

/** JSON text that is not JSON, or not an object. */
const brokenText = fc.oneof(
  fc.constantFrom(
    '{',
    '{"a":1,}',
    "{'a':1}",
    'NaN',
    'undefined',
    '{"a":1}/*comment*/',
    '{"a":1}{"b":2}',
    '[1,2',
    '"unterminated',
    '{"a":"\\x41"}',
    '\uFEFF\uFEFF[]',
    '{"\\ud800":1',
  ),
  fc.string({ maxLength: 200 }).filter((text) => !/^\s*\{[\s\S]*\}\s*$/.test(text)),
  hostile.filter((text) => !text.startsWith('{')),
  // An empty body means "no options" where the body is optional (recertify, rotate): that is a valid request.
).filter((text) => text.trim() !== '');

// ---------------------------------------------------------------------------
// What each operation accepts, and how to make it certainly invalid: a body
// that would succeed, with one required part removed or of the wrong type,
// then hostile values injected everywhere else.

interface Model {
  /** A body that would succeed. */
  valid(): Json;
  /** Top-level (or dotted) paths whose removal or wrong type makes the body invalid, whatever else it holds. */
  required: string[];
  /** Whether leaving out a required field is enough (not where every field is optional). Default true. */
  deletable?: boolean;
  /** Answers are verification reports, not refusals. */
  verifier?: boolean;
  /** Values, besides wrong types, that a required field refuses (empty reason, an unknown context, …). */
  refused?: fc.Arbitrary<string>;
}

function models(): Record<string, Model> {
  const spec = specification();
  const vcApi = () => ({
    credential: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: acme.did, credentialSubject: { id: 'did:example:learner' } },
    options: { credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' } },
  });
  const reason: Model = { valid: () => ({ reason: 'checking hostile input' }), required: ['reason'], refused: fc.constantFrom('""', '"   "', jsonString('x'.repeat(2001))) };
  return {
    'POST /micro-credentials': { valid: fixture, required: ['title', 'learner', 'issuerCountries', 'awardingBodies', 'learningOutcomes', 'workload', 'level', 'assessment', 'participation', 'qualityAssurance'], refused: fc.constantFrom('""', '[]') },
    'POST /micro-credentials/batch': { valid: () => ({ items: [fixture(), fixture()] }), required: ['items', 'items.1.title', 'items.0.learner'], refused: fc.constantFrom('[]', '""') },
    'POST /micro-credentials/{id}/revoke': reason,
    'POST /micro-credentials/{id}/suspend': reason,
    'POST /micro-credentials/{id}/reinstate': reason,
    'POST /micro-credentials/{id}/recertify': { valid: () => ({ validUntil: '2031-01-01' }), required: ['validUntil'], deletable: false, refused: fc.constantFrom('"2026-13-45"', '"yesterday"', '"2031-01-01T25:00:00Z"') },
    'POST /specifications': { valid: () => ({ id: 'new-spec', ...structuredClone(spec) }), required: ['title', 'learningOutcomes', 'awardingBodies'], refused: fc.constantFrom('""', '[]') },
    'PUT /specifications/{id}': { valid: () => structuredClone(spec), required: ['title', 'learningOutcomes', 'awardingBodies'], refused: fc.constantFrom('""', '[]') },
    'POST /specifications/{id}': { valid: () => structuredClone(spec), required: ['title', 'learningOutcomes', 'awardingBodies'], refused: fc.constantFrom('""', '[]') },
    'POST /credentials/issue': { valid: vcApi, required: ['credential', 'credential.credentialSubject', 'credential.@context', 'credential.type'], refused: refusedContext },
    'POST /credentials/status': {
      valid: () => ({ credentialId, credentialStatus: [{ type: 'BitstringStatusListEntry', status: 'suspended' }] }),
      required: ['credentialId', 'credentialStatus'],
      refused: fc.constantFrom('""', '[]', '[{"type":"BitstringStatusListEntry","status":"burnt"}]'),
    },
    'POST /tenants/current/keys/rotate': { valid: () => ({ types: ['Ed25519'] }), required: ['types'], deletable: false, refused: fc.constantFrom('["RSA"]', '[]', '["Ed25519","Ed25519x"]') },
    'POST /credentials/verify': { valid: () => ({ verifiableCredential: structuredClone(signedCredential) }), required: ['verifiableCredential.credentialSubject', 'verifiableCredential.proof'], verifier: true, refused: contextTrick },
    'POST /presentations/verify': { valid: () => ({ verifiablePresentation: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [structuredClone(signedCredential)] } }), required: ['verifiablePresentation.verifiableCredential.0.proof'], verifier: true, refused: contextTrick },
    'POST /verify': { valid: () => structuredClone(signedCredential), required: ['proof', 'credentialSubject', 'issuer'], verifier: true, refused: contextTrick },
  };
}

/** Every object (and its path) inside a value, where a key can be injected. */
function objectsIn(value: unknown, path: string[] = [], out: { path: string[]; node: Json }[] = []) {
  if (value && typeof value === 'object') {
    if (!Array.isArray(value)) out.push({ path, node: value as Json });
    for (const [key, child] of Object.entries(value)) objectsIn(child, [...path, key], out);
  }
  return out;
}

interface Generated {
  text: string;
  contentType: string | undefined;
  idempotencyKey: string | undefined;
  /** Raw duplicate keys spliced in. */
  duplicates: boolean;
}

const contentTypes = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('application/ld+json', 'application/json; charset=utf-8', 'application/vc+ld+json') },
  { weight: 1, arbitrary: fc.constantFrom(undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/xml') },
);

const idempotencyKeys = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.constantFrom('ü', '', ' ', 'k'.repeat(300), 'a\u0000b') },
);

const injection = fc.record({
  at: fc.nat(),
  key: fc.oneof(fc.constantFrom('@context', '__proto__', 'constructor', 'prototype', '@id', '@type', 'proof', 'id', '$ne', '', 'title'), fc.string({ maxLength: 20 })),
  value: hostile,
});

function structured(model: Model): fc.Arbitrary<Generated> {
  return fc
    .record({
      injections: fc.array(injection, { minLength: 0, maxLength: 3 }),
      breakAt: fc.nat(),
      breakBy: model.deletable === false ? fc.oneof(wrongType, model.refused ?? wrongType) : fc.oneof(fc.constant<'delete'>('delete'), wrongType, model.refused ?? wrongType),
      duplicate: fc.option(hostile, { freq: 4 }),
      contentType: contentTypes,
      idempotencyKey: idempotencyKeys,
    })
    .map(({ injections, breakAt, breakBy, duplicate, contentType, idempotencyKey }) => {
      const body = model.valid();
      const fragments: string[] = [];
      const placeholder = (text: string) => `${PLACEHOLDER}${fragments.push(text) - 1}`;
      for (const { at, key, value } of injections) {
        const targets = objectsIn(body);
        const target = targets[at % targets.length] as (typeof targets)[number];
        target.node[key] = placeholder(value);
      }
      // Breaking comes last, so no injection can mend it.
      const path = (model.required[breakAt % model.required.length] as string).split('.');
      let parent: unknown = body;
      for (const key of path.slice(0, -1)) parent = parent && typeof parent === 'object' ? (parent as Json)[key] : undefined;
      if (parent && typeof parent === 'object') {
        const last = path[path.length - 1] as string;
        if (breakBy === 'delete') delete (parent as Json)[last];
        else (parent as Json)[last] = placeholder(breakBy);
      }
      let text = render(body, fragments);
      // A duplicate of the first key, first in the object: JSON.parse keeps the last, which is the broken one.
      if (duplicate !== null && text.startsWith('{"')) {
        const firstKey = /^\{("(?:[^"\\]|\\.)*")/.exec(text)?.[1];
        if (firstKey) text = `{${firstKey}:${duplicate},${text.slice(1)}`;
      }
      return { text, contentType, idempotencyKey, duplicates: duplicate !== null };
    });
}

/**
 * For operations this file has no model of, JSON media types only: a browser
 * form whose fields are all optional (a learner's new share link) is a valid
 * request whatever the text, and would rightly be served.
 */
function junk(options: { forms: boolean }): fc.Arbitrary<Generated> {
  return fc
    .record({ text: brokenText, contentType: options.forms ? contentTypes : fc.constantFrom('application/json', 'application/ld+json'), idempotencyKey: idempotencyKeys })
    .map(({ text, contentType, idempotencyKey }) => ({ text, contentType, idempotencyKey, duplicates: false }));
}

// ---------------------------------------------------------------------------

async function snapshot(): Promise<string> {
  const hash = createHash('sha256');
  for (const table of (await store.db.introspection.getTables()).map((t) => t.name).sort()) {
    const rows = await store.db.selectFrom(table as 'keys').selectAll().execute();
    hash.update(`${table}\n${JSON.stringify(rows)}\n`);
  }
  return hash.digest('hex');
}

interface Operation {
  key: string;
  method: string;
  path: string;
  /** The document describes a request body. Without one, the body is ignored: only "never a 5xx" applies. */
  takesBody: boolean;
}

async function bodyOperations(): Promise<Operation[]> {
  const document = (await (await app.request('/openapi.json')).json()) as Json;
  const ops: Operation[] = [];
  for (const [template, methods] of Object.entries(document.paths as Record<string, Json>)) {
    for (const [method, operation] of Object.entries(methods as Record<string, Json>)) {
      if (!['post', 'put', 'patch'].includes(method)) continue;
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (template.startsWith('/specifications')) return 'spec-1';
        if (name === 'version') return '1';
        if (/claim/i.test(name)) return claimToken;
        if (/token/i.test(name)) return shareToken;
        return credentialId.slice('urn:uuid:'.length);
      });
      ops.push({ key: `${method.toUpperCase()} ${template}`, method: method.toUpperCase(), path, takesBody: Boolean(operation.requestBody) });
    }
  }
  return ops;
}

async function check(op: Operation, model: Model | undefined, generated: Generated): Promise<void> {
  sent++;
  const headers: Record<string, string> = { authorization: `Bearer ${acme.token}` };
  if (generated.contentType) headers['content-type'] = generated.contentType;
  if (generated.idempotencyKey !== undefined) headers['idempotency-key'] = generated.idempotencyKey;
  let response: Response;
  try {
    response = await app.request(op.path, { method: op.method, headers, body: generated.text });
  } catch (error) {
    // A header value the Fetch API itself refuses never reaches a server.
    if (error instanceof TypeError && /header/i.test(error.message)) return;
    throw error;
  }
  const text = await response.text();
  const context = `${op.key} ${response.status} ${text.slice(0, 300)}\nbody: ${generated.text.slice(0, 300)} (${generated.contentType})${response.status >= 500 ? `\nlogged: ${logged.at(-1)?.slice(0, 600)}` : ''}`;
  expect(response.status, context).toBeLessThan(500);
  // An operation that takes no body (it creates an exchange, hands out a nonce) may do its work whatever is sent.
  if (!model && !op.takesBody) return;
  const type = response.headers.get('content-type') ?? '';
  if (model?.verifier && response.status < 500 && !/problem\+json/.test(type)) {
    // A verifier answers what it found: never "valid" for a broken or foreign credential.
    if (/json/.test(type)) {
      const report = JSON.parse(text) as Json;
      expect(report.verdict ?? report.report?.verdict, context).not.toBe('valid');
      if ('verified' in report) expect(report.verified, context).toBe(false);
    } else {
      expect(type, context).toMatch(/^text\/html/);
    }
    return;
  }
  expect(response.status, context).toBeGreaterThanOrEqual(400);
  // A page route (added by the pages, not described here) may answer its browser with a page.
  if (!model && /^text\/html/.test(type)) return;
  expect(type, context).toBe('application/problem+json');
  const problem = JSON.parse(text) as Json;
  expect(problem.status, context).toBe(response.status);
  expect(typeof problem.title, context).toBe('string');
  expect(String(problem.type).startsWith(PROBLEM_BASE) || String(problem.type).startsWith('https://w3id.org/microcred/problems/'), context).toBe(true);
}

describe('hostile bodies on every POST and PUT operation', () => {
  // Operations whose document describes no body ignore it: for them, only "never a 5xx" is checked.
  it(`answers ${TOTAL_BODIES.toLocaleString('en')}+ generated bodies with 4xx problems, never a 5xx, and writes nothing`, { timeout: 300_000 }, async () => {
    const ops = await bodyOperations();
    const known = models();
    expect(ops.length).toBeGreaterThanOrEqual(Object.keys(known).length);
    const perOperation = Math.ceil(TOTAL_BODIES / ops.length);
    let before = await snapshot();
    const failures: string[] = [];
    const counts: Record<string, number> = {};
    for (const [n, op] of ops.entries()) {
      const model = known[op.key];
      const start = sent;
      // Operations this file does not know (added later) get everything but objects: nothing it sends can be a valid request.
      const arbitrary = model ? fc.oneof({ weight: 3, arbitrary: structured(model) }, { weight: 1, arbitrary: junk({ forms: true }) }) : junk({ forms: false });
      try {
        await fc.assert(fc.asyncProperty(arbitrary, (generated) => check(op, model, generated)), {
          numRuns: perOperation,
          seed: SEED + n,
          endOnFailure: true,
          // Counterexamples run to megabytes: report the seed and the failure, not the body.
          reporter: (details) => {
            if (details.failed) throw new Error(`${op.key}: seed ${details.seed}, run ${details.numRuns}: ${String(details.errorInstance).slice(0, 2000)}`);
          },
        });
      } catch (error) {
        // Every operation gets its turn: one failure does not hide the next.
        failures.push((error as Error).message);
      }
      const after = await snapshot();
      if (after !== before && (model || op.takesBody)) failures.push(`${op.key} wrote to the database`);
      before = after;
      counts[op.key] = sent - start;
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(TOTAL_BODIES);
    expect(logged.filter((line) => /"level":"error"/.test(line)), 'errors logged').toEqual([]);
    console.info(`hostile input: ${sent} bodies over ${ops.length} operations (${ops.filter((o) => o.takesBody).length} that take a body: no write), no 5xx`, counts);
  });
});

describe('through a real socket', () => {
  it('refuses bodies that are not UTF-8, and oversized ones, and lives on with nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'microcred-hostile-'));
    const server = await startServer({ host: '127.0.0.1', port: 0, dataDir: dir, settings: readSettings({ MICROCRED_RATE_LIMIT: '0' }), logger, signingThreads: 0 });
    try {
      const tenant = await provisionTenant(server.store, { id: 'bytes', name: 'Bytes', did: 'key' });
      const { token } = await createTenantToken(server.store, tenant.id, { scopes: ['issue', 'manage'] });
      const count = async () => Number((await server.store.db.selectFrom('credentials').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const valid = Buffer.from(JSON.stringify({ ...fixture(), learner: { givenName: 'NAME', familyName: 'Virtanen' } }));
      const withName = (bytes: number[]) => {
        const at = valid.indexOf('NAME');
        return Buffer.concat([valid.subarray(0, at), Buffer.from(bytes), valid.subarray(at + 4)]);
      };
      const invalidUtf8 = [
        [0xc3, 0x28], // a lead byte without its continuation
        [0xa0, 0xa1], // continuation bytes alone
        [0xc0, 0xaf], // overlong '/'
        [0xed, 0xa0, 0x80], // a UTF-16 surrogate encoded as UTF-8
        [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
        [0xff, 0xfe],
      ];
      for (const [i, bytes] of invalidUtf8.entries()) {
        for (const key of [undefined, `utf8-${i}`]) {
          const answer = await rawRequest(server.url, 'POST', '/micro-credentials', token, withName(bytes), key ? { 'idempotency-key': key } : {});
          expect(answer.status, `${bytes.map((b) => b.toString(16)).join(' ')}: ${answer.text}`).toBe(400);
          expect(JSON.parse(answer.text).type).toBe(`${PROBLEM_BASE}malformed-json`);
        }
      }
      // UTF-16 is not UTF-8 either.
      const utf16 = Buffer.from(`\ufeff${valid.toString('utf8')}`, 'utf16le');
      expect((await rawRequest(server.url, 'POST', '/micro-credentials', token, utf16)).status).toBe(400);
      // Over the limits: 1 MiB for one credential, 2 MiB for the verifiers, MICROCRED_BODY_LIMIT for a batch.
      const oversized = Buffer.alloc(1024 * 1024 + 1, 0x20);
      expect((await rawRequest(server.url, 'POST', '/micro-credentials', token, oversized, {}, true)).status).toBe(413);
      expect((await rawRequest(server.url, 'POST', '/credentials/verify', undefined, Buffer.alloc(2 * 1024 * 1024 + 1, 0x20), {}, true)).status).toBe(413);
      expect((await rawRequest(server.url, 'POST', '/micro-credentials/batch', token, Buffer.alloc(64 * 1024 * 1024, 0x20), {}, true)).status).toBe(413);
      expect(await count()).toBe(0);
      // And a clean body still works: the refusals left nothing half done.
      expect((await rawRequest(server.url, 'POST', '/micro-credentials', token, valid)).status).toBe(201);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      expect(await count()).toBe(1);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A request over a socket. With `declareOnly`, only the headers go out (the
 * body is announced, never sent): a server that refuses by Content-Length
 * answers at once; one that waited for the body would time out here.
 */
function rawRequest(
  base: string,
  method: string,
  path: string,
  token: string | undefined,
  body: Buffer,
  extra: Record<string, string> = {},
  declareOnly = false,
): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const request = httpRequest(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
    });
    const timer = declareOnly ? setTimeout(() => request.destroy(new Error('no answer before the body was sent')), 10_000) : undefined;
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        clearTimeout(timer);
        if (declareOnly) request.destroy();
        done({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    request.on('error', (error) => fail(new Error(`${method} ${path} (${body.length} bytes): ${error.message}`)));
    if (declareOnly) request.flushHeaders();
    else request.end(body);
  });
}
