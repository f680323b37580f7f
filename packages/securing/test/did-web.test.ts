import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDidResolver,
  didDocumentFor,
  didWebFromDomain,
  didWebUrl,
  generateKey,
  publicVerificationMethod,
  secureCredential,
  verifySecuredCredential,
  type DidDocument,
  type KeyPair,
} from '../src/index.ts';
import { sendJson, smallCredential, startServer, type TestServer } from './helpers.ts';

describe('did:web ↔ URL mapping', () => {
  it.each([
    ['did:web:example.com', 'https://example.com/.well-known/did.json'],
    ['did:web:example.com:tenants:a', 'https://example.com/tenants/a/did.json'],
    ['did:web:example.com%3A8443', 'https://example.com:8443/.well-known/did.json'],
    ['did:web:Example.COM:user%20x', 'https://example.com/user%20x/did.json'],
  ])('%s → %s', (did, url) => {
    expect(didWebUrl(did).href).toBe(url);
  });

  it('uses plain http only for loopback hosts with allowHttp', () => {
    expect(didWebUrl('did:web:127.0.0.1%3A8080', { allowHttp: true }).href).toBe('http://127.0.0.1:8080/.well-known/did.json');
    expect(didWebUrl('did:web:localhost%3A8080:a', { allowHttp: true }).href).toBe('http://localhost:8080/a/did.json');
    expect(didWebUrl('did:web:example.com', { allowHttp: true }).protocol).toBe('https:');
    expect(() => didWebUrl('did:web:127.0.0.1%3A8080')).toThrow(expect.objectContaining({ code: 'ERR_DID_WEB_INSECURE' }));
    expect(() => didWebUrl('did:web:localhost')).toThrow(expect.objectContaining({ code: 'ERR_DID_WEB_INSECURE' }));
  });

  it('refuses private addresses and malformed DIDs', () => {
    for (const did of ['did:web:10.0.0.1', 'did:web:192.168.1.2', 'did:web:169.254.169.254', 'did:web:%5Bfe80%3A%3A1%5D']) {
      expect(() => didWebUrl(did, { allowHttp: true }), did).toThrow(expect.objectContaining({ code: 'ERR_DID_WEB_INSECURE' }));
    }
    for (const did of ['did:web:', 'did:web:exa mple.com', 'did:web:example.com:..', 'did:web:user%40example.com', 'did:web:example.com::a']) {
      expect(() => didWebUrl(did), did).toThrow(expect.objectContaining({ code: 'ERR_DID_INVALID' }));
    }
  });

  it('builds did:web DIDs from domains', () => {
    expect(didWebFromDomain('example.com')).toBe('did:web:example.com');
    expect(didWebFromDomain('127.0.0.1:8080')).toBe('did:web:127.0.0.1%3A8080');
    expect(didWebFromDomain('Example.com/tenants/a/')).toBe('did:web:example.com:tenants:a');
    expect(() => didWebFromDomain('https://example.com')).toThrow(expect.objectContaining({ code: 'ERR_DID_INVALID' }));
  });
});

describe('did:web resolution over HTTP on 127.0.0.1', () => {
  let server: TestServer;
  let did: string;
  let routes: Map<string, (response: import('node:http').ServerResponse) => void>;
  let oldKey: KeyPair;
  let newKey: KeyPair;
  let strangerKey: KeyPair;

  beforeAll(async () => {
    routes = new Map();
    server = await startServer((request, response) => {
      const route = routes.get(request.url ?? '');
      if (route) route(response);
      else {
        response.writeHead(404);
        response.end();
      }
    });
    did = `did:web:127.0.0.1%3A${server.port}`;
    const domain = `127.0.0.1:${server.port}`;
    oldKey = await generateKey({ type: 'Ed25519', did: 'web', domain });
    newKey = await generateKey({ type: 'P-256', did: 'web', domain });
    strangerKey = await generateKey({ type: 'Ed25519', did: 'web', domain });
    // Key rotation: the old key stays published (as a public method only).
    const document = didDocumentFor([publicVerificationMethod(oldKey), newKey], did);
    routes.set('/.well-known/did.json', (response) => sendJson(response, document));
    routes.set('/redirect/did.json', (response) => {
      response.writeHead(302, { location: '/.well-known/did.json' });
      response.end();
    });
    routes.set('/big/did.json', (response) =>
      sendJson(response, { id: `${did}:big`, padding: 'x'.repeat(300 * 1024) }),
    );
    routes.set('/chunked/did.json', (response) => {
      response.writeHead(200, { 'content-type': 'application/did+json' });
      response.write(`{"id": "${did}:chunked", "padding": "`);
      for (let i = 0; i < 40; i++) response.write('y'.repeat(8 * 1024));
      response.end('"}');
    });
    routes.set('/mismatch/did.json', (response) => sendJson(response, { ...document, id: 'did:web:evil.example' }));
    routes.set('/notjson/did.json', (response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('<html>');
    });
    routes.set('/slow/did.json', () => {
      /* never answers */
    });
  });
  afterAll(() => server.close());

  it('resolves with allowHttp', async () => {
    const resolver = createDidResolver({ allowHttp: true });
    const document: DidDocument = await resolver.resolve(did);
    expect(document.id).toBe(did);
    expect(document['@context']).toEqual(['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1']);
    expect(document.assertionMethod).toEqual([oldKey.id, newKey.id]);
    expect(await resolver.dereference(newKey.id)).toEqual(publicVerificationMethod(newKey));
    await expect(resolver.dereference(`${did}#key-00000000`)).rejects.toMatchObject({
      code: 'ERR_VERIFICATION_METHOD_NOT_FOUND',
    });
  });

  it('is refused without allowHttp, without any request', async () => {
    const before = server.requests.length;
    await expect(createDidResolver().resolve(did)).rejects.toMatchObject({ code: 'ERR_DID_WEB_INSECURE' });
    expect(server.requests.length).toBe(before);
  });

  it('refuses a redirect', async () => {
    const error = await createDidResolver({ allowHttp: true }).resolve(`${did}:redirect`).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_DID_NOT_RESOLVED', message: expect.stringContaining('redirect') });
    expect(server.requests.filter((url) => url === '/redirect/did.json').length).toBe(1);
  });

  it('refuses an oversized document (declared or streamed)', async () => {
    const resolver = createDidResolver({ allowHttp: true });
    await expect(resolver.resolve(`${did}:big`)).rejects.toMatchObject({
      code: 'ERR_DID_DOCUMENT_INVALID',
      message: expect.stringContaining('larger than 262144 bytes'),
    });
    await expect(resolver.resolve(`${did}:chunked`)).rejects.toMatchObject({ code: 'ERR_DID_DOCUMENT_INVALID' });
    await expect(createDidResolver({ allowHttp: true, maxBytes: 100 }).resolve(did)).rejects.toMatchObject({
      code: 'ERR_DID_DOCUMENT_INVALID',
    });
  });

  it('refuses an id mismatch, non-JSON, 404 and a timeout', async () => {
    const resolver = createDidResolver({ allowHttp: true, timeoutMs: 300 });
    await expect(resolver.resolve(`${did}:mismatch`)).rejects.toMatchObject({
      code: 'ERR_DID_DOCUMENT_INVALID',
      message: expect.stringContaining('did:web:evil.example'),
    });
    await expect(resolver.resolve(`${did}:notjson`)).rejects.toMatchObject({ code: 'ERR_DID_DOCUMENT_INVALID' });
    await expect(resolver.resolve(`${did}:missing`)).rejects.toMatchObject({
      code: 'ERR_DID_NOT_RESOLVED',
      message: expect.stringContaining('404'),
    });
    const started = Date.now();
    await expect(resolver.resolve(`${did}:slow`)).rejects.toMatchObject({
      code: 'ERR_DID_NOT_RESOLVED',
      message: expect.stringContaining('300 ms'),
    });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('verifies credentials of the current and the rotated-out key, in every format', async () => {
    const didResolver = createDidResolver({ allowHttp: true });
    const cases = [
      { key: oldKey, format: 'di' as const },
      { key: oldKey, format: 'jwt' as const },
      { key: newKey, format: 'ecdsa' as const },
      { key: newKey, format: 'jwt' as const },
    ];
    for (const { key, format } of cases) {
      const secured = await secureCredential(smallCredential(did), { key, format });
      const result = await verifySecuredCredential(secured.jwt ?? secured.credential, { didResolver });
      expect(result.errors).toEqual([]);
      expect(result).toMatchObject({ verified: true, format, issuer: did, verificationMethod: key.id });
    }
  });

  it('does not verify a key the DID document does not list', async () => {
    const didResolver = createDidResolver({ allowHttp: true });
    for (const format of ['di', 'jwt'] as const) {
      const secured = await secureCredential(smallCredential(did), { key: strangerKey, format });
      const result = await verifySecuredCredential(secured.jwt ?? secured.credential, { didResolver });
      expect(result.verified).toBe(false);
      expect(result.errors[0]?.code).toBe('ERR_VERIFICATION_METHOD_NOT_FOUND');
    }
  });
});

describe('did:key resolution', () => {
  it('yields Multikey documents for all three key types, cached', async () => {
    const resolver = createDidResolver();
    for (const type of ['Ed25519', 'P-256', 'P-384'] as const) {
      const key = await generateKey({ type });
      const document = await resolver.resolve(key.controller);
      expect(document).toEqual({
        '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
        id: key.controller,
        verificationMethod: [publicVerificationMethod(key)],
        authentication: [key.id],
        assertionMethod: [key.id],
        capabilityDelegation: [key.id],
        capabilityInvocation: [key.id],
      });
      expect(await resolver.resolve(`${key.controller}#whatever`)).toBe(document);
      expect(await createDidResolver().resolve(key.controller)).toBe(document);
      expect(await resolver.dereference(key.id)).toEqual(publicVerificationMethod(key));
    }
  });

  it('reports unsupported methods and invalid DIDs', async () => {
    const resolver = createDidResolver();
    await expect(resolver.resolve('did:example:123')).rejects.toMatchObject({ code: 'ERR_DID_METHOD_UNSUPPORTED' });
    await expect(resolver.resolve('not-a-did')).rejects.toMatchObject({ code: 'ERR_DID_INVALID' });
    await expect(resolver.resolve('did:key:z6MkInvalid0')).rejects.toMatchObject({ code: 'ERR_DID_INVALID' });
    await expect(resolver.resolve('did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme')).rejects.toMatchObject({
      code: 'ERR_DID_NOT_RESOLVED',
    });
  });
});

describe('didDocumentFor', () => {
  it('lists several keys of one controller and refuses foreign keys', async () => {
    const a = await generateKey({ type: 'Ed25519', did: 'web', domain: 'issuer.example' });
    const b = await generateKey({ type: 'P-384', did: 'web', domain: 'issuer.example' });
    const other = await generateKey({ type: 'Ed25519', did: 'web', domain: 'other.example' });
    const document = didDocumentFor([a, publicVerificationMethod(b), a], 'did:web:issuer.example');
    expect(document).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: 'did:web:issuer.example',
      verificationMethod: [publicVerificationMethod(a), publicVerificationMethod(b)],
      assertionMethod: [a.id, b.id],
      authentication: [a.id, b.id],
    });
    expect(JSON.stringify(document)).not.toContain('secret');
    expect(() => didDocumentFor([a, other], 'did:web:issuer.example')).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_INVALID' }),
    );
    expect(() => didDocumentFor([], 'did:web:issuer.example')).toThrow(expect.objectContaining({ code: 'ERR_KEY_INVALID' }));
  });
});
