import type { Context, MiddlewareHandler } from 'hono';
import { Problem } from '../problem.ts';

export interface RateLimiterOptions {
  /** Requests per minute per client (MICROCRED_RATE_LIMIT). A client may spend them in one burst. */
  perMinute: number;
  /**
   * How many reverse proxies in front of the service append to X-Forwarded-For
   * (MICROCRED_TRUSTED_PROXIES). 0: the client is the TCP peer. Anything
   * further left in the header was written by the client and proves nothing.
   */
  trustedProxies?: number;
  /** Monotonic milliseconds; a parameter for tests. */
  now?: () => number;
  /** Most clients remembered at once; beyond it the quietest are forgotten (they had a full allowance anyway). */
  maxClients?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Requests (by their context: a body limit may swap the raw Request) already counted by some limiter. */
const counted = new WeakSet<object>();

/** The TCP peer, as @hono/node-server hands it over (undefined under app.request in tests). */
function peerAddress(c: Context): string | undefined {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress;
}

/** The client a request counts against: the peer, or the address the nearest trusted proxy saw. */
export function clientAddress(c: Context, trustedProxies = 0): string {
  const peer = peerAddress(c) ?? 'unknown';
  if (trustedProxies <= 0) return normalize(peer);
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  // Each trusted proxy appends the address it received from; the last one appended is our peer's view.
  const candidate = hops[hops.length - trustedProxies];
  return normalize(candidate ?? hops[0] ?? peer);
}

function normalize(address: string): string {
  // ::ffff:1.2.3.4 and 1.2.3.4 are one client; an IPv6 client controls its whole /64, so it is one client too.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1] as string;
  if (address.includes(':')) return address.toLowerCase().split(':').slice(0, 4).join(':');
  return address;
}

/**
 * Per-client token bucket for the public endpoints: `perMinute` requests,
 * refilled continuously, so a client that waits `Retry-After` seconds may
 * send again. Over the limit: 429 problem details with `Retry-After`.
 * A request passes at most one limiter, however many routes apply it.
 */
export function rateLimiter(options: RateLimiterOptions): MiddlewareHandler {
  const capacity = options.perMinute;
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('perMinute must be a positive integer (0 means no limiter: do not create one)');
  const perMs = capacity / 60_000;
  const now = options.now ?? (() => performance.now());
  const maxClients = options.maxClients ?? 100_000;
  const buckets = new Map<string, Bucket>();

  const forgetFull = (at: number) => {
    for (const [client, bucket] of buckets) {
      if (bucket.tokens + (at - bucket.at) * perMs >= capacity) buckets.delete(client);
    }
    // Still too many: drop the oldest entries (Map keeps insertion order).
    for (const client of buckets.keys()) {
      if (buckets.size < maxClients) break;
      buckets.delete(client);
    }
  };

  return async (c, next) => {
    if (counted.has(c)) return next();
    counted.add(c);
    const client = clientAddress(c, options.trustedProxies);
    const at = now();
    let bucket = buckets.get(client);
    if (!bucket) {
      if (buckets.size >= maxClients) forgetFull(at);
      bucket = { tokens: capacity, at };
      buckets.set(client, bucket);
    } else {
      bucket.tokens = Math.min(capacity, bucket.tokens + (at - bucket.at) * perMs);
      bucket.at = at;
    }
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
      throw new Problem(
        429,
        'too-many-requests',
        'Too many requests: wait before sending more',
        `This address may send ${capacity} requests per minute to the public endpoints; retry in ${retryAfter} s.`,
        {},
        { 'retry-after': String(retryAfter) },
      );
    }
    bucket.tokens -= 1;
    return next();
  };
}
