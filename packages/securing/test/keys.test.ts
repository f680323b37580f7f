import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SecuringError,
  exportKeyFile,
  generateKey,
  importKeyFile,
  loadKeyFile,
  publicVerificationMethod,
  saveKeyFile,
  secureCredential,
  verifySecuredCredential,
  type KeyType,
} from '../src/index.ts';
import { smallCredential } from './helpers.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'securing-keys-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PREFIX: Record<KeyType, string> = { Ed25519: 'z6Mk', 'P-256': 'zDna', 'P-384': 'z82L' };
const FORMAT: Record<KeyType, 'di' | 'ecdsa'> = { Ed25519: 'di', 'P-256': 'ecdsa', 'P-384': 'ecdsa' };

describe.each(['Ed25519', 'P-256', 'P-384'] as const)('%s key', (type) => {
  it('generates, saves (0600), loads, signs and verifies', async () => {
    const key = await generateKey({ type });
    expect(key.keyType).toBe(type);
    expect(key.publicKeyMultibase.startsWith(PREFIX[type])).toBe(true);
    expect(key.controller).toBe(`did:key:${key.publicKeyMultibase}`);
    expect(key.id).toBe(`${key.controller}#${key.publicKeyMultibase}`);

    const path = join(dir, type, 'nested', 'issuer-key.json');
    await saveKeyFile(path, key);
    expect((await stat(path)).mode & 0o777).toBe(0o600);

    const file = JSON.parse(await readFile(path, 'utf8'));
    expect(Object.keys(file).sort()).toEqual(
      ['controller', 'created', 'id', 'keyType', 'publicKeyMultibase', 'secretKeyMultibase', 'type'].sort(),
    );
    expect(file.type).toBe('Multikey');
    expect(file.keyType).toBe(type);
    expect(file.id).toBe(key.id);
    expect(file.controller).toBe(key.controller);
    expect(file.publicKeyMultibase).toBe(key.publicKeyMultibase);
    expect(file.created).toBe(key.created);
    expect(typeof file.secretKeyMultibase).toBe('string');
    expect(file.secretKeyMultibase.startsWith('z')).toBe(true);

    // The KeyPair never shows its secret.
    const secret: string = file.secretKeyMultibase;
    const json = JSON.stringify(key);
    expect(json).not.toContain(secret);
    expect(json).not.toContain('secretKeyMultibase');
    expect(JSON.parse(json)).toEqual({
      type: 'Multikey',
      keyType: type,
      id: key.id,
      controller: key.controller,
      publicKeyMultibase: key.publicKeyMultibase,
      created: key.created,
    });
    expect(key.toJSON()).not.toHaveProperty('secretKeyMultibase');
    expect(inspect(key, { depth: 10, showHidden: true })).not.toContain(secret);
    expect(Object.values(key).join(' ')).not.toContain(secret);

    const loaded = await loadKeyFile(path);
    expect(loaded.toJSON()).toEqual(key.toJSON());
    expect(exportKeyFile(loaded)).toEqual(file);
    expect(JSON.stringify(loaded)).not.toContain(secret);

    for (const format of [FORMAT[type], 'jwt'] as const) {
      const secured = await secureCredential(smallCredential(loaded.controller), { key: loaded, format });
      const result = await verifySecuredCredential(secured.jwt ?? secured.credential);
      expect(result.errors).toEqual([]);
      expect(result.verified).toBe(true);
      expect(result.format).toBe(format);
      expect(result.issuer).toBe(key.controller);
      expect(result.verificationMethod).toBe(key.id);
    }
  });

  it('generates a did:web key with a hashed fragment', async () => {
    const key = await generateKey({ type, did: 'web', domain: '127.0.0.1:8443/issuers/a' });
    expect(key.controller).toBe('did:web:127.0.0.1%3A8443:issuers:a');
    const hash = createHash('sha256').update(key.publicKeyMultibase).digest('hex').slice(0, 8);
    expect(key.id).toBe(`${key.controller}#key-${hash}`);
    const reimported = await importKeyFile(exportKeyFile(key));
    expect(reimported.id).toBe(key.id);
    expect(publicVerificationMethod(reimported)).toEqual({
      id: key.id,
      type: 'Multikey',
      controller: key.controller,
      publicKeyMultibase: key.publicKeyMultibase,
    });
  });
});

describe('key file validation', () => {
  it('rejects a secret that does not belong to the public key, without echoing it', async () => {
    const a = exportKeyFile(await generateKey({ type: 'Ed25519' }));
    const b = exportKeyFile(await generateKey({ type: 'Ed25519' }));
    const mixed = { ...a, secretKeyMultibase: b.secretKeyMultibase };
    const error = await importKeyFile(mixed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecuringError);
    expect((error as SecuringError).code).toBe('ERR_KEY_INVALID');
    expect((error as SecuringError).message).not.toContain(b.secretKeyMultibase);
    expect(JSON.stringify(error)).not.toContain(b.secretKeyMultibase);
  });

  it('rejects inconsistent key types and did:key ids', async () => {
    const ed = exportKeyFile(await generateKey({ type: 'Ed25519' }));
    const p256 = exportKeyFile(await generateKey({ type: 'P-256' }));
    await expect(importKeyFile({ ...ed, keyType: 'P-256' })).rejects.toMatchObject({ code: 'ERR_KEY_INVALID' });
    await expect(importKeyFile({ ...ed, id: `${ed.controller}#other` })).rejects.toMatchObject({ code: 'ERR_KEY_INVALID' });
    await expect(importKeyFile({ ...ed, controller: p256.controller, id: p256.id })).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
    });
    await expect(importKeyFile({ ...ed, type: 'JsonWebKey2020' })).rejects.toMatchObject({ code: 'ERR_KEY_INVALID' });
    await expect(importKeyFile({ ...p256, secretKeyMultibase: ed.secretKeyMultibase })).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
    });
  });

  it('does not echo a broken key file', async () => {
    const secretLooking = 'zSECRETSECRETSECRET';
    const path = join(dir, 'broken.json');
    await writeFile(path, `{"secretKeyMultibase": "${secretLooking}"`, { mode: 0o600 });
    const error = (await loadKeyFile(path).catch((e: unknown) => e)) as SecuringError;
    expect(error.code).toBe('ERR_KEY_INVALID');
    expect(error.message).not.toContain(secretLooking);
    await expect(loadKeyFile(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'ERR_KEY_FILE_IO' });
  });

  it('refuses objects that are not KeyPairs', async () => {
    const key = await generateKey({ type: 'Ed25519' });
    const fake = { ...key.toJSON(), signer: () => key.signer(), joseKey: () => key.joseKey() };
    await expect(
      secureCredential(smallCredential(key.controller), { key: fake as never, format: 'di' }),
    ).rejects.toMatchObject({ code: 'ERR_KEY_INVALID' });
    expect(() => exportKeyFile(fake as never)).toThrow(SecuringError);
  });

  it('refuses bad generate options', async () => {
    await expect(generateKey({ type: 'RSA' as never })).rejects.toMatchObject({ code: 'ERR_KEY_INVALID' });
    await expect(generateKey({ type: 'Ed25519', did: 'web' })).rejects.toMatchObject({ code: 'ERR_DID_INVALID' });
    await expect(generateKey({ type: 'Ed25519', did: 'web', domain: 'https://example.com' })).rejects.toMatchObject({
      code: 'ERR_DID_INVALID',
    });
  });
});
