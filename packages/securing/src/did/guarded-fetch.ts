import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Readable } from 'node:stream';

/*
 * did:web names a host; the host name is the DID controller's choice, and
 * so is what it resolves to. A name that resolves to 10.0.0.5 or 127.0.0.1
 * would turn a verifier into a probe of its own network. The check runs on
 * the addresses the connection actually uses (the socket's lookup), so a
 * second DNS answer cannot slip a private address past a first, public one.
 */

/** Resolves a host name to its addresses (dns.lookup with all: true); a parameter for tests. */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

export class AddressRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddressRefusedError';
  }
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const reserved = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) reserved.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['::ffff:0:0', 96], ['64:ff9b::', 96]] as const) {
  reserved.addSubnet(net, bits, 'ipv6');
}

/** Why an address may not be contacted, or undefined when it may. */
export function addressRefusal(address: string, allowLoopback: boolean): string | undefined {
  const kind = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (loopback.check(address, kind)) return allowLoopback ? undefined : `${address} is a loopback address`;
  if (reserved.check(address, kind)) return `${address} is a private or reserved address`;
  return undefined;
}

const systemResolver: ResolveHost = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

function guardedLookup(allowLoopback: boolean, resolveHost: ResolveHost): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolveHost(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return callback(new AddressRefusedError(`${hostname} has no address.`));
        for (const entry of addresses) {
          const why = addressRefusal(entry.address, allowLoopback);
          if (why) return callback(new AddressRefusedError(`did:web host ${hostname} resolves to ${why}; refused.`));
        }
        if (options?.all) return callback(null, addresses);
        const first = addresses[0] as LookupAddress;
        return callback(null, first.address, first.family);
      },
      (error: unknown) => callback(error),
    );
  }) as LookupFunction;
}

const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * A fetch (GET only, no redirects followed) whose connections only reach
 * public addresses (and loopback when allowed, for tests).
 */
export function guardedFetch(options: { allowLoopback: boolean; resolveHost?: ResolveHost }): typeof fetch {
  const lookup = guardedLookup(options.allowLoopback, options.resolveHost ?? systemResolver);
  return ((input: string | URL, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
        url,
        { method: 'GET', headers, lookup, ...(init.signal ? { signal: init.signal } : {}) },
        (response: IncomingMessage) => {
          const status = response.statusCode ?? 0;
          const answer = new Headers();
          for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) answer.append(response.rawHeaders[i] as string, response.rawHeaders[i + 1] as string);
          const body = NO_BODY.has(status) ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>);
          if (!body) response.resume();
          resolve(new Response(body, { status, headers: answer }));
        },
      );
      request.on('error', reject);
      request.end();
    })) as typeof fetch;
}
