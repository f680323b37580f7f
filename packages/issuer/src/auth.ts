import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Scope, Services } from './context.ts';
import { problems } from './problem.ts';

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Bearer tokens: looked up by their SHA-256 (the only form stored), then
 * compared in constant time, so neither the lookup nor the comparison tells
 * an attacker how much of a guess was right. Only the token's tenant is
 * ever visible to the request.
 */
export function requireScope(services: Pick<Services, 'store'>, ...scopes: Scope[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) throw problems.unauthorized('The request has no Authorization header.');
    const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header);
    if (!match) throw problems.unauthorized('The Authorization header must be "Bearer <token>".');
    const presented = sha256(match[1] as string);
    const token = await services.store.apiTokens.findByHash(presented.toString('hex'));
    if (!token || !timingSafeEqual(presented, Buffer.from(token.tokenHash, 'hex'))) {
      throw problems.unauthorized('The API token is not valid (unknown or revoked).');
    }
    const tenant = await services.store.tenants.get(token.tenantId);
    if (!tenant) throw problems.unauthorized('The API token is not valid (its tenant no longer exists).');
    const granted = token.scopes.filter((s): s is Scope => s === 'issue' || s === 'manage');
    if (!scopes.some((scope) => granted.includes(scope))) throw problems.forbidden(scopes, granted);
    c.set('principal', { tokenId: token.id, tenant, scopes: granted });
    await next();
  };
}

/** A new API token: 32 random bytes, base64url. Shown once; only its hash is stored. */
export { newSecret as newApiToken } from './secrets.ts';
