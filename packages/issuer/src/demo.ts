import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { loadFixture } from '@microcred/model';
import type { AppEnv } from './context.ts';
import type { Logger } from './log.ts';
import { newSecret } from './secrets.ts';
import { hashToken, type Store } from './storage/index.ts';
import { createTenantToken } from './tokens.ts';
import { didDocumentUrl, provisionTenant, rootDid } from './tenants.ts';

export const DEMO_TENANT_ID = 'demo';
export const DEMO_SPECIFICATION_ID = 'digital-skills-bootcamp';

export interface DemoInfo {
  tenantId: string;
  token: string;
  did: string;
  /** The first demo credential. */
  credential: { id: string; self: string; share: string };
  specificationId: string;
}

/**
 * Demo data on first start, found again on every later one: a tenant at the
 * service's own host (did:web), a token with both scopes, a specification
 * and three credentials from the project's fixtures. The credentials are
 * issued through the API itself, each with a fixed Idempotency-Key, so a
 * restart replays the stored responses instead of issuing again.
 */
export async function seedDemo(
  app: Hono<AppEnv>,
  store: Store,
  options: { publicUrl: string; keysDir: string; demoToken?: string; logger: Logger },
): Promise<DemoInfo> {
  let tenant = await store.tenants.get(DEMO_TENANT_ID);
  if (!tenant) {
    tenant = await provisionTenant(store, {
      id: DEMO_TENANT_ID,
      name: 'Demo Certification Body',
      did: 'web',
      publicUrl: options.publicUrl,
      root: true,
    });
  } else if (tenant.did !== rootDid(options.publicUrl)) {
    options.logger.warn('the demo tenant was created for another address: its credentials name a DID this server does not serve', {
      did: tenant.did,
      publicUrl: options.publicUrl,
    });
  }

  const token = options.demoToken ?? (await savedDemoToken(options.keysDir));
  const existing = await store.apiTokens.findByHash(hashToken(token));
  if (!existing) await createTenantToken(store, tenant.id, { token, scopes: ['issue', 'manage'], label: 'demo' });
  else if (existing.tenantId !== tenant.id) throw new Error('MICROCRED_DEMO_TOKEN is already a token of another tenant');

  const call = async (path: string, key: string, body: unknown) => {
    const response = await app.request(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    const result = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300 && !(response.status === 409 && path === '/specifications')) {
      throw new Error(`demo data: POST ${path} answered ${response.status}: ${String(result.detail ?? result.title)}`);
    }
    return result;
  };

  const bootcamp = loadFixture('digital-skills-bootcamp') as Record<string, unknown>;
  const { learner, issued: _issued, certificateNumber: _number, recertificationOf: _renews, validUntil: _until, grade, ...scheme } = bootcamp;
  await call('/specifications', 'demo-specification-1', { id: DEMO_SPECIFICATION_ID, ...scheme, validFor: 'P3Y' });
  const first = await call('/micro-credentials', 'demo-credential-1', { specification: DEMO_SPECIFICATION_ID, learner, grade });
  await call('/micro-credentials', 'demo-credential-2', loadFixture('crane-operator-certificate'));
  await call('/micro-credentials', 'demo-credential-3', loadFixture('minimal'));
  const links = first.links as { self: string; share: string };
  return {
    tenantId: tenant.id,
    token,
    did: tenant.did as string,
    credential: { id: first.id as string, self: links.self, share: links.share },
    specificationId: DEMO_SPECIFICATION_ID,
  };
}

/** A generated demo token is kept (0600) beside the keys, so every restart prints the same one. */
async function savedDemoToken(keysDir: string): Promise<string> {
  const file = join(keysDir, 'demo-token');
  if (existsSync(file)) {
    const saved = (await readFile(file, 'utf8')).trim();
    if (saved.length >= 16) return saved;
  }
  const token = newSecret();
  await mkdir(keysDir, { recursive: true, mode: 0o700 });
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return token;
}

/** What `microcred serve --demo` prints on stdout: where everything is, and a request to paste. */
export function demoBanner(publicUrl: string, demo: DemoInfo): string {
  const body = JSON.stringify({ specification: demo.specificationId, learner: { givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.org' } });
  return [
    'microcred issuer (demo) is running.',
    '',
    `  Base URL      ${publicUrl}`,
    `  Health        ${publicUrl}/health`,
    `  API docs      ${publicUrl}/docs`,
    `  DID document  ${didDocumentUrl(publicUrl, demo.did)}`,
    `  Credential    ${demo.credential.self}   (GET it with the token)`,
    `  Share link    ${demo.credential.share}`,
    `  Demo token    ${demo.token}`,
    '',
    'Issue a credential:',
    `  curl -sS -X POST '${publicUrl}/micro-credentials' -H 'Authorization: Bearer ${demo.token}' -H 'Content-Type: application/json' -d '${body}'`,
    '',
  ].join('\n');
}
