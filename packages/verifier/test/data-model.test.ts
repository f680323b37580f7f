import { createHash } from 'node:crypto';
import { CONTEXT_DIGESTS, generateKey, secureCredential, type KeyPair } from '@microcred/securing';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCredentialDataModel, checkEnvelope, readDigestMultibase, readDigestSri } from '../src/data-model-checks.ts';
import { verify } from '../src/index.ts';

const V2 = 'https://www.w3.org/ns/credentials/v2';
// The digests the W3C publishes for the v2 context (see packages/securing/src/context-digests.ts).
const [V2_SHA256] = CONTEXT_DIGESTS[V2]!.published.sha256!;
const [V2_SHA384] = CONTEXT_DIGESTS[V2]!.published.sha384!;
const sri384 = `sha384-${Buffer.from(V2_SHA384!, 'hex').toString('base64')}`;
const multibase256 = `u${Buffer.from(V2_SHA256!, 'hex').toString('base64url')}`;

function credential(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': [V2, 'https://www.w3.org/ns/credentials/examples/v2'],
    type: ['VerifiableCredential'],
    issuer: 'did:example:issuer',
    credentialSubject: { id: 'did:example:subject', name: 'Ada' },
    ...extra,
  };
}

const paths = (c: Record<string, unknown>) => checkCredentialDataModel(c).map((i) => i.path);

describe('the data model rules a signature cannot enforce', () => {
  it('accepts a well-formed credential, with every optional part well formed', () => {
    expect(
      checkCredentialDataModel(
        credential({
          id: 'https://example.org/credentials/1',
          credentialSchema: [{ id: 'https://example.org/schema.json', type: 'JsonSchema' }],
          refreshService: { id: 'https://example.org/refresh', type: 'ManualRefreshService2018' },
          termsOfUse: { type: 'IssuerPolicy' },
          evidence: [{ type: ['Evidence'] }],
          credentialStatus: { type: 'BitstringStatusListEntry' },
          relatedResource: [{ id: V2, mediaType: 'application/ld+json', digestSRI: sri384 }, { id: 'https://example.org/other', digestMultibase: multibase256 }],
        }),
      ),
    ).toEqual([]);
  });

  it('refuses a subject that is not an object, or that makes no claim', () => {
    expect(paths(credential({ credentialSubject: 'did:example:subject' }))).toEqual(['credentialSubject']);
    expect(paths(credential({ credentialSubject: {} }))).toEqual(['credentialSubject']);
    expect(paths(credential({ credentialSubject: [{ id: 'did:example:a' }, {}] }))).toEqual(['credentialSubject[1]']);
    expect(paths(credential({ credentialSubject: undefined }))).toEqual(['credentialSubject']);
  });

  it('refuses schemas, refresh services, terms of use, evidence and status entries that do not say their type', () => {
    expect(paths(credential({ credentialSchema: { id: 'https://example.org/schema.json' } }))).toEqual(['credentialSchema.type']);
    expect(paths(credential({ credentialSchema: { type: 'JsonSchema' } }))).toEqual(['credentialSchema.id']);
    expect(paths(credential({ credentialSchema: { type: 'JsonSchema', id: 'not a url' } }))).toEqual(['credentialSchema.id']);
    expect(paths(credential({ refreshService: { id: 'https://example.org/refresh' } }))).toEqual(['refreshService.type']);
    expect(paths(credential({ refreshService: ['https://example.org/refresh'] }))).toEqual(['refreshService[0]']);
    expect(paths(credential({ termsOfUse: { id: 'https://example.org/terms' } }))).toEqual(['termsOfUse.type']);
    expect(paths(credential({ evidence: {} }))).toEqual(['evidence.type']);
    expect(paths(credential({ credentialStatus: { id: 'https://example.org/status' } }))).toEqual(['credentialStatus.type']);
  });

  it('refuses identifiers that are not single URLs', () => {
    expect(paths(credential({ id: 'https ://example.org/1' }))).toEqual(['id']);
    expect(paths(credential({ id: ['urn:uuid:1', 'urn:uuid:2'] }))).toEqual(['id']);
    expect(paths(credential({ issuer: { name: 'No id' } }))).toEqual(['issuer.id']);
    expect(paths(credential({ '@context': ['https://www.w3.org/ns/credentials/examples/v2'] }))).toEqual(['@context']);
    expect(paths(credential({ '@context': [V2, 42] }))).toEqual(['@context[1]']);
  });

  describe('related resources (§5.3)', () => {
    it('needs objects, each with its own id and a digest', () => {
      expect(paths(credential({ relatedResource: [V2] }))).toEqual(['relatedResource[0]']);
      expect(paths(credential({ relatedResource: [{ digestSRI: sri384 }] }))).toEqual(['relatedResource[0].id']);
      expect(paths(credential({ relatedResource: [{ id: V2 }] }))).toEqual(['relatedResource[0]']);
      expect(paths(credential({ relatedResource: [{ id: V2, digestSRI: sri384 }, { id: V2, digestMultibase: multibase256 }] }))).toEqual([
        'relatedResource[1].id',
      ]);
    });

    it('compares the digest of a bundled context with what the W3C publishes, not with the npm copy', () => {
      const npmBytes = CONTEXT_DIGESTS[V2]!.bundledSha256!;
      expect(CONTEXT_DIGESTS[V2]!.published.sha256).not.toContain(npmBytes);
      const npmDigest = `u${Buffer.from(npmBytes, 'hex').toString('base64url')}`;
      expect(paths(credential({ relatedResource: { id: V2, digestMultibase: npmDigest } }))).toEqual(['relatedResource.digestMultibase']);
      const wrong = `sha384-${createHash('sha384').update('something else').digest('base64')}`;
      expect(paths(credential({ relatedResource: { id: V2, digestSRI: wrong } }))).toEqual(['relatedResource.digestSRI']);
      // Both published revisions of the v2 context are right; a multihash says its algorithm itself.
      for (const hex of CONTEXT_DIGESTS[V2]!.published.sha256!) {
        const multihash = Buffer.concat([Buffer.from([0x12, 0x20]), Buffer.from(hex, 'hex')]);
        expect(paths(credential({ relatedResource: { id: V2, digestMultibase: `u${multihash.toString('base64url')}` } }))).toEqual([]);
      }
    });

    it('cannot check a resource it would have to fetch, and so does not fail it', () => {
      const digest = `sha256-${createHash('sha256').update('anything').digest('base64')}`;
      expect(paths(credential({ relatedResource: { id: 'https://example.org/logo.png', digestSRI: digest } }))).toEqual([]);
    });

    it('reads SRI and multibase digests, and says why it cannot', () => {
      expect(readDigestSri(sri384)).toMatchObject({ algorithm: 'sha384' });
      expect(readDigestSri('md5-abc')).toEqual(expect.any(String));
      expect(readDigestSri(`sha256-${Buffer.alloc(20).toString('base64')}`)).toEqual(expect.stringContaining('20 bytes'));
      expect(readDigestMultibase(multibase256)).toMatchObject({ algorithm: 'sha256' });
      expect(readDigestMultibase('z' + '1'.repeat(32))).toMatchObject({ algorithm: 'sha256' });
      expect(readDigestMultibase('x123')).toEqual(expect.any(String));
    });
  });

  it('checks an envelope: base context, data: URL, type', () => {
    const envelope = { '@context': V2, id: 'data:application/vc+jwt,eyJ...', type: 'EnvelopedVerifiableCredential' };
    expect(checkEnvelope(envelope, 'credential')).toEqual([]);
    expect(checkEnvelope({ ...envelope, '@context': [] }, 'credential').map((i) => i.path)).toEqual(['@context']);
    expect(checkEnvelope({ ...envelope, '@context': 'https://www.w3.org/ns/credentials/examples/v2' }, 'credential').map((i) => i.path)).toEqual(['@context']);
    expect(checkEnvelope({ ...envelope, id: 'eyJ...' }, 'credential').map((i) => i.path)).toEqual(['id']);
  });
});

describe('verify() fails the format of a genuinely signed but malformed credential', () => {
  let key: KeyPair;
  beforeAll(async () => {
    key = await generateKey({ type: 'Ed25519' });
  });

  it('a good signature does not make a schema without a type acceptable', async () => {
    const sign = async (extra: Record<string, unknown>) =>
      (await secureCredential(credential({ issuer: key.controller, ...extra }), { key, format: 'di' })).credential;
    const good = await verify(await sign({ credentialSchema: { id: 'https://example.org/schema.json', type: 'JsonSchema' } }));
    expect(good.checks.find((c) => c.check === 'format')?.status).toBe('pass');
    expect(good.verdict).toBe('valid');

    const bad = await verify(await sign({ credentialSchema: { id: 'https://example.org/schema.json' } }));
    expect(bad.checks.find((c) => c.check === 'proof')?.status).toBe('pass');
    expect(bad.checks.find((c) => c.check === 'format')).toMatchObject({ status: 'fail', reason: expect.stringContaining('credentialSchema.type') });
    expect(bad.verdict).toBe('invalid');
  });

  it('reads the W3C examples vocabulary offline, as every specification example uses it', async () => {
    const signed = (await secureCredential(credential({ issuer: key.controller, type: ['VerifiableCredential', 'ExampleCredential'] }), { key, format: 'di' })).credential;
    expect((await verify(signed)).verdict).toBe('valid');
  });
});
