import { resolve } from 'node:path';

/**
 * `pnpm microcred` runs in the repository root; the user typed paths relative to where they stood.
 * pnpm and npm tell that place in INIT_CWD.
 */
export function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

export function keysDir(): string {
  return resolve(process.env.MICROCRED_KEYS_DIR ?? 'keys');
}
