import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { KeyType } from '@microcred/securing';
import { requireScope } from '../auth.ts';
import { parseBody, readOptionalJson, type AppEnv, type Services } from '../context.ts';
import { idempotency } from '../idempotency.ts';
import { problems } from '../problem.ts';
import { reportSeal } from '../seal.ts';
import { didDocumentUrl, isDidWeb, rotateTenantKeys, TENANT_KEY_TYPES } from '../tenants.ts';
import { SMALL_BODY_LIMIT } from './micro-credentials.ts';

const rotateBody = z.strictObject({
  types: z.array(z.enum(['Ed25519', 'P-256'], { error: 'must be Ed25519 or P-256' })).min(1).optional(),
});

/** `/tenants/current`: the calling token's tenant: its DID and keys, and key rotation. */
export function tenantRoutes(services: Services): Hono<AppEnv> {
  const { store, publicUrl } = services;
  const app = new Hono<AppEnv>();

  // GET /tenants/current: who this token issues as.
  app.get('/current', requireScope(services, 'issue', 'manage'), async (c) => {
    const { tenant, scopes } = c.get('principal');
    const keys = await store.keys.list(tenant.id);
    return c.json({
      id: tenant.id,
      name: tenant.name,
      did: tenant.did,
      defaultLanguage: tenant.defaultLanguage,
      didDocument: isDidWeb(tenant) ? didDocumentUrl(publicUrl, tenant.did as string) : null,
      scopes,
      keys: keys.map((key) => ({ id: key.id, type: key.keyType, status: key.status, createdAt: key.createdAt, retiredAt: key.retiredAt })),
      // The e-seal of the Europass rendition, and a warning from 30 days before its certificate expires.
      ...(await reportSeal(services, tenant.id)),
    });
  });

  // POST /tenants/current/keys/rotate {types?}: new keys sign from now on; the DID document keeps the old public keys.
  const small = bodyLimit({ maxSize: SMALL_BODY_LIMIT, onError: () => { throw problems.payloadTooLarge(SMALL_BODY_LIMIT); } });
  app.post('/current/keys/rotate', requireScope(services, 'manage'), small, idempotency(services), async (c) => {
    const body = parseBody(rotateBody, await readOptionalJson(c));
    const { tenant, tokenId } = c.get('principal');
    if (!isDidWeb(tenant)) {
      throw problems.conflict(`${tenant.did ?? 'This tenant'} is a did:key: its key is its identity, so it cannot rotate keys. Use a did:web tenant.`);
    }
    const result = await rotateTenantKeys(store, tenant, (body.types as KeyType[] | undefined) ?? TENANT_KEY_TYPES, tokenId);
    return c.json({ did: tenant.did, ...result });
  });

  return app;
}
