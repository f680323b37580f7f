import { Hono } from 'hono';
import { didDocumentFor } from '@microcred/securing';
import type { AppContext, AppEnv, Services } from '../context.ts';
import { primaryCredentialOf } from '../issuance.ts';
import { problems } from '../problem.ts';
import { foldName, type EffectiveStatus, type Tenant } from '../storage/index.ts';
import { publicKeysOf, rootDid, tenantDid } from '../tenants.ts';

/** ARCHITECTURE.md "Statuses", in the register's words (ISO 17024 says "withdrawn" for revoked). */
const REGISTER_STATUS: Record<EffectiveStatus, string> = {
  active: 'valid',
  expired: 'expired',
  suspended: 'suspended',
  revoked: 'withdrawn',
  superseded: 'superseded',
};

/**
 * What anyone may read without a token: the signed status lists, the DID
 * documents, and the public register of certificates.
 */
export function publicRoutes(services: Services): Hono<AppEnv> {
  const { store, publicUrl } = services;
  const app = new Hono<AppEnv>();
  const limited = services.publicLimiter;

  // GET /status-lists/:id[/p-256|/p-384]: the signed BitstringStatusListCredential, cached by version (ETag, Cache-Control
  // from its ttl); the suffix names the key of a did:key tenant that signs it (status-list-publisher.ts).
  const serveList = async (c: AppContext) => {
    const path = [c.req.param('id'), c.req.param('signer')].filter((segment) => segment !== undefined).join('/');
    const named = services.statusLists.parse(`${publicUrl}/status-lists/${path}`);
    const list = named && (await services.statusLists.get(named.listId, named.keyType));
    if (!list) throw problems.notFound(`No status list ${path}.`);
    const headers = { etag: list.etag, 'cache-control': `public, max-age=${list.ttlSeconds}` };
    const match = c.req.header('if-none-match');
    if (match && match.split(',').some((tag) => weak(tag.trim()) === weak(list.etag) || tag.trim() === '*')) {
      return c.body(null, 304, headers);
    }
    return c.body(list.body, 200, { ...headers, 'content-type': 'application/vc+ld+json' });
  };
  app.get('/status-lists/:id', limited, serveList);
  app.get('/status-lists/:id/:signer', limited, serveList);

  // GET /.well-known/did.json: the DID document of the tenant named did:web:<public host>.
  app.get('/.well-known/did.json', limited, async (c) => didDocument(c, await store.tenants.findByDid(rootDid(publicUrl))));

  // GET /tenants/:id/did.json: did:web:<public host>:tenants:<id>.
  app.get('/tenants/:id/did.json', limited, async (c) => {
    const tenant = await store.tenants.get(c.req.param('id'));
    return didDocument(c, tenant?.did === tenantDid(publicUrl, c.req.param('id')) ? tenant : undefined);
  });

  async function didDocument(c: AppContext, tenant: Tenant | undefined) {
    if (!tenant?.did) throw problems.notFound(`No DID document at ${c.req.path}.`);
    const methods = await publicKeysOf(store, tenant);
    if (methods.length === 0) throw problems.notFound(`No keys for ${tenant.did}.`);
    return c.json(didDocumentFor(methods, tenant.did), 200, {
      'content-type': 'application/did+json',
      'cache-control': 'public, max-age=300',
    });
  }

  // GET /register/:certificateNumber[?name=][&issuer=]: whether a certificate exists and is valid, with no personal data.
  app.get('/register/:certificateNumber', limited, async (c) => {
    const number = c.req.param('certificateNumber');
    const issuerFilter = c.req.query('issuer');
    let matches = await store.credentials.findByCertificateNumberInAnyTenant(number);
    const tenants = new Map<string, Tenant>();
    for (const match of matches) {
      const tenant = await store.tenants.get(match.tenantId);
      if (tenant) tenants.set(tenant.id, tenant);
    }
    if (issuerFilter) matches = matches.filter((m) => m.tenantId === issuerFilter || tenants.get(m.tenantId)?.did === issuerFilter);
    const match = matches[0];
    if (!match) throw problems.notFound(`No certificate ${number} in this register${issuerFilter ? ` from ${issuerFilter}` : ''}.`);
    if (matches.length > 1) {
      throw problems.conflict(`Several issuers use certificate number ${number}: add ?issuer= with one of their DIDs.`, {
        issuers: matches.map((m) => ({ id: tenants.get(m.tenantId)?.did ?? m.tenantId, name: tenants.get(m.tenantId)?.name })),
      });
    }
    const name = c.req.query('name');
    if (name !== undefined) {
      const record = await store.credentials.get(match.tenantId, match.id);
      return c.json({ nameMatches: record ? namesOf(primaryCredentialOf(record)).some((known) => sameName(known, name)) : false });
    }
    const tenant = tenants.get(match.tenantId);
    return c.json({
      certificateNumber: number,
      status: REGISTER_STATUS[match.status],
      issuer: { id: tenant?.did ?? null, name: tenant?.name ?? null },
    });
  });

  return app;
}

function weak(tag: string): string {
  return tag.replace(/^W\//, '');
}

/** The learner's names as the credential states them: full name, and given + family in both orders. */
function namesOf(credential: Record<string, unknown>): string[] {
  const subject = [credential.credentialSubject].flat()[0] as Record<string, unknown> | undefined;
  if (!subject) return [];
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const given = text(subject.givenName);
  const family = text(subject.familyName);
  return [text(subject.fullName), text(subject.name), given && family ? `${given} ${family}` : undefined, given && family ? `${family} ${given}` : undefined].filter(
    (n): n is string => n !== undefined,
  );
}

/** Case- and accent-insensitive: "LUKASZ dvorak" matches "Łukasz Dvořák". */
export function sameName(a: string, b: string): boolean {
  const fold = (s: string) => foldName(s).replace(/[\s\u00a0]+/g, ' ').trim();
  return fold(a) !== '' && fold(a) === fold(b);
}
