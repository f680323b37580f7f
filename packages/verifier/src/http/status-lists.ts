import type { StatusListSource } from '../verify.ts';
import { fetchJson, type FetchPolicy } from './fetch-json.ts';

export interface HttpStatusListOptions extends FetchPolicy {
  /** Used when neither the list's `ttl` nor the server's Cache-Control says how long to keep it. */
  defaultTtlMs?: number;
  /** At most this many lists are kept. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Status lists over HTTP, kept for as long as the list says (`ttl`, in milliseconds, per the Bitstring
 * Status List spec), else as long as the server's Cache-Control says, else five minutes.
 */
export function httpStatusLists(options: HttpStatusListOptions = {}): StatusListSource & { clear(): void } {
  const cache = new Map<string, { value: Record<string, unknown>; expiresAt: number }>();
  const inFlight = new Map<string, Promise<Record<string, unknown>>>();
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 1_000;

  const load = async (url: string): Promise<Record<string, unknown>> => {
    const fetched = await fetchJson(url, options);
    const value = fetched.value;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${url} is not a status list credential.`);
    const list = value as Record<string, unknown>;
    const subject = list.credentialSubject as Record<string, unknown> | undefined;
    const ttl = typeof subject?.ttl === 'number' && subject.ttl >= 0 ? subject.ttl : fetched.maxAge !== undefined ? fetched.maxAge * 1000 : (options.defaultTtlMs ?? 300_000);
    if (ttl > 0) {
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
      cache.set(url, { value: list, expiresAt: now() + ttl });
    }
    return list;
  };

  const source = (async (url: string) => {
    const hit = cache.get(url);
    if (hit && hit.expiresAt > now()) return hit.value;
    cache.delete(url);
    // Concurrent checks of credentials on the same list share one request.
    let pending = inFlight.get(url);
    if (!pending) {
      pending = load(url).finally(() => inFlight.delete(url));
      inFlight.set(url, pending);
    }
    return pending;
  }) as StatusListSource & { clear(): void };
  source.clear = () => cache.clear();
  return source;
}
