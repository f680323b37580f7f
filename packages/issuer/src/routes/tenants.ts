import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { KeyType } from '@microcred/securing';
import { requireScope } from '../auth.ts';
import { parseBody, readOptionalJson, type AppEnv, type Services } from '../context.ts';
import { idempotency } from '../idempotency.ts';
import { problems } from '../problem.ts';
import { reportSeal } from '../seal.ts';
import { activeKeyTypes, addTenantKey, didDocumentUrl, isDidWeb, KEY_TYPES, rotateTenantKeys } from '../tenants.ts';
import { SMALL_BODY_LIMIT } from './micro-credentials.ts';

const keyType = z.enum(KEY_TYPES as [KeyType, ...KeyType[]], { error: `must be ${KEY_TYPES.join(', ')}` });

const rotateBody = z.strictObject({
  types: z.array(keyType).min(1).optional(),
});

const addKeyBody = z.strictObject({
  type: z.enum(KEY_TYPES as [KeyType, ...KeyType[]], { error: `is required: ${KEY_TYPES.join(', ')}` }),
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
      // controller: the DID a key signs as (a did:key tenant's keys are each a DID of their own).
      keys: keys.map((key) => ({
        id: key.id,
        type: key.keyType,
        controller: (key.publicKey as { controller?: string } | null)?.controller ?? null,
        status: key.status,
        createdAt: key.createdAt,
        retiredAt: key.retiredAt,
      })),
      // The e-seal of the Europass rendition, and a warning from 30 days before its certificate expires.
      ...(await reportSeal(services, tenant.id)),
    });
  });

  const small = bodyLimit({ maxSize: SMALL_BODY_LIMIT, onError: () => { throw problems.payloadTooLarge(SMALL_BODY_LIMIT); } });

  // POST /tenants/current/keys {type}: a key of a type the tenant does not hold yet (P-384, for ecdsa-rdfc-2019 with keyType P-384).
  app.post('/current/keys', requireScope(services, 'manage'), small, idempotency(services), async (c) => {
    const body = parseBody(addKeyBody, await readOptionalJson(c));
    const { tenant, tokenId } = c.get('principal');
    const key = await addTenantKey(store, tenant, body.type, tokenId);
    const method = key.publicKey as { controller: string };
    return c.json({ did: tenant.did, key: { id: key.id, type: key.keyType, controller: method.controller, status: key.status, createdAt: key.createdAt } }, 201);
  });

  // POST /tenants/current/keys/rotate {types?}: new keys sign from now on; the DID document keeps the old public keys.
  app.post('/current/keys/rotate', requireScope(services, 'manage'), small, idempotency(services), async (c) => {
    const body = parseBody(rotateBody, await readOptionalJson(c));
    const { tenant, tokenId } = c.get('principal');
    if (!isDidWeb(tenant)) {
      throw problems.conflict(`${tenant.did ?? 'This tenant'} is a did:key: its key is its identity, so it cannot rotate keys. Use a did:web tenant.`);
    }
    // No types: every signing key the tenant holds (a P-384 key too, when it has one).
    const result = await rotateTenantKeys(store, tenant, body.types ?? (await activeKeyTypes(store, tenant)), tokenId);
    return c.json({ did: tenant.did, ...result });
  });

  return app;
}
