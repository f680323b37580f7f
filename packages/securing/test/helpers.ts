import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
export const ELM = 'http://data.europa.eu/snb/model/elm/';

/** A small VC 2.0 credential. */
export function smallCredential(issuer: string): Record<string, unknown> {
  return {
    '@context': [VC_V2],
    id: `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential'],
    issuer,
    validFrom: '2025-01-01T00:00:00Z',
    credentialSubject: {
      id: 'did:example:learner-1',
      name: 'Ada Lovelace',
      description: 'Completed the introductory course.',
    },
  };
}

/** A VC 2.0 credential with an inline context mapping terms to ELM IRIs (incl. a language map). */
export function elmCredential(issuer: string): Record<string, unknown> {
  return {
    '@context': [
      VC_V2,
      {
        // Every entry is used by the data below: Data Integrity signs the RDF
        // dataset, so a context entry that does not contribute to it (e.g.
        // an unused prefix) can change without breaking the proof.
        elm: ELM,
        LearningAchievement: 'elm:LearningAchievement',
        achieved: { '@id': 'elm:achieved', '@type': '@id' },
        title: { '@id': 'elm:title', '@container': '@language' },
        creditPoints: { '@id': `${ELM}creditPoint`, '@type': 'http://www.w3.org/2001/XMLSchema#integer' },
      },
    ],
    id: `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential'],
    issuer,
    validFrom: '2025-02-01T10:00:00Z',
    credentialSubject: {
      id: 'did:example:learner-2',
      achieved: {
        id: `urn:uuid:${randomUUID()}`,
        type: 'LearningAchievement',
        title: { en: 'Data stewardship', de: 'Datenverwaltung' },
        creditPoints: 3,
      },
    },
  };
}

export type Path = Array<string | number>;

/** Every primitive leaf of a JSON value (paths), optionally skipping top-level keys. */
export function leafPaths(value: unknown, skipTopLevel: string[] = [], path: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [path];
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value as Record<string, unknown>);
  return entries.flatMap(([key, child]) =>
    path.length === 0 && typeof key === 'string' && skipTopLevel.includes(key) ? [] : leafPaths(child, [], [...path, key]),
  );
}

/** A deep copy with the leaf at `path` changed (strings get a suffix, numbers +1, booleans flipped). */
export function withChangedLeaf<T>(value: T, path: Path): T {
  const copy = structuredClone(value) as unknown as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  const old = parent[last];
  parent[last] =
    typeof old === 'string' ? `${old}x` : typeof old === 'number' ? old + 1 : typeof old === 'boolean' ? !old : 'changed';
  return copy as unknown as T;
}

export interface TestServer {
  port: number;
  origin: string;
  requests: string[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 (random port) that records every request URL. */
export async function startServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<TestServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(response: ServerResponse, body: unknown, status = 200): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/did+json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Replaces one character in the middle of the JWT payload segment. */
export function flipPayloadByte(jwt: string): string {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const index = Math.floor(payload.length / 2);
  const char = payload[index] === 'A' ? 'B' : 'A';
  return [header, payload.slice(0, index) + char + payload.slice(index + 1), signature].join('.');
}

/** Re-encodes a JWT with a different payload, keeping header and signature. */
export function withPayload(jwt: string, payload: unknown): string {
  const [header, , signature] = jwt.split('.') as [string, string, string];
  return [header, Buffer.from(JSON.stringify(payload)).toString('base64url'), signature].join('.');
}
