/** Signing in worker threads gives what signing in-process gives, and its errors carry no key material. */
import { buildMicroCredential, loadFixture } from '@microcred/model';
import { exportKeyFile, generateKey, isSecuringError, verifySecuredCredential } from '@microcred/securing';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcessSigner, workerPoolSigner } from '../src/index.ts';

describe('signers', () => {
  const pool = workerPoolSigner({ threads: 2 });
  afterAll(() => pool.close());

  it.each([
    ['worker pool', pool],
    ['in-process', inProcessSigner()],
  ] as const)('%s: signs di, ecdsa and jwt concurrently, and each verifies', async (_name, signer) => {
    const ed = await generateKey({ type: 'Ed25519' });
    const p256 = await generateKey({ type: 'P-256' });
    const jobs = Array.from({ length: 12 }, (_, i) => {
      const format = (['di', 'ecdsa', 'jwt'] as const)[i % 3] as 'di' | 'ecdsa' | 'jwt';
      const key = format === 'ecdsa' ? p256 : ed;
      const credential = buildMicroCredential(loadFixture('minimal'), { issuer: key.controller });
      return signer.sign({ credential, keyFile: JSON.stringify(exportKeyFile(key)), format }).then(async (signed) => ({
        format,
        result: await verifySecuredCredential(signed.jwt ?? signed.credential),
      }));
    });
    for (const { format, result } of await Promise.all(jobs)) {
      expect(result.errors).toEqual([]);
      expect(result.format).toBe(format);
    }
  });

  it('reports a bad key as a SecuringError naming no secret, from a worker too', async () => {
    const key = await generateKey({ type: 'Ed25519' });
    const file = exportKeyFile(key);
    const tampered = JSON.stringify({ ...file, secretKeyMultibase: `${file.secretKeyMultibase.slice(0, -4)}AAAA` });
    const credential = buildMicroCredential(loadFixture('minimal'), { issuer: key.controller });
    const error = await pool.sign({ credential, keyFile: tampered, format: 'di' }).catch((e: unknown) => e);
    expect(isSecuringError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('ERR_KEY_INVALID');
    expect((error as Error).message).not.toContain(file.secretKeyMultibase.slice(5, 25));
  });

  it('refuses to sign once closed', async () => {
    const signer = workerPoolSigner({ threads: 1 });
    await signer.close();
    const key = await generateKey({ type: 'Ed25519' });
    await expect(
      signer.sign({ credential: buildMicroCredential(loadFixture('minimal'), { issuer: key.controller }), keyFile: JSON.stringify(exportKeyFile(key)), format: 'di' }),
    ).rejects.toThrow(/closed/);
  });
});
