import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { addressRefusal } from '@microcred/securing';

/**
 * Fetching what a credential points at (status lists) is fetching what a stranger chose: the policy
 * here keeps such requests off the verifier's own network. HTTPS only; plain HTTP and loopback
 * addresses only when explicitly allowed (tests, demos); private and reserved addresses never, checked
 * on the address actually connected to (so DNS cannot steer it); no redirect to another host; a time
 * limit and a size limit.
 */
export interface FetchPolicy {
  /** Let requests go to 127.0.0.1 / localhost / ::1, over plain HTTP too (MICROCRED_ALLOW_LOOPBACK). */
  allowLoopback?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  /** Same-host redirects followed at most this many times. */
  maxRedirects?: number;
}

export class FetchRefusedError extends Error {
  constructor(
    message: string,
    readonly code: 'ERR_FETCH_REFUSED' | 'ERR_FETCH_FAILED' | 'ERR_FETCH_TOO_LARGE' | 'ERR_FETCH_TIMEOUT' | 'ERR_FETCH_STATUS' | 'ERR_FETCH_NOT_JSON',
  ) {
    super(message);
    this.name = 'FetchRefusedError';
  }
}

function family(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Why an address may not be contacted, or undefined when it may (the same rule did:web resolution follows). */
export function refusalFor(address: string, policy: FetchPolicy): string | undefined {
  return addressRefusal(address, policy.allowLoopback === true);
}

function guardedLookup(policy: FetchPolicy): LookupFunction {
  return ((hostname: string, options: object, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error);
      const list = addresses as LookupAddress[];
      for (const entry of list) {
        const why = refusalFor(entry.address, policy);
        if (why) return callback(new FetchRefusedError(`Refused to connect to ${hostname}: ${why}.`, 'ERR_FETCH_REFUSED'));
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  }) as LookupFunction;
}

function checkUrl(url: URL, policy: FetchPolicy): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const isLoopbackName = host === 'localhost' || (isIP(host) !== 0 && loopback.check(host, family(host)));
  if (url.protocol === 'https:') {
    if (isIP(host) !== 0) {
      const why = refusalFor(host, policy);
      if (why) throw new FetchRefusedError(`Refused to fetch ${url.href}: ${why}.`, 'ERR_FETCH_REFUSED');
    }
    if (isLoopbackName && !policy.allowLoopback) throw new FetchRefusedError(`Refused to fetch ${url.href}: a loopback address.`, 'ERR_FETCH_REFUSED');
    return;
  }
  if (url.protocol === 'http:' && policy.allowLoopback && isLoopbackName) return;
  throw new FetchRefusedError(
    `Refused to fetch ${url.href}: only https is allowed${policy.allowLoopback ? ' (or http to 127.0.0.1)' : ''}.`,
    'ERR_FETCH_REFUSED',
  );
}

export interface FetchedJson {
  value: unknown;
  /** max-age of Cache-Control, in seconds, where the server gave one. */
  maxAge?: number;
  etag?: string;
}

/** GETs a JSON document under the policy. */
export async function fetchJson(target: string, policy: FetchPolicy = {}): Promise<FetchedJson> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new FetchRefusedError(`"${target}" is not a URL.`, 'ERR_FETCH_REFUSED');
  }
  const maxRedirects = policy.maxRedirects ?? 3;
  for (let hop = 0; ; hop++) {
    checkUrl(url, policy);
    const response = await get(url, policy);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400) {
      response.resume();
      const location = response.headers.location;
      if (!location) throw new FetchRefusedError(`${url.href} answered a redirect without a location.`, 'ERR_FETCH_STATUS');
      const next = new URL(location, url);
      if (next.host !== url.host) throw new FetchRefusedError(`${url.href} redirects to another host (${next.host}); refused.`, 'ERR_FETCH_REFUSED');
      if (hop >= maxRedirects) throw new FetchRefusedError(`${url.href} redirects too often.`, 'ERR_FETCH_REFUSED');
      url = next;
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw new FetchRefusedError(`${url.href} answered HTTP ${status}.`, 'ERR_FETCH_STATUS');
    }
    const body = await readLimited(response, policy.maxBytes ?? 4 * 1024 * 1024, url);
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      throw new FetchRefusedError(`${url.href} did not answer JSON.`, 'ERR_FETCH_NOT_JSON');
    }
    const cacheControl = String(response.headers['cache-control'] ?? '');
    const maxAge = /max-age=(\d+)/.exec(cacheControl)?.[1];
    return {
      value,
      maxAge: /no-store|no-cache/.test(cacheControl) ? 0 : maxAge === undefined ? undefined : Number(maxAge),
      etag: typeof response.headers.etag === 'string' ? response.headers.etag : undefined,
    };
  }
}

function get(url: URL, policy: FetchPolicy): Promise<IncomingMessage> {
  const timeoutMs = policy.timeoutMs ?? 5_000;
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      { method: 'GET', lookup: guardedLookup(policy), headers: { accept: 'application/vc+ld+json, application/ld+json, application/json' }, timeout: timeoutMs },
      resolve,
    );
    const timer = setTimeout(() => request.destroy(new FetchRefusedError(`${url.href} did not answer within ${timeoutMs} ms.`, 'ERR_FETCH_TIMEOUT')), timeoutMs);
    request.on('response', () => clearTimeout(timer));
    request.on('timeout', () => request.destroy(new FetchRefusedError(`${url.href} did not answer within ${timeoutMs} ms.`, 'ERR_FETCH_TIMEOUT')));
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof FetchRefusedError ? error : new FetchRefusedError(`${url.href} could not be reached (${(error as NodeJS.ErrnoException).code ?? error.message}).`, 'ERR_FETCH_FAILED'));
    });
    request.end();
  });
}

function readLimited(response: IncomingMessage, maxBytes: number, url: URL): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(response.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      response.destroy();
      return reject(new FetchRefusedError(`${url.href} is larger than ${maxBytes} bytes.`, 'ERR_FETCH_TOO_LARGE'));
    }
    const chunks: Buffer[] = [];
    let total = 0;
    response.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        response.destroy();
        reject(new FetchRefusedError(`${url.href} is larger than ${maxBytes} bytes.`, 'ERR_FETCH_TOO_LARGE'));
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', (error) => reject(new FetchRefusedError(`Reading ${url.href} failed: ${error.message}`, 'ERR_FETCH_FAILED')));
  });
}
