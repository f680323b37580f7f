import { StatusListError } from './errors.ts';

/** The spec's minimum number of entries: smaller lists give holders too little herd privacy. */
export const MIN_LIST_LENGTH = 131_072;

/**
 * Values are read into a JS number; 32 bits keeps every value exact and is far
 * beyond any status vocabulary a list would need (2^32 messages).
 */
export const MAX_STATUS_SIZE = 32;

export interface BitstringOptions {
  /** Number of status entries (not bits). Default and minimum: 131,072. */
  length?: number;
  /** Bits per entry. Default 1. */
  statusSize?: number;
  /**
   * Existing bytes to wrap (not copied), e.g. a decoded list. `length` then
   * defaults to as many whole entries as the bytes hold.
   */
  bytes?: Uint8Array;
}

/**
 * A status list: `length` entries of `statusSize` bits each. Entry i occupies
 * bits [i*statusSize, (i+1)*statusSize); bit 0 is the most significant bit of
 * byte 0 (the spec's "left-most bit"), and a multi-bit value is read with its
 * first bit as the most significant.
 */
export class Bitstring {
  readonly length: number;
  readonly statusSize: number;
  readonly bytes: Uint8Array;

  constructor(options: BitstringOptions = {}) {
    const statusSize = checkStatusSize(options.statusSize ?? 1);
    this.statusSize = statusSize;
    if (options.bytes !== undefined) {
      // Wrapping decoded bytes does not enforce the minimum: a verifier must
      // still be able to say *why* a short list is unacceptable, so
      // decodeList and readStatus apply the limits with their own codes.
      const capacity = Math.floor((options.bytes.length * 8) / statusSize);
      const length = options.length ?? capacity;
      if (!Number.isSafeInteger(length) || length < 0 || length > capacity) {
        throw new StatusListError(
          'ERR_INVALID_ARGUMENT',
          `length ${String(length)} does not fit in ${options.bytes.length} bytes of ${statusSize}-bit entries`,
        );
      }
      this.length = length;
      this.bytes = options.bytes;
      return;
    }
    const length = options.length ?? MIN_LIST_LENGTH;
    if (!Number.isSafeInteger(length) || length < MIN_LIST_LENGTH) {
      throw new StatusListError(
        'ERR_STATUS_LIST_LENGTH',
        `a status list needs at least ${MIN_LIST_LENGTH} entries, got ${String(length)}`,
      );
    }
    this.length = length;
    this.bytes = new Uint8Array(Math.ceil((length * statusSize) / 8));
  }

  /** Wraps decoded bytes without copying; see the `bytes` option. */
  static fromBytes(bytes: Uint8Array, options: { statusSize?: number } = {}): Bitstring {
    return new Bitstring({ bytes, statusSize: options.statusSize ?? 1 });
  }

  /** Whether entry `index` is non-zero (for statusSize 1: whether the bit is set). */
  get(index: number): boolean {
    return this.getValue(index) !== 0;
  }

  /** Sets entry `index` to 1 or 0. Only meaningful for one-bit entries. */
  set(index: number, value: boolean): void {
    if (this.statusSize !== 1) {
      throw new StatusListError(
        'ERR_STATUS_SIZE_INVALID',
        `set(index, boolean) needs statusSize 1; this list has statusSize ${this.statusSize}: use setValue`,
      );
    }
    this.setValue(index, value ? 1 : 0);
  }

  getValue(index: number): number {
    const first = this.#firstBit(index);
    let value = 0;
    for (let bit = first; bit < first + this.statusSize; bit++) {
      // Multiplication instead of `<<` so a 32-bit value does not turn negative.
      value = value * 2 + ((this.#byte(bit) >> (7 - (bit & 7))) & 1);
    }
    return value;
  }

  setValue(index: number, value: number): void {
    const first = this.#firstBit(index);
    const max = 2 ** this.statusSize - 1;
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new StatusListError(
        'ERR_STATUS_VALUE_OUT_OF_RANGE',
        `status value must be an integer in [0, ${max}], got ${String(value)}`,
      );
    }
    let rest = value;
    for (let bit = first + this.statusSize - 1; bit >= first; bit--) {
      const mask = 0x80 >> (bit & 7);
      const byteIndex = bit >> 3;
      this.bytes[byteIndex] = rest % 2 === 1 ? this.#byte(bit) | mask : this.#byte(bit) & ~mask;
      rest = Math.floor(rest / 2);
    }
  }

  #firstBit(index: number): number {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.length) {
      throw new StatusListError(
        'ERR_STATUS_INDEX_OUT_OF_RANGE',
        `status index ${String(index)} is outside [0, ${this.length - 1}]`,
      );
    }
    return index * this.statusSize;
  }

  #byte(bit: number): number {
    // #firstBit has bounded `bit`, so the byte exists.
    return this.bytes[bit >> 3] as number;
  }
}

function checkStatusSize(statusSize: number): number {
  if (!Number.isInteger(statusSize) || statusSize < 1 || statusSize > MAX_STATUS_SIZE) {
    throw new StatusListError(
      'ERR_STATUS_SIZE_INVALID',
      `statusSize must be an integer in [1, ${MAX_STATUS_SIZE}], got ${String(statusSize)}`,
    );
  }
  return statusSize;
}
