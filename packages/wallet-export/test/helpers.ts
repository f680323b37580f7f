import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  FIXTURE_NAMES,
  loadFixture,
  normalizeMicroCredential,
  type FixtureName,
  type NormalizedMicroCredential,
} from '@microcred/model';

export { FIXTURE_NAMES, type FixtureName };

/** A project fixture as an issued micro-credential: what `readMicroCredential(primary)` gives. */
export function issuedFixture(name: FixtureName): NormalizedMicroCredential {
  const mc = normalizeMicroCredential(loadFixture(name), 'en');
  return { ...mc, issued: mc.issued ?? '2026-10-01T09:00:00Z', certificateNumber: mc.certificateNumber ?? 'MC-2026-TEST0000001' };
}

/** An HTTP server on 127.0.0.1 serving JSON documents by path; `url(path)` gives their URLs. */
export async function serveJson(documents: Map<string, unknown>): Promise<{ url: (path: string) => string; close: () => Promise<void>; requests: string[] }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = documents.get(req.url ?? '');
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
    requests,
  };
}

/**
 * Replaces global fetch for the duration of a test file: loopback requests go through, anything else fails
 * at once (and is recorded), so a test proves a library runs without the network.
 */
export function refuseNetwork(): { refused: string[]; restore: () => void } {
  const original = globalThis.fetch;
  const refused: string[] = [];
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.hostname === '127.0.0.1') return original(input, init);
    refused.push(url.href);
    throw new TypeError(`network access refused in tests: ${url.href}`);
  }) as typeof fetch;
  return { refused, restore: () => void (globalThis.fetch = original) };
}

/** A 1×1 transparent PNG, standing in for the rendered certificate. */
export const PLACEHOLDER_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
