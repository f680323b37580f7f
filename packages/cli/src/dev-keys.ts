import { existsSync, readdirSync } from 'node:fs';
import { link, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportKeyFile, generateKey, loadKeyFile, type KeyPair, type KeyType } from '@microcred/securing';
import { keysDir } from './paths.ts';

/**
 * Development keys: one per key type under keys/, made on first use and reused, so that
 * `microcred issue` works on a fresh clone and `microcred verify` trusts what it issued.
 */
const DEV_KEY_FILE: Record<KeyType, string> = {
  Ed25519: 'dev-ed25519.json',
  'P-256': 'dev-p-256.json',
  'P-384': 'dev-p-384.json',
};

export async function developmentKey(type: KeyType): Promise<KeyPair> {
  const file = join(keysDir(), DEV_KEY_FILE[type]);
  if (existsSync(file)) return loadKeyFile(file);
  const key = await generateKey({ type, did: 'key' });
  // Two commands started at once must end up with one key: write aside, then link into place,
  // which fails for all but the first; the others use the key that won.
  await mkdir(keysDir(), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(exportKeyFile(key), null, 2), { mode: 0o600 });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return loadKeyFile(file);
  } finally {
    await rm(temporary, { force: true });
  }
  process.stderr.write(`microcred: made a development ${type} key in ${file} (issuer ${key.controller})\n`);
  return key;
}

/** The issuers of the development keys that exist: `verify` trusts them by default. */
export async function developmentIssuers(): Promise<string[]> {
  const dir = keysDir();
  if (!existsSync(dir)) return [];
  const issuers: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!Object.values(DEV_KEY_FILE).includes(name)) continue;
    try {
      issuers.push((await loadKeyFile(join(dir, name))).controller);
    } catch {
      // A damaged development key is not a reason to refuse verifying.
    }
  }
  return issuers;
}
