/**
 * Changing any single value of a signed credential makes verification fail, for each proof format:
 * every leaf (context, body and proof), one at a time.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMicroCredential, loadFixture } from '@microcred/model';
import { generateKey, secureCredential, type KeyPair } from '@microcred/securing';
import { verify } from '@microcred/verifier';

type Path = (string | number)[];

function leaves(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [path];
}

function changed(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 0 ? `${value.slice(0, -1)}${value.endsWith('x') ? 'y' : 'x'}` : 'x';
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  return 'x';
}

function withChange<T>(document: T, path: Path): T {
  const copy = structuredClone(document) as any;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1]!;
  node[last] = changed(node[last]);
  return copy;
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');

describe('tampering with any single value', () => {
  let keys: Record<'Ed25519' | 'P-256', KeyPair>;
  beforeAll(async () => {
    keys = { Ed25519: await generateKey({ type: 'Ed25519' }), 'P-256': await generateKey({ type: 'P-256' }) };
  });

  for (const format of ['di', 'ecdsa'] as const) {
    it(`fails verification of a ${format} credential, for every leaf`, async () => {
      const key = format === 'di' ? keys.Ed25519 : keys['P-256'];
      const credential = buildMicroCredential(loadFixture('crane-operator-certificate'), { issuer: key.controller });
      const { credential: signed } = await secureCredential(credential, { key, format });
      const options = { trustedIssuers: [key.controller], now: new Date('2027-01-01T00:00:00Z') };
      expect((await verify(signed, options)).verdict).toBe('valid');
      const paths = leaves(signed);
      expect(paths.length).toBeGreaterThan(150);
      const survived: string[] = [];
      for (const path of paths) {
        const report = await verify(withChange(signed, path), options);
        if (report.verdict === 'valid') survived.push(path.join('.'));
      }
      expect(survived).toEqual([]);
    });
  }

  it('fails verification of a vc+jwt credential, for every leaf of its payload and header', async () => {
    const key = keys.Ed25519;
    const credential = buildMicroCredential(loadFixture('crane-operator-certificate'), { issuer: key.controller });
    const { jwt } = await secureCredential(credential, { key, format: 'jwt' });
    const [header, payload, signature] = jwt!.split('.') as [string, string, string];
    const options = { trustedIssuers: [key.controller], now: new Date('2027-01-01T00:00:00Z') };
    expect((await verify(jwt!, options)).verdict).toBe('valid');
    const decodedPayload = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const decodedHeader = JSON.parse(Buffer.from(header, 'base64url').toString());
    const survived: string[] = [];
    for (const path of leaves(decodedPayload)) {
      const forged = `${header}.${base64url(JSON.stringify(withChange(decodedPayload, path)))}.${signature}`;
      if ((await verify(forged, options)).verdict === 'valid') survived.push(`payload.${path.join('.')}`);
    }
    for (const path of leaves(decodedHeader)) {
      const forged = `${base64url(JSON.stringify(withChange(decodedHeader, path)))}.${payload}.${signature}`;
      if ((await verify(forged, options)).verdict === 'valid') survived.push(`header.${path.join('.')}`);
    }
    expect(survived).toEqual([]);
  });
});

describe('tampering with any single value of the other renditions and of presentations', () => {
  const options = (issuer: string) => ({ trustedIssuers: [issuer], now: new Date('2027-01-01T00:00:00Z') });

  it('fails verification of the Open Badges 3.0 rendition, for every leaf', async () => {
    const { buildOpenBadgeCredential } = await import('@microcred/wallet-export');
    const { normalizeMicroCredential } = await import('@microcred/model');
    const key = await generateKey({ type: 'Ed25519' });
    const mc = { ...normalizeMicroCredential(loadFixture('crane-operator-certificate'), 'en') };
    const badge = buildOpenBadgeCredential(mc, {
      id: 'urn:uuid:4c3a1f0e-9b8d-4e2c-8a7f-6e5d4c3b2a10',
      issuer: { id: key.controller, name: 'Example Personnel Certification Body' },
      primaryCredentialId: 'urn:uuid:0b7d0a8e-5bd1-4a7a-8f0e-8d3f2b1e4c11',
    });
    const { credential: signed } = await secureCredential(badge, { key, format: 'di' });
    expect((await verify(signed, options(key.controller))).verdict).toBe('valid');
    const survived: string[] = [];
    for (const path of leaves(signed)) {
      if ((await verify(withChange(signed, path), options(key.controller))).verdict === 'valid') survived.push(path.join('.'));
    }
    expect(survived).toEqual([]);
  });

  it('fails verification of the sealed Europass rendition, for every leaf of its payload and protected header', async () => {
    const { generateTestSeal, sealJades } = await import('@microcred/securing');
    const seal = await generateTestSeal({ organization: 'Example Body', organizationIdentifier: 'VATPL-1234567890', country: 'PL', keyType: 'P-256', notBefore: new Date('2026-01-01T00:00:00Z'), validDays: 1000 });
    const edc = {
      '@context': ['https://www.w3.org/2018/credentials/v1', 'http://data.europa.eu/snb/model/context/edc-ap'],
      id: 'urn:credential:7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6',
      type: ['VerifiableCredential', 'EuropeanDigitalCredential'],
      issuer: { id: 'urn:epass:org:1', type: 'Organisation', legalName: { en: 'Example Body' }, eIDASIdentifier: { id: 'urn:epass:legalIdentifier:1', type: 'LegalIdentifier', notation: 'VATPL-1234567890' } },
      validFrom: '2026-09-01T00:00:00Z',
      credentialSubject: { id: 'urn:epass:person:1', type: 'Person', fullName: { en: 'Łukasz Dvořák' }, hasClaim: { id: 'urn:epass:learningAchievement:1', type: 'LearningAchievement', title: { en: 'Certified Mobile Crane Operator' } } },
    };
    const sealed = (await sealJades(edc, { privateKey: seal.privateKeyPem, certificateChain: [seal.certificatePem], signingTime: new Date('2026-09-01T00:00:01Z') })) as { payload: string; signatures: { protected: string; signature: string }[] };
    const trust = { issuers: new Map(), x509TrustAnchors: [seal.caCertificatePem] };
    const check = (document: unknown) => verify(document, { trust, now: new Date('2027-01-01T00:00:00Z') });
    expect((await check(sealed)).verdict).toBe('valid');
    const payload = JSON.parse(sealed.payload);
    const header = JSON.parse(Buffer.from(sealed.signatures[0]!.protected, 'base64url').toString());
    const survived: string[] = [];
    for (const path of leaves(payload)) {
      if ((await check({ ...sealed, payload: JSON.stringify(withChange(payload, path)) })).verdict === 'valid') survived.push(`payload.${path.join('.')}`);
    }
    for (const path of leaves(header)) {
      const forged = { ...sealed, signatures: [{ ...sealed.signatures[0]!, protected: base64url(JSON.stringify(withChange(header, path))) }] };
      if ((await check(forged)).verdict === 'valid') survived.push(`protected.${path.join('.')}`);
    }
    expect(survived).toEqual([]);
  });

  it('fails verification of a presentation, for every leaf (its own and its credential\'s)', async () => {
    const { signPresentation } = await import('@microcred/securing');
    const issuer = await generateKey({ type: 'Ed25519' });
    const holder = await generateKey({ type: 'Ed25519' });
    const credential = buildMicroCredential(loadFixture('minimal'), { issuer: issuer.controller, now: new Date('2026-10-01T00:00:00Z') });
    const { credential: signed } = await secureCredential(credential, { key: issuer, format: 'di' });
    const presentation = await signPresentation(
      { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: holder.controller, verifiableCredential: [signed] },
      { key: holder, challenge: 'c-42', domain: 'employer.example' },
    );
    const check = (vp: unknown) => verify(vp, { ...options(issuer.controller), challenge: 'c-42', domain: 'employer.example' });
    expect((await check(presentation)).verdict).toBe('valid');
    const survived: string[] = [];
    for (const path of leaves(presentation)) {
      if ((await check(withChange(presentation, path))).verdict === 'valid') survived.push(path.join('.'));
    }
    expect(survived).toEqual([]);
  });
});
