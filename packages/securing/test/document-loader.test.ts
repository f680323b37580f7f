import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SecuringError,
  bundledContexts,
  createDocumentLoader,
  generateKey,
  secureCredential,
  verifySecuredCredential,
} from '../src/index.ts';
import { smallCredential, startServer, type TestServer } from './helpers.ts';

const REQUIRED = [
  'https://www.w3.org/2018/credentials/v1',
  'https://www.w3.org/ns/credentials/v2',
  'https://w3id.org/security/data-integrity/v1',
  'https://w3id.org/security/data-integrity/v2',
  'https://w3id.org/security/multikey/v1',
  'https://w3id.org/security/suites/ed25519-2020/v1',
  'https://www.w3.org/ns/credentials/status/v1',
  'https://www.w3.org/ns/did/v1',
  'https://w3id.org/security/v2',
];

describe('bundled contexts', () => {
  it('lists every required context', () => {
    const bundled = bundledContexts();
    for (const url of REQUIRED) expect(bundled.has(url), url).toBe(true);
  });

  it('serves them as the same frozen objects every time', async () => {
    const loader = createDocumentLoader();
    const other = createDocumentLoader();
    for (const url of REQUIRED) {
      const first = await loader(url);
      const second = await loader(url);
      const third = await other(url);
      expect(first).toEqual({ contextUrl: null, documentUrl: url, document: expect.any(Object), tag: 'static' });
      expect(second.document).toBe(first.document);
      expect(third.document).toBe(first.document);
      expect(bundledContexts().get(url)).toBe(first.document);
      expect(Object.isFrozen(first.document)).toBe(true);
      expect(Object.isFrozen(first)).toBe(true);
    }
    const v2 = (await loader('https://www.w3.org/ns/credentials/v2')).document as { '@context': Record<string, unknown> };
    expect(Object.isFrozen(v2['@context'])).toBe(true);
    expect(() => {
      (v2['@context'] as Record<string, unknown>).name = 'x';
    }).toThrow(TypeError);
  });

  it('serves extra contexts given to it (copied and frozen)', async () => {
    const context = { '@context': { example: 'https://example.org/vocab#example' } };
    const loader = createDocumentLoader({ contexts: { 'https://example.org/ctx/v1': context } });
    const result = await loader('https://example.org/ctx/v1');
    expect(result.document).toEqual(context);
    expect(result.document).not.toBe(context);
    expect(Object.isFrozen(result.document)).toBe(true);
    expect(Object.isFrozen(context)).toBe(false);
    expect((await loader('https://example.org/ctx/v1')).document).toBe(result.document);
  });
});

describe('refusals', () => {
  it('refuses https://example.com/ctx with ERR_CONTEXT_NOT_BUNDLED naming the URL', async () => {
    const loader = createDocumentLoader();
    const error = (await loader('https://example.com/ctx').catch((e: unknown) => e)) as SecuringError;
    expect(error).toBeInstanceOf(SecuringError);
    expect(error.code).toBe('ERR_CONTEXT_NOT_BUNDLED');
    expect(error.message).toContain('https://example.com/ctx');
  });

  describe('a context served on 127.0.0.1', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/ld+json' });
        response.end(JSON.stringify({ '@context': { nick: 'https://example.org/nick' } }));
      });
    });
    afterAll(() => server.close());

    it('is never fetched: not by the loader, not when signing, not when verifying', async () => {
      const url = `${server.origin}/contexts/nick.jsonld`;
      const loader = createDocumentLoader();
      await expect(loader(url)).rejects.toMatchObject({
        code: 'ERR_CONTEXT_NOT_BUNDLED',
        message: expect.stringContaining(url),
      });

      const key = await generateKey({ type: 'Ed25519' });
      const credential = smallCredential(key.controller);
      (credential['@context'] as string[]).push(url);
      (credential.credentialSubject as Record<string, unknown>).nick = 'ada';
      for (const format of ['di', 'jwt'] as const) {
        await expect(secureCredential(credential, { key, format })).rejects.toMatchObject({
          code: 'ERR_CONTEXT_NOT_BUNDLED',
          message: expect.stringContaining(url),
        });
      }

      // A credential signed with the context available must not make the
      // verifier fetch it either.
      const withContext = createDocumentLoader({
        contexts: { [url]: { '@context': { nick: 'https://example.org/nick' } } },
      });
      const secured = await secureCredential(credential, { key, format: 'di', documentLoader: withContext });
      expect((await verifySecuredCredential(secured.credential, { documentLoader: withContext })).verified).toBe(true);
      const result = await verifySecuredCredential(secured.credential);
      expect(result.verified).toBe(false);
      expect(result.errors[0]?.code).toBe('ERR_CONTEXT_NOT_BUNDLED');
      expect(result.errors[0]?.message).toContain(url);

      expect(server.requests).toEqual([]);
    });
  });
});

describe('DID URLs', () => {
  it('resolves did:key DIDs and dereferences their fragment to a Multikey method with @context', async () => {
    const key = await generateKey({ type: 'P-256' });
    const loader = createDocumentLoader();
    const doc = await loader(key.controller);
    expect(doc.document).toMatchObject({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: key.controller,
      assertionMethod: [key.id],
    });
    const method = await loader(key.id);
    expect(method).toEqual({
      contextUrl: null,
      documentUrl: key.id,
      document: {
        '@context': 'https://w3id.org/security/multikey/v1',
        id: key.id,
        type: 'Multikey',
        controller: key.controller,
        publicKeyMultibase: key.publicKeyMultibase,
      },
    });
    await expect(loader(`${key.controller}#nope`)).rejects.toMatchObject({ code: 'ERR_VERIFICATION_METHOD_NOT_FOUND' });
    await expect(loader('did:example:123#key-1')).rejects.toMatchObject({ code: 'ERR_DID_METHOD_UNSUPPORTED' });
  });
});
