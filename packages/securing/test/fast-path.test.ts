/**
 * The Data Integrity fast path (src/data-integrity/fast/) against the general
 * path (jsonld.js + rdf-canonize through the cryptosuites, @digitalbazaar/vc,
 * jsonld-signatures): the same canonical N-Quads, byte for byte, the same
 * Ed25519 proofs, and the same verification results, on every shape we issue
 * and on generated credentials.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import { buildMicroCredential, FIXTURE_NAMES, loadFixture, readMicroCredential } from '@microcred/model';
import { buildStatusEntry, buildStatusListCredential, encodeList, Bitstring } from '@microcred/status-list';
import { buildOpenBadgeCredential } from '@microcred/wallet-export';
import { createDocumentLoader, generateKey, type JsonObject, type KeyPair } from '../src/index.ts';
import { canonizeFast, type CanonizeDigest } from '../src/data-integrity/fast/canonize.ts';
import { signDataIntegrity } from '../src/data-integrity/sign.ts';
import { verifyDataIntegrity } from '../src/data-integrity/verify.ts';
import { microCredentialInput } from '../../model/test/support/micro-credential-input.ts';

const documentLoader = createDocumentLoader();
const DID_KEY = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const DID_WEB = 'did:web:certs.example.org%3A8443:tenants:acme';
const CREATED = '2026-06-01T10:00:00Z';

/** The general path: exactly what the cryptosuites do (jsonld.toRDF + rdf-canonize). */
function generalCanonize(document: unknown, digest: CanonizeDigest): Promise<string> {
  return digest === 'sha256'
    ? eddsaRdfc2022.canonize(document, { documentLoader })
    : ecdsaRdfc2019.canonize(document, { documentLoader, messageDigestAlgorithm: 'SHA-384' });
}

const proofOptions = (document: JsonObject, cryptosuite: string, verificationMethod: string): JsonObject => ({
  '@context': document['@context'],
  type: 'DataIntegrityProof',
  created: CREATED,
  verificationMethod,
  cryptosuite,
  proofPurpose: 'assertionMethod',
});

/** Both canonical forms the proof hashes (document, proof options), under both digests the suites use. */
async function expectSameNQuads(document: JsonObject): Promise<void> {
  for (const digest of ['sha256', 'sha384'] as const) {
    const cryptosuite = digest === 'sha256' ? 'eddsa-rdfc-2022' : 'ecdsa-rdfc-2019';
    for (const input of [document, proofOptions(document, cryptosuite, `${DID_KEY}#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK`)]) {
      const fast = await canonizeFast(input, digest);
      expect(fast, 'the fast path handles this shape').toBeTypeOf('string');
      expect(fast).toBe(await generalCanonize(input, digest));
    }
  }
}

function statusEntries(base: string): JsonObject[] {
  return (['revocation', 'suspension'] as const).map((purpose, i) => ({
    ...buildStatusEntry({ statusListCredential: `${base}/status-lists/${purpose}-1`, statusListIndex: 4711 + i, statusPurpose: purpose }),
  }));
}

function primaryCredential(name: (typeof FIXTURE_NAMES)[number], issuer: string | { id: string; name: string }): JsonObject {
  return buildMicroCredential(loadFixture(name), {
    issuer,
    now: new Date('2026-06-01T09:00:00Z'),
    credentialStatus: statusEntries('https://certs.example.org:8443'),
    specification: 'https://certs.example.org:8443/specifications/bootcamp/versions/2',
    certificateNumberPrefix: 'ACME',
  });
}

async function statusListCredential(issuer: string): Promise<JsonObject> {
  const list = new Bitstring({ length: 131072 });
  list.set(4711, true);
  return buildStatusListCredential({
    id: 'https://certs.example.org:8443/status-lists/revocation-1',
    issuer,
    statusPurpose: 'revocation',
    encodedList: await encodeList(list),
    validFrom: '2026-06-01T09:00:00Z',
    ttl: 300_000,
  }) as unknown as JsonObject;
}

function openBadge(name: (typeof FIXTURE_NAMES)[number], issuer: string): JsonObject {
  return buildOpenBadgeCredential(readMicroCredential(primaryCredential(name, issuer)), {
    id: 'urn:uuid:0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
    issuer: { id: issuer, name: 'ACME Training', url: 'https://acme.example.org/' },
    primaryCredentialId: 'urn:uuid:11111111-2222-4333-8444-555555555555',
    credentialStatus: statusEntries('https://certs.example.org:8443'),
    emailSalt: 'c2FsdA',
  });
}

describe('canonical N-Quads: fast path = jsonld.js + rdf-canonize', () => {
  it.each(FIXTURE_NAMES)('the primary micro-credential %s (did:key and did:web issuers)', async (name) => {
    await expectSameNQuads(primaryCredential(name, DID_KEY));
    await expectSameNQuads(primaryCredential(name, { id: DID_WEB, name: 'ACME Training' }));
  });

  it('status list credentials', async () => {
    await expectSameNQuads(await statusListCredential(DID_KEY));
    await expectSameNQuads(await statusListCredential(DID_WEB));
  });

  it.each(FIXTURE_NAMES)('the Open Badges 3.0 rendition of %s', async (name) => {
    await expectSameNQuads(openBadge(name, DID_KEY));
  });

  it('1,000 generated micro-credentials', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(microCredentialInput, fc.boolean(), async (input, web) => {
        runs++;
        const credential = buildMicroCredential(input, {
          issuer: web ? { id: DID_WEB, name: 'ACME "Training" \\ Ltd' } : DID_KEY,
          credentialStatus: statusEntries('https://certs.example.org'),
        });
        const digest: CanonizeDigest = runs % 2 === 0 ? 'sha256' : 'sha384';
        const fast = await canonizeFast(credential, digest);
        expect(fast).toBeTypeOf('string');
        expect(fast).toBe(await generalCanonize(credential, digest));
      }),
      { numRuns: 1000 },
    );
    expect(runs).toBe(1000);
  });
});

/** An arbitrary JSON-LD document over an inline context: whatever the fast path answers, jsonld.js answers the same. */
describe('canonical N-Quads on arbitrary JSON-LD', () => {
  const term = fc.constantFrom('nick', 'knows', 'age', 'tags', 'label', 'when', 'ref', 'kind', 'steps', 'score', 'Thing', 'x:local', 'undefinedTerm');
  const scalar = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.integer({ min: -1e6, max: 1e6 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constantFrom('https://example.org/a', 'x:b', '_:b1', 'relative/path', 'Thing', '2026-01-01T00:00:00Z', null),
  );
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.array(tie('value'), { maxLength: 3 }),
      tie('node'),
      fc.record({ '@value': scalar, '@language': fc.constantFrom('en', 'DE', 'pt-BR', 'not a tag') }, { requiredKeys: ['@value'] }),
      fc.record({ '@value': scalar, '@type': fc.constantFrom('xsd:integer', 'xsd:double', 'https://example.org/dt', 'x:dt') }, { requiredKeys: ['@value'] }),
      fc.dictionary(fc.constantFrom('en', 'fr', '@none', 'EN-gb'), fc.oneof(fc.string({ maxLength: 6 }), fc.constant(null)), { maxKeys: 3 }),
    ),
    node: fc.dictionary(
      fc.oneof(term, fc.constantFrom('id', 'type', '@id', '@type')),
      tie('value'),
      { maxKeys: 4 },
    ),
  }));
  const inlineContext = {
    x: 'https://example.org/x#',
    xsd: 'http://www.w3.org/2001/XMLSchema#',
    nick: 'https://schema.org/alternateName',
    knows: { '@id': 'https://schema.org/knows', '@type': '@id' },
    age: { '@id': 'https://schema.org/age', '@type': 'xsd:integer' },
    tags: { '@id': 'https://example.org/tags', '@container': '@list' },
    label: { '@id': 'https://example.org/label', '@container': '@language' },
    when: { '@id': 'https://example.org/when', '@type': 'xsd:dateTime' },
    ref: { '@id': 'https://example.org/ref', '@type': '@vocab' },
    kind: { '@id': 'https://example.org/kind', '@language': 'fr' },
    steps: { '@id': 'https://example.org/steps', '@container': '@set' },
    score: { '@id': 'https://example.org/score', '@type': 'xsd:double' },
    Thing: { '@id': 'https://example.org/Thing', '@context': { nick: 'https://example.org/thingName' } },
  };

  it('never disagrees with jsonld.js (fast answers are right; what it declines, jsonld.js decides)', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(value, fc.constantFrom<'v2' | 'none'>('v2', 'none'), async (body, base) => {
        const node = body !== null && typeof body === 'object' && !Array.isArray(body) ? body : { nick: body };
        const document = {
          '@context': base === 'v2' ? ['https://www.w3.org/ns/credentials/v2', inlineContext] : inlineContext,
          ...(node as object),
        };
        const fast = await canonizeFast(document);
        let general: string | Error;
        try {
          general = await generalCanonize(document, 'sha256');
        } catch (error) {
          general = error as Error;
        }
        if (fast !== undefined) {
          answered++;
          expect(general).toBe(fast);
        }
      }),
      { numRuns: 1000 },
    );
    // Many generated documents are invalid JSON-LD (jsonld.js' safe mode refuses them, and so
    // must the fast path); a good share are valid, and those the fast path answers.
    expect(answered).toBeGreaterThan(200);
  });

  it.each([
    ['repeated values, as the node map sees them (5 and "5"^^xsd:integer are two)', { age: [5, { '@value': '5', '@type': 'xsd:integer' }, 5], nick: ['x', 'x', { '@value': 'x' }, { '@value': 'x', '@language': 'EN' }, { '@value': 'x', '@language': 'en' }] }],
    ['one node met twice, with a list each time (lists are never merged)', { '@id': 'https://example.org/a', tags: [], knows: { '@id': 'https://example.org/a', tags: [], nick: 'again' } }],
    ['blank node labels, numbers, booleans and doubles', { '@id': '_:self', knows: { '@id': '_:other', knows: { '@id': '_:self' } }, score: [1, 2.5, '3'], age: [true, 1e21, -0, 12345678901234567890], x: 1.0 }],
    ['a type-scoped context and a value object under it', { '@type': 'Thing', nick: { '@value': 'scoped', '@language': 'de' }, knows: { '@type': ['Thing', 'x:Other'], nick: 'nested', knows: { nick: 'reverted' } } }],
    ['an embedded context', { knows: { '@context': { nick: 'https://example.org/embedded' }, nick: 'inner' }, nick: 'outer' }],
  ])('answers, as jsonld.js does: %s', async (_name, body) => {
    for (const context of [inlineContext, ['https://www.w3.org/ns/credentials/v2', inlineContext]]) {
      const document = { '@context': context, ...body };
      const fast = await canonizeFast(document);
      expect(fast).toBeTypeOf('string');
      expect(fast).toBe(await generalCanonize(document, 'sha256'));
    }
  });

  it.each([
    ['a @graph container', { '@context': ['https://www.w3.org/ns/credentials/v2'], type: 'VerifiablePresentation', verifiableCredential: { type: 'VerifiableCredential' } }],
    ['@json', { '@context': ['https://www.w3.org/ns/credentials/v2', { data: { '@id': 'https://example.org/data', '@type': '@json' } }], data: { a: 1 } }],
    ['@reverse', { '@context': { knownBy: { '@reverse': 'https://schema.org/knows' } }, '@id': 'https://example.org/a', knownBy: { '@id': 'https://example.org/b' } }],
    ['a relative @id', { '@context': ['https://www.w3.org/ns/credentials/v2'], id: 'relative', name: 'x' }],
    ['an unbundled context', { '@context': ['https://www.w3.org/ns/credentials/v2', 'https://example.org/ctx.jsonld'], name: 'x' }],
    ['@direction', { '@context': ['https://www.w3.org/ns/credentials/v2'], name: { '@value': 'x', '@direction': 'rtl' } }],
    ['@index maps', { '@context': { m: { '@id': 'https://example.org/m', '@container': '@index' } }, m: { a: 'x' } }],
    ['an undefined term without @vocab', { '@context': { a: 'https://example.org/a' }, a: 'x', b: 'y' }],
  ])('declines %s (jsonld.js gives the answer or the error)', async (_name, document) => {
    expect(await canonizeFast(document)).toBeUndefined();
  });
});

describe('signing and verifying: fast path = @digitalbazaar/vc + jsonld-signatures', () => {
  let ed25519: KeyPair;
  let p256: KeyPair;
  let p384: KeyPair;
  const keys = async () => {
    ed25519 ??= await generateKey({ type: 'Ed25519' });
    p256 ??= await generateKey({ type: 'P-256' });
    p384 ??= await generateKey({ type: 'P-384' });
    return { ed25519, p256, p384 };
  };

  async function sign(credential: JsonObject, key: KeyPair, fastPath: boolean): Promise<JsonObject> {
    return signDataIntegrity(credential, {
      key,
      format: key.keyType === 'Ed25519' ? 'di' : 'ecdsa',
      documentLoader,
      date: CREATED,
      fastPath,
    });
  }

  async function expectSameVerdicts(signed: JsonObject, format: 'di' | 'ecdsa'): Promise<void> {
    const general = await verifyDataIntegrity(signed, format, documentLoader, { fastPath: false });
    const fast = await verifyDataIntegrity(signed, format, documentLoader);
    expect(fast).toEqual(general);
  }

  const tamperings: [string, (signed: JsonObject) => JsonObject][] = [
    ['a changed name', (s) => ({ ...s, name: 'Something else' })],
    ['an added property', (s) => ({ ...s, extra: 'added' })],
    ['a changed proof date', (s) => ({ ...s, proof: { ...(s.proof as JsonObject), created: '2020-01-01T00:00:00Z' } })],
    ['a changed signature', (s) => {
      const proof = s.proof as JsonObject;
      const value = proof.proofValue as string;
      return { ...s, proof: { ...proof, proofValue: `${value.slice(0, -3)}${value.endsWith('abc') ? 'xyz' : 'abc'}` } };
    }],
    ['another issuer', (s) => ({ ...s, issuer: 'did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH' })],
    ['a wrong proof purpose', (s) => ({ ...s, proof: { ...(s.proof as JsonObject), proofPurpose: 'authentication' } })],
    ['no proof', ({ proof: _proof, ...rest }) => rest],
  ];

  it.each(FIXTURE_NAMES)('%s: identical Ed25519 proofs, and the same verdicts for it and tampered copies', async (name) => {
    const { ed25519: key } = await keys();
    for (const credential of [primaryCredential(name, key.controller), openBadge(name, key.controller)]) {
      const fast = await sign(credential, key, true);
      const general = await sign(credential, key, false);
      // Ed25519 is deterministic: the same bytes signed give the same proof.
      expect(JSON.stringify(fast)).toBe(JSON.stringify(general));
      await expectSameVerdicts(fast, 'di');
      expect((await verifyDataIntegrity(fast, 'di', documentLoader)).verified).toBe(true);
      for (const [, tamper] of tamperings) await expectSameVerdicts(tamper(fast), 'di');
    }
  });

  it.each(FIXTURE_NAMES)('%s with ecdsa-rdfc-2019 (P-256, P-384): each path verifies the other\'s proofs', async (name) => {
    const { p256: a, p384: b } = await keys();
    for (const key of [a, b]) {
      const credential = primaryCredential(name, key.controller);
      for (const signed of [await sign(credential, key, true), await sign(credential, key, false)]) {
        await expectSameVerdicts(signed, 'ecdsa');
        expect((await verifyDataIntegrity(signed, 'ecdsa', documentLoader)).verified).toBe(true);
        for (const [, tamper] of tamperings.slice(0, 4)) await expectSameVerdicts(tamper(signed), 'ecdsa');
      }
    }
  });

  it('status list credentials: identical proofs and verdicts', async () => {
    const { ed25519: key } = await keys();
    const credential = await statusListCredential(key.controller);
    const fast = await sign(credential, key, true);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(await sign(credential, key, false)));
    await expectSameVerdicts(fast, 'di');
    await expectSameVerdicts({ ...fast, credentialSubject: { ...(fast.credentialSubject as JsonObject), encodedList: 'uH4sIAAAAAAAAA' } }, 'di');
  });

  it('generated micro-credentials: identical proofs and verdicts', async () => {
    const { ed25519: key } = await keys();
    await fc.assert(
      fc.asyncProperty(microCredentialInput, async (input) => {
        const credential = buildMicroCredential(input, { issuer: key.controller, credentialStatus: statusEntries('https://certs.example.org') });
        const fast = await sign(credential, key, true);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(await sign(credential, key, false)));
        await expectSameVerdicts(fast, 'di');
        await expectSameVerdicts({ ...fast, validFrom: '2001-01-01T00:00:00Z' }, 'di');
      }),
      { numRuns: 100 },
    );
  });
});
