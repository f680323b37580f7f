import { readFile } from 'node:fs/promises';
import { SecuringError, ErrorCodes } from '../errors.ts';
import { importKeyFile } from './import.ts';
import type { KeyPair } from '../types.ts';

/** Reads and imports a key file written by `saveKeyFile`. */
export async function loadKeyFile(path: string): Promise<KeyPair> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new SecuringError(ErrorCodes.KEY_FILE_IO, `Cannot read key file ${path} (${code}).`, { cause: error });
  }
  try {
    return await importKeyFile(text);
  } catch (error) {
    if (error instanceof SecuringError) {
      throw new SecuringError(error.code, `Key file ${path}: ${error.message}`);
    }
    throw error;
  }
}
