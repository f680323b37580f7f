/*
 * Multi-bit status entries (statusSize > 1) with their statusMessage and statusReference, as the
 * W3C Bitstring Status List v1.0 Recommendation defines them on BitstringStatusListEntry:
 * entry i is the statusSize bits starting at bit i*statusSize, first bit most significant; an entry
 * of more than one bit commits to one message per possible value (2^statusSize), each keyed by the
 * value in hexadecimal ("0x2").
 */
import { describe, expect, it } from 'vitest';
import {
  Bitstring,
  buildStatusEntry,
  buildStatusListCredential,
  decodeList,
  encodeList,
  randomIndexAllocator,
  readStatus,
  statusEntryIssues,
  StatusListError,
} from '../src/index.ts';

const LIST_URL = 'https://issuer.example/status-lists/m1';

function messages(bits: number, word = 'value'): { status: string; message: string }[] {
  return Array.from({ length: 2 ** bits }, (_, v) => ({ status: `0x${v.toString(16)}`, message: `${word} ${v}` }));
}

async function errorOf(promise: Promise<unknown>): Promise<StatusListError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StatusListError);
    return error as StatusListError;
  }
  throw new Error('expected a StatusListError');
}

async function messageList(bits: Bitstring, subjectExtra: Record<string, unknown> = {}) {
  const list = buildStatusListCredential({ id: LIST_URL, issuer: 'did:web:issuer.example', statusPurpose: 'message', encodedList: await encodeList(bits) });
  return { ...list, credentialSubject: { ...list.credentialSubject, ...subjectExtra } };
}

describe('multi-bit values survive encoding and leave their neighbours alone', () => {
  it.each([2, 8])('round-trips %i-bit values through GZIP and multibase, at the first and last index', async (statusSize) => {
    const bits = new Bitstring({ statusSize });
    const max = 2 ** statusSize - 1;
    const last = bits.length - 1;
    // Every value at the boundaries and a run in the middle, so each value lands at every bit offset in a byte.
    const written = new Map<number, number>([[0, max], [last, max - 1]]);
    for (let i = 0; i <= max; i++) written.set(1000 + i, i);
    for (const [index, value] of written) bits.setValue(index, value);

    const decoded = await decodeList(await encodeList(bits), { statusSize });
    expect(decoded.length).toBe(131_072);
    for (const [index, value] of written) expect(decoded.getValue(index)).toBe(value);
    // The neighbours of the boundary entries were never written: still 0.
    expect([decoded.getValue(1), decoded.getValue(last - 1), decoded.getValue(999), decoded.getValue(1001 + max)]).toEqual([0, 0, 0, 0]);
    // A 2-bit list of 131,072 entries is 32 KiB, an 8-bit one 128 KiB: the minimum is counted in entries, not bytes.
    expect(decoded.bytes.length).toBe((131_072 * statusSize) / 8);
  });

  it('changes only the bits of the entry written, also across a byte boundary (3 bits)', () => {
    const bits = new Bitstring({ statusSize: 3 });
    for (let i = 0; i < 16; i++) bits.setValue(i, 7);
    bits.setValue(2, 0); // bits 6..8: the end of byte 0 and the start of byte 1
    expect(Array.from({ length: 16 }, (_, i) => bits.getValue(i))).toEqual([7, 7, 0, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7]);
    expect(bits.bytes[0]).toBe(0b11111100);
    expect(bits.bytes[1]).toBe(0b01111111);
  });

  it('refuses a value wider than statusSize and an index past the end', () => {
    const bits = new Bitstring({ statusSize: 2 });
    expect(() => bits.setValue(5, 4)).toThrowError(expect.objectContaining({ code: 'ERR_STATUS_VALUE_OUT_OF_RANGE' }));
    expect(() => bits.setValue(131_072, 1)).toThrowError(expect.objectContaining({ code: 'ERR_STATUS_INDEX_OUT_OF_RANGE' }));
    expect(bits.getValue(5)).toBe(0);
  });

  it('allocates entry indexes, not bit positions, in a multi-bit list', () => {
    // 131,072 entries of 8 bits: every entry index is usable, and distinct indexes never share a bit.
    const bits = new Bitstring({ statusSize: 8 });
    const picks = randomIndexAllocator({ length: bits.length }).take(2_000);
    expect(picks.every((i) => i >= 0 && i < 131_072)).toBe(true);
    picks.forEach((index, n) => bits.setValue(index, (n % 255) + 1));
    picks.forEach((index, n) => expect(bits.getValue(index)).toBe((n % 255) + 1));
  });
});

describe('statusEntryIssues: the entry commits to its messages', () => {
  it('accepts a one-bit entry without messages and a two-bit entry with four', () => {
    expect(statusEntryIssues({})).toEqual([]);
    expect(statusEntryIssues({ statusSize: 2, statusMessage: messages(2), statusReference: ['https://issuer.example/status-codes'] })).toEqual([]);
  });

  it('requires statusMessage once statusSize is greater than 1', () => {
    expect(statusEntryIssues({ statusSize: 2 })).toEqual([
      expect.objectContaining({ path: 'statusMessage', code: 'ERR_STATUS_MESSAGE_INVALID' }),
    ]);
  });

  it('requires one message per possible value: 2^statusSize, not statusSize', () => {
    // Two messages for two bits would leave the values 0x2 and 0x3 without meaning.
    const [issue] = statusEntryIssues({ statusSize: 2, statusMessage: messages(1) });
    expect(issue).toMatchObject({ path: 'statusMessage', code: 'ERR_STATUS_MESSAGE_INVALID' });
    expect(issue?.message).toMatch(/must have 4 elements/);
  });

  it('names each malformed message: not hexadecimal, out of range, twice, without text', () => {
    const bad = [
      { status: '2', message: 'no 0x' },
      { status: '0x4', message: 'beyond 2 bits' },
      { status: '0x0', message: 'first' },
      { status: '0x00', message: 'the same value again' },
    ];
    expect(statusEntryIssues({ statusSize: 2, statusMessage: bad }).map((i) => i.path)).toEqual([
      'statusMessage[0].status',
      'statusMessage[1].status',
      'statusMessage[3].status',
    ]);
    expect(statusEntryIssues({ statusSize: 1, statusMessage: [{ status: '0x0' }, { status: '0x1', message: 'set' }] }).map((i) => i.path)).toEqual([
      'statusMessage[0].message',
    ]);
  });

  it('checks statusSize and statusReference', () => {
    expect(statusEntryIssues({ statusSize: 0 })).toEqual([expect.objectContaining({ path: 'statusSize', code: 'ERR_STATUS_SIZE_INVALID' })]);
    expect(statusEntryIssues({ statusSize: '2' })).toEqual([expect.objectContaining({ path: 'statusSize' })]);
    expect(statusEntryIssues({ statusReference: 'not a url' })).toEqual([
      expect.objectContaining({ path: 'statusReference', code: 'ERR_STATUS_REFERENCE_INVALID' }),
    ]);
    expect(statusEntryIssues({ statusReference: [] })).toHaveLength(1);
    expect(statusEntryIssues({ statusReference: ['https://a.example/codes', 'https://b.example/codes'] })).toEqual([]);
  });
});

describe('buildStatusEntry with messages and references', () => {
  it('writes statusSize, statusMessage and statusReference as given', () => {
    expect(
      buildStatusEntry({
        statusListCredential: LIST_URL,
        statusListIndex: 12,
        statusPurpose: 'message',
        statusSize: 2,
        statusMessage: messages(2),
        statusReference: 'https://issuer.example/status-codes',
      }),
    ).toStrictEqual({
      id: `${LIST_URL}#12`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'message',
      statusListIndex: '12',
      statusListCredential: LIST_URL,
      statusSize: 2,
      statusMessage: messages(2),
      statusReference: 'https://issuer.example/status-codes',
    });
  });

  it('refuses a reference that is not a URL and messages that do not cover every value', () => {
    const base = { statusListCredential: LIST_URL, statusListIndex: 1, statusPurpose: 'message' } as const;
    expect(() => buildStatusEntry({ ...base, statusReference: 'codes' })).toThrowError(expect.objectContaining({ code: 'ERR_STATUS_REFERENCE_INVALID' }));
    expect(() => buildStatusEntry({ ...base, statusSize: 3, statusMessage: messages(2) })).toThrowError(
      expect.objectContaining({ code: 'ERR_STATUS_MESSAGE_INVALID' }),
    );
  });
});

describe('readStatus of a message entry', () => {
  it('reads the 8-bit value at index*8 and its message, with the references', async () => {
    const bits = new Bitstring({ statusSize: 8 });
    bits.setValue(4242, 0xa7);
    bits.setValue(4241, 0xff);
    bits.setValue(4243, 0x01);
    const entry = buildStatusEntry({
      statusListCredential: LIST_URL,
      statusListIndex: 4242,
      statusPurpose: 'message',
      statusSize: 8,
      statusMessage: messages(8, 'code'),
      statusReference: 'https://issuer.example/status-codes',
    });
    expect(await readStatus(entry, await messageList(bits))).toStrictEqual({
      purpose: 'message',
      index: 4242,
      statusSize: 8,
      status: 0xa7,
      valid: false,
      message: 'code 167',
      statusReference: ['https://issuer.example/status-codes'],
    });
  });

  it('finds a message by the value its hexadecimal string means, in any order and with leading zeros', async () => {
    const bits = new Bitstring({ statusSize: 2 });
    bits.setValue(3, 2);
    const statusMessage = [
      { status: '0x03', message: 'three' },
      { status: '0x0', message: 'zero' },
      { status: '0x1', message: 'one' },
      { status: '0x2', message: 'two' },
    ];
    const entry = buildStatusEntry({ statusListCredential: LIST_URL, statusListIndex: 3, statusPurpose: 'message', statusSize: 2, statusMessage });
    expect((await readStatus(entry, await messageList(bits))).message).toBe('two');
  });

  it('refuses an entry of more than one bit without statusMessage (MALFORMED_VALUE_ERROR)', async () => {
    const entry = { id: `${LIST_URL}#1`, type: 'BitstringStatusListEntry', statusPurpose: 'message', statusListIndex: '1', statusListCredential: LIST_URL, statusSize: 2 };
    const error = await errorOf(readStatus(entry, await messageList(new Bitstring({ statusSize: 2 }))));
    expect(error.code).toBe('ERR_STATUS_MESSAGE_INVALID');
    expect(error.specError).toBe('MALFORMED_VALUE_ERROR');
    expect(error.message).toMatch(/credentialStatus\.statusMessage is required/);
  });

  it('refuses an entry and a list that disagree on statusSize, an absent entry statusSize counting as 1', async () => {
    const bits = new Bitstring({ statusSize: 2 });
    const entry = buildStatusEntry({ statusListCredential: LIST_URL, statusListIndex: 1, statusPurpose: 'message', statusSize: 2, statusMessage: messages(2) });
    const mismatch = await errorOf(readStatus(entry, await messageList(bits, { statusSize: 4 })));
    expect(mismatch.code).toBe('ERR_STATUS_SIZE_MISMATCH');
    expect(mismatch.specError).toBe('STATUS_VERIFICATION_ERROR');
    expect(mismatch.message).toMatch(/2-bit values .* statusSize 4/);
    const { statusSize: _s, statusMessage: _m, ...oneBit } = entry;
    expect((await errorOf(readStatus(oneBit, await messageList(bits, { statusSize: 2 })))).message).toMatch(/absent, so 1/);
  });

  it('defaults a one-bit message entry without messages to "unset" and "set"', async () => {
    const bits = new Bitstring();
    bits.set(9, true);
    const list = await messageList(bits);
    const entry = (index: number) => buildStatusEntry({ statusListCredential: LIST_URL, statusListIndex: index, statusPurpose: 'message' });
    expect((await readStatus(entry(9), list)).message).toBe('set');
    expect((await readStatus(entry(10), list)).message).toBe('unset');
  });
});
