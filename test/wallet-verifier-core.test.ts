/**
 * The Open Badge 3.0 rendition the service hands out verifies in DCC's verifier-core (the library
 * Learner Credential Wallet uses), with nothing but 127.0.0.1: signature, expiry and status pass, and
 * after the achievement is revoked, revocation_status fails. The tenant is a did:key (verifier-core
 * resolves did:key itself); the status lists come from the running service.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyCredential } from '@digitalcredentials/verifier-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadFixture } from '@microcred/model';
import { createTenantToken, provisionTenant, readSettings, silentLogger, startServer, type RunningServer } from '@microcred/issuer';

type Json = Record<string, any>;

let server: RunningServer;
let dir: string;
let token: string;
const original = globalThis.fetch;
const refused: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'microcred-verifier-core-'));
  server = await startServer({ host: '127.0.0.1', port: 0, dataDir: dir, settings: readSettings({}), signingThreads: 0, logger: silentLogger });
  const tenant = await provisionTenant(server.store, { id: 'academy', name: 'Example Technological University', did: 'key' });
  token = (await createTenantToken(server.store, tenant.id, { scopes: ['issue', 'manage'] })).token;
  // Only 127.0.0.1 is reachable: anything else fails at once, and is recorded.
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.hostname === '127.0.0.1') return original(input, init);
    refused.push(url.href);
    throw new TypeError(`network access refused in tests: ${url.href}`);
  }) as typeof fetch;
  // verifier-core logs its failed attempt to fetch the OB JSON schema (its optional "schema_check").
  const quiet = (write: (...args: unknown[]) => void) => (...args: unknown[]) => {
    if (!/schema/i.test(String(args[0]))) write(...args);
  };
  vi.spyOn(console, 'log').mockImplementation(quiet(console.log.bind(console)));
  vi.spyOn(console, 'error').mockImplementation(quiet(console.error.bind(console)));
});

afterAll(async () => {
  globalThis.fetch = original;
  vi.restoreAllMocks();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const step = (result: Json, id: string) => (result.log as { id: string; valid?: boolean }[]).find((s) => s.id === id);

describe('the service\'s Open Badge 3.0 in verifier-core (Learner Credential Wallet)', () => {
  it('verifies (signature, expiry, status), and shows revocation once the achievement is revoked', async () => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const issued = (await (await original(`${server.url}/micro-credentials`, { method: 'POST', headers, body: JSON.stringify(loadFixture('digital-skills-bootcamp')) })).json()) as Json;
    const self = new URL(issued.links.self).pathname;
    const badge = (await (await original(`${server.url}${self}/renditions/ob3`, { headers })).json()) as Json;

    const before: Json = await verifyCredential({ credential: badge as never, knownDIDRegistries: [] });
    expect(before.errors).toBeUndefined();
    expect(step(before, 'valid_signature')).toMatchObject({ valid: true });
    expect(step(before, 'expiration')).toMatchObject({ valid: true });
    expect(step(before, 'revocation_status')).toMatchObject({ valid: true });
    expect(step(before, 'suspension_status')).toMatchObject({ valid: true });

    const revoked = await original(`${server.url}${self}/revoke`, { method: 'POST', headers, body: JSON.stringify({ reason: 'Withdrawn after an appeal' }) });
    expect(revoked.status).toBe(200);
    const after: Json = await verifyCredential({ credential: badge as never, knownDIDRegistries: [] });
    expect(step(after, 'valid_signature')).toMatchObject({ valid: true });
    expect(step(after, 'revocation_status')).toMatchObject({ valid: false });
    expect(refused.every((url) => url.startsWith('https://purl.imsglobal.org/spec/ob/v3p0/schema/'))).toBe(true);
  });
});
