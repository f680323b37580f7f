import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Bitstring, decodeList, encodeList, MIN_LIST_LENGTH, StatusListError } from '../src/index.ts';

// Example encodedList of the W3C Bitstring Status List v1.0 spec: 131,072 zero bits.
const SPEC_EMPTY_LIST = 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StatusListError);
    return (error as StatusListError).code;
  }
  return undefined;
}

async function asyncCodeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StatusListError);
    return (error as StatusListError).code;
  }
  return undefined;
}

describe('spec vector', () => {
  it('decodes the spec example to 131,072 zero bits', async () => {
    const bits = await decodeList(SPEC_EMPTY_LIST);
    expect(bits.length).toBe(131_072);
    expect(bits.bytes.length).toBe(16_384);
    expect(bits.bytes.every((byte) => byte === 0)).toBe(true);
  });

  it('encodes an empty list to something that decodes to the same bits as the spec example', async () => {
    const encoded = await encodeList(new Bitstring());
    expect(encoded.startsWith('uH4sI')).toBe(true);
    expect(encoded).not.toMatch(/[=+/]/);
    const ours = await decodeList(encoded);
    const spec = await decodeList(SPEC_EMPTY_LIST);
    expect(Buffer.from(ours.bytes).equals(Buffer.from(spec.bytes))).toBe(true);
  });

  it('accepts the encoded list without the multibase prefix', async () => {
    const bits = await decodeList(SPEC_EMPTY_LIST.slice(1));
    expect(bits.length).toBe(131_072);
  });
});

describe('Bitstring', () => {
  it('defaults to and refuses fewer than 131,072 entries', () => {
    expect(new Bitstring().length).toBe(MIN_LIST_LENGTH);
    expect(codeOf(() => new Bitstring({ length: MIN_LIST_LENGTH - 1 }))).toBe('ERR_STATUS_LIST_LENGTH');
  });

  it('puts index 0 in the most significant bit of the first byte and the last index in the last bit', async () => {
    const bits = new Bitstring();
    bits.set(0, true);
    expect(bits.bytes[0]).toBe(0x80);
    bits.set(131_071, true);
    expect(bits.bytes[16_383]).toBe(0x01);
    expect(bits.get(0)).toBe(true);
    expect(bits.get(1)).toBe(false);
    expect(bits.get(131_070)).toBe(false);
    expect(bits.get(131_071)).toBe(true);

    const decoded = await decodeList(await encodeList(bits));
    expect(decoded.get(0)).toBe(true);
    expect(decoded.get(131_071)).toBe(true);
    expect(decoded.bytes.reduce((sum, byte) => sum + byte, 0)).toBe(0x80 + 0x01);

    bits.set(0, false);
    expect(bits.bytes[0]).toBe(0);
  });

  it('refuses indexes outside the list', () => {
    const bits = new Bitstring();
    expect(codeOf(() => bits.get(-1))).toBe('ERR_STATUS_INDEX_OUT_OF_RANGE');
    expect(codeOf(() => bits.get(131_072))).toBe('ERR_STATUS_INDEX_OUT_OF_RANGE');
    expect(codeOf(() => bits.set(1.5, true))).toBe('ERR_STATUS_INDEX_OUT_OF_RANGE');
  });

  it('stores statusSize 2 values most significant bit first', () => {
    const bits = new Bitstring({ statusSize: 2 });
    expect(bits.bytes.length).toBe(32_768);
    bits.setValue(0, 3);
    expect(bits.bytes[0]).toBe(0b1100_0000);
    bits.setValue(1, 2);
    expect(bits.bytes[0]).toBe(0b1110_0000);
    bits.setValue(131_071, 1);
    expect(bits.bytes[32_767]).toBe(0b0000_0001);
    expect([bits.getValue(0), bits.getValue(1), bits.getValue(2), bits.getValue(131_071)]).toEqual([3, 2, 0, 1]);
    bits.setValue(0, 1);
    expect(bits.bytes[0]).toBe(0b0110_0000);
    expect(codeOf(() => bits.setValue(2, 4))).toBe('ERR_STATUS_VALUE_OUT_OF_RANGE');
    expect(codeOf(() => bits.set(2, true))).toBe('ERR_STATUS_SIZE_INVALID');
  });

  it('handles entries that straddle a byte boundary (statusSize 3)', () => {
    const bits = new Bitstring({ statusSize: 3 });
    bits.setValue(2, 0b101); // bits 6, 7 and 8
    expect(bits.bytes[0]).toBe(0b0000_0010);
    expect(bits.bytes[1]).toBe(0b1000_0000);
    expect(bits.getValue(2)).toBe(5);
    expect(bits.getValue(1)).toBe(0);
    expect(bits.getValue(3)).toBe(0);
  });

  it('refuses statusSize outside [1, 32]', () => {
    expect(codeOf(() => new Bitstring({ statusSize: 0 }))).toBe('ERR_STATUS_SIZE_INVALID');
    expect(codeOf(() => new Bitstring({ statusSize: 33 }))).toBe('ERR_STATUS_SIZE_INVALID');
  });
});

describe('decodeList limits', () => {
  it('refuses a list that decompresses to more than 16 MiB (decompression bomb)', async () => {
    const bomb = `u${gzipSync(Buffer.alloc(16 * 1024 * 1024 + 1)).toString('base64url')}`;
    // The bomb is small on the wire: that is what makes it dangerous.
    expect(bomb.length).toBeLessThan(40_000);
    expect(await asyncCodeOf(decodeList(bomb))).toBe('ERR_STATUS_LIST_TOO_LARGE');
  });

  it('accepts exactly the limit and honours a custom limit', async () => {
    const atLimit = `u${gzipSync(Buffer.alloc(16 * 1024 * 1024)).toString('base64url')}`;
    expect((await decodeList(atLimit)).bytes.length).toBe(16 * 1024 * 1024);
    expect(await asyncCodeOf(decodeList(SPEC_EMPTY_LIST, { maxBytes: 16_383 }))).toBe('ERR_STATUS_LIST_TOO_LARGE');
  });

  it('refuses a list shorter than 16 KB', async () => {
    const short = `u${gzipSync(Buffer.alloc(16_383)).toString('base64url')}`;
    expect(await asyncCodeOf(decodeList(short))).toBe('ERR_STATUS_LIST_LENGTH');
  });

  it('refuses input that is not base64url GZIP', async () => {
    expect(await asyncCodeOf(decodeList('u!!!!'))).toBe('ERR_STATUS_LIST_DECODE');
    expect(await asyncCodeOf(decodeList(`u${Buffer.alloc(20_000).toString('base64url')}`))).toBe(
      'ERR_STATUS_LIST_DECODE',
    );
    const truncated = SPEC_EMPTY_LIST.slice(0, 30);
    expect(await asyncCodeOf(decodeList(truncated))).toBe('ERR_STATUS_LIST_DECODE');
    expect(await asyncCodeOf(decodeList(`z${SPEC_EMPTY_LIST.slice(1)}`))).toBe('ERR_STATUS_LIST_DECODE');
  });
});
