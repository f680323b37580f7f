import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Bitstring } from './bitstring.ts';

const gzipAsync = promisify(gzip);

/**
 * GZIP-compresses the raw bitstring and returns it multibase-encoded:
 * "u" + base64url without padding (spec §"Bitstring Encoding").
 */
export async function encodeList(bits: Bitstring | Uint8Array): Promise<string> {
  const bytes = bits instanceof Bitstring ? bits.bytes : bits;
  const compressed = await gzipAsync(bytes);
  return `u${compressed.toString('base64url')}`;
}
