import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SecuringError, ErrorCodes } from '../errors.ts';
import { exportKeyFile } from './export.ts';
import type { KeyPair } from '../types.ts';

/**
 * Writes the key file (with its secret) atomically: parent directories are
 * created (0700), the JSON is written to a temporary file in the same
 * directory with mode 0600 and fsync'ed, then renamed over `path`.
 */
export async function saveKeyFile(path: string, key: KeyPair): Promise<void> {
  const json = `${JSON.stringify(exportKeyFile(key), null, 2)}\n`;
  const directory = dirname(path);
  const temporary = join(directory, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(json, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new SecuringError(ErrorCodes.KEY_FILE_IO, `Cannot write key file ${path} (${code}).`, { cause: error });
  }
}
