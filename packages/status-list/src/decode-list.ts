import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { Bitstring } from './bitstring.ts';
import { StatusListError } from './errors.ts';

const gunzipAsync = promisify(gunzip);

/** Largest decompressed list accepted by default. A 16 MiB list holds 134 million one-bit entries. */
export const DEFAULT_MAX_LIST_BYTES = 16 * 1024 * 1024;
/** The spec: "The uncompressed bitstring MUST be at least 16KB in size." */
export const MIN_LIST_BYTES = 16 * 1024;

export interface DecodeListOptions {
  /** Refuse lists that decompress to more bytes than this (decompression bombs). */
  maxBytes?: number;
  /** Refuse lists that decompress to fewer bytes than this. */
  minBytes?: number;
  statusSize?: number;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Decodes an `encodedList` (with or without the multibase "u" prefix) into a Bitstring. */
export async function decodeList(encodedList: string, options: DecodeListOptions = {}): Promise<Bitstring> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_LIST_BYTES;
  const minBytes = options.minBytes ?? MIN_LIST_BYTES;
  if (typeof encodedList !== 'string') {
    throw new StatusListError('ERR_STATUS_LIST_DECODE', 'encodedList must be a string');
  }
  // A bare GZIP stream always starts with "H4sI" in base64url, so a leading
  // "u" can only be the multibase prefix.
  const body = encodedList.startsWith('u') ? encodedList.slice(1) : encodedList;
  if (!BASE64URL.test(body)) {
    throw new StatusListError('ERR_STATUS_LIST_DECODE', 'encodedList is not base64url (multibase "u")');
  }
  // GZIP never expands input by more than a few bytes per 16 KiB block, so a
  // longer input cannot be a legitimate list; refuse it before allocating.
  if (body.length > Math.ceil(((maxBytes + maxBytes / 1024 + 64) * 4) / 3)) {
    throw new StatusListError('ERR_STATUS_LIST_TOO_LARGE', `encodedList is longer than a ${maxBytes}-byte list can be`);
  }
  const compressed = Buffer.from(body, 'base64url');
  if (compressed.length < 3 || compressed[0] !== 0x1f || compressed[1] !== 0x8b || compressed[2] !== 0x08) {
    throw new StatusListError('ERR_STATUS_LIST_DECODE', 'encodedList is not GZIP-compressed');
  }
  let bytes: Buffer;
  try {
    bytes = await gunzipAsync(compressed, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new StatusListError(
        'ERR_STATUS_LIST_TOO_LARGE',
        `encodedList decompresses to more than ${maxBytes} bytes`,
        { cause: error },
      );
    }
    throw new StatusListError('ERR_STATUS_LIST_DECODE', 'encodedList is not valid GZIP data', { cause: error });
  }
  if (bytes.length < minBytes) {
    throw new StatusListError(
      'ERR_STATUS_LIST_LENGTH',
      `encodedList decompresses to ${bytes.length} bytes; at least ${minBytes} are required`,
    );
  }
  const statusSize = options.statusSize ?? 1;
  return new Bitstring({ bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), statusSize });
}
