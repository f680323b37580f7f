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
