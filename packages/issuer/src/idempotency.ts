import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Services } from './context.ts';
import { problems } from './problem.ts';

const KEY = /^[\x21-\x7e]{1,255}$/;

/** JSON with sorted keys, so a retry that only reorders fields is still the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function fingerprint(method: string, url: string, body: string): string {
  let normalized = body;
  try {
    normalized = canonical(JSON.parse(body));
  } catch {
    // Not JSON, or nested too deep to walk: the handler refuses it anyway; the raw text is the fingerprint.
  }
  const { pathname, searchParams } = new URL(url);
  const query = [...searchParams].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join('&');
  return createHash('sha256').update(`${method} ${pathname}?${query}\n${normalized}`).digest('hex');
}

/**
 * `Idempotency-Key` (IETF draft "The Idempotency-Key HTTP Header Field"):
 * the first request with a key runs, and its successful response is stored;
 * a retry with the same key and body gets that response again; the same key
 * with another body is refused (422); a retry while the first still runs
 * gets 409.
 *
 * A request that fails is released so it can be retried, unless some of its
 * items were already issued (recorded per item by the issuance code, in the
 * items' own transactions): then the claim is kept, marked abandoned, and
 * only a re-send of the same request can take it over and finish the
 * remaining items. A claim whose process died is taken over once it has had
 * no heartbeat for `idempotencyStaleAfterMs`.
 */
export function idempotency(services: Pick<Services, 'store' | 'idempotencyStaleAfterMs' | 'logger'>): MiddlewareHandler<AppEnv> {
  const { store } = services;
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined) {
      c.set('idempotencyKey', undefined);
      return next();
    }
    if (!KEY.test(key)) throw problems.invalidIdempotencyKey();
    const tenantId = c.get('principal').tenant.id;
    // The bytes, not c.req.text(): the handler must still see (and refuse) a body that is not UTF-8.
    const hash = fingerprint(c.req.method, c.req.url, Buffer.from(await c.req.arrayBuffer()).toString('utf8'));
    const begin = await store.idempotency.begin(tenantId, key, hash, { staleAfterMs: services.idempotencyStaleAfterMs });
    switch (begin.state) {
      case 'done':
        return c.json(begin.body as object, begin.statusCode as 200, { 'idempotent-replayed': 'true' });
      case 'mismatch':
        throw problems.idempotencyKeyReused();
      case 'in-progress':
        throw problems.idempotencyInProgress();
      case 'started':
        break;
    }
    c.set('idempotencyKey', key);
    await next();
    const response = c.res;
    try {
      if (response.status >= 200 && response.status < 300 && !c.error) {
        const body: unknown = await response.clone().json();
        await store.idempotency.complete(tenantId, key, { statusCode: response.status, body });
      } else {
        const issued = await store.idempotency.listItems(tenantId, key);
        if (issued.length > 0) await store.idempotency.abandon(tenantId, key);
        else await store.idempotency.release(tenantId, key);
      }
    } catch (error) {
      // The response is already decided; a failure to record it only costs the client a retry.
      services.logger.error('could not record the idempotent response', { key, message: (error as Error).message });
    }
  };
}
