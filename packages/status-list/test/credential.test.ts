import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  Bitstring,
  buildStatusEntry,
  buildStatusListCredential,
  encodeList,
  readStatus,
  StatusListError,
} from '../src/index.ts';

const LIST_URL = 'https://issuer.example/tenants/acme/status/3';
const SPEC_EMPTY_LIST = 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA';

async function errorOf(promise: Promise<unknown>): Promise<StatusListError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StatusListError);
    return error as StatusListError;
  }
  throw new Error('expected a StatusListError');
}

async function revocationListWith(indexes: number[]) {
  const bits = new Bitstring();
  for (const index of indexes) bits.set(index, true);
  return buildStatusListCredential({
    id: LIST_URL,
    issuer: 'did:web:issuer.example',
    statusPurpose: 'revocation',
    encodedList: await encodeList(bits),
  });
}

describe('buildStatusListCredential', () => {
  it('builds the unsigned VC 2.0 list credential', () => {
    const credential = buildStatusListCredential({
      id: LIST_URL,
      issuer: 'did:web:issuer.example',
      statusPurpose: 'suspension',
      encodedList: SPEC_EMPTY_LIST,
      validFrom: new Date('2025-01-01T00:00:00.000Z'),
      validUntil: '2026-01-01T00:00:00Z',
      ttl: 300_000,
    });
    expect(credential).toStrictEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: LIST_URL,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'did:web:issuer.example',
      validFrom: '2025-01-01T00:00:00.000Z',
      validUntil: '2026-01-01T00:00:00Z',
      credentialSubject: {
        id: `${LIST_URL}#list`,
        type: 'BitstringStatusList',
        statusPurpose: 'suspension',
        encodedList: SPEC_EMPTY_LIST,
        ttl: 300_000,
      },
    });
    expect(Object.keys(credential)).toEqual(['@context', 'id', 'type', 'issuer', 'validFrom', 'validUntil', 'credentialSubject']);
  });

  it('omits optional members that were not given', () => {
    const credential = buildStatusListCredential({
      id: LIST_URL,
      issuer: { id: 'did:web:issuer.example', name: 'Issuer' },
      statusPurpose: 'revocation',
      encodedList: SPEC_EMPTY_LIST,
    });
    expect(credential).toStrictEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: LIST_URL,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: { id: 'did:web:issuer.example', name: 'Issuer' },
      credentialSubject: {
        id: `${LIST_URL}#list`,
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        encodedList: SPEC_EMPTY_LIST,
      },
    });
  });

  it('builds a message list without a list-level statusSize (the entries carry it) and requires a valid ttl', () => {
    const base = { id: LIST_URL, issuer: 'did:web:x', encodedList: SPEC_EMPTY_LIST } as const;
    // The VC 2.0 context defines statusSize only on BitstringStatusListEntry: on the list it would break a Data Integrity proof.
    expect(buildStatusListCredential({ ...base, statusPurpose: 'message' }).credentialSubject).toStrictEqual({
      id: `${LIST_URL}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'message',
      encodedList: SPEC_EMPTY_LIST,
    });
    expect(() => buildStatusListCredential({ ...base, statusPurpose: 'revocation', ttl: -1 })).toThrowError(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });
});

describe('buildStatusEntry', () => {
  it('builds a BitstringStatusListEntry with a string index', () => {
    expect(buildStatusEntry({ statusListCredential: LIST_URL, statusListIndex: 94567, statusPurpose: 'revocation' }))
      .toStrictEqual({
        id: `${LIST_URL}#94567`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '94567',
        statusListCredential: LIST_URL,
      });
  });

  it('refuses negative or fractional indexes and multi-bit entries without messages', () => {
    expect(() => buildStatusEntry({ statusListCredential: LIST_URL, statusListIndex: -1, statusPurpose: 'revocation' }))
      .toThrowError(expect.objectContaining({ code: 'ERR_STATUS_INDEX_OUT_OF_RANGE' }));
    expect(() => buildStatusEntry({ statusListCredential: LIST_URL, statusListIndex: 1.5, statusPurpose: 'revocation' }))
      .toThrowError(expect.objectContaining({ code: 'ERR_STATUS_INDEX_OUT_OF_RANGE' }));
    expect(() =>
      buildStatusEntry({ statusListCredential: LIST_URL, statusListIndex: 1, statusPurpose: 'message', statusSize: 2 }),
    ).toThrowError(expect.objectContaining({ code: 'ERR_STATUS_MESSAGE_INVALID' }));
  });
});

describe('readStatus', () => {
  it('reads the spec example list as valid', async () => {
    const list = buildStatusListCredential({
      id: LIST_URL,
      issuer: 'did:web:issuer.example',
      statusPurpose: 'revocation',
      encodedList: SPEC_EMPTY_LIST,
    });
    const entry = buildStatusEntry({ statusListCredential: LIST_URL, statusListIndex: 94567, statusPurpose: 'revocation' });
    expect(await readStatus(entry, list)).toStrictEqual({
      purpose: 'revocation',
      index: 94567,
      statusSize: 1,
      status: 0,
      valid: true,
    });
  });

  it('returns exactly the bit of the entry, including the first and last index', async () => {
    const list = await revocationListWith([0, 42, 131_071]);
    const read = async (index: number) =>
      (await readStatus(buildStatusEntry({ statusListCredential: LIST_URL, statusListIndex: index, statusPurpose: 'revocation' }), list)).status;
    expect(await Promise.all([0, 1, 41, 42, 43, 131_070, 131_071].map(read))).toEqual([1, 0, 0, 1, 0, 0, 1]);
  });

  it('refuses an entry whose purpose is not the list purpose', async () => {
    const list = await revocationListWith([]);
    const entry = buildStatusEntry({ statusListCredential: LIST_URL, statusListIndex: 1, statusPurpose: 'suspension' });
    const error = await errorOf(readStatus(entry, list));
    expect(error.code).toBe('ERR_STATUS_LIST_PURPOSE_MISMATCH');
    expect(error.specError).toBe('STATUS_VERIFICATION_ERROR');
  });

  it('refuses an index beyond the list', async () => {
    const list = await revocationListWith([]);
    const entry = { ...buildStatusEntry({ statusListCredential: LIST_URL, statusListIndex: 0, statusPurpose: 'revocation' }), statusListIndex: '131072' };
    const error = await errorOf(readStatus(entry, list));
    expect(error.code).toBe('ERR_STATUS_INDEX_OUT_OF_RANGE');
    expect(error.specError).toBe('RANGE_ERROR');
  });

  it('refuses malformed entries, wrong types, a different list id and undecodable lists', async () => {
    const list = await revocationListWith([]);
    const entry = buildStatusEntry({ statusListCredential: LIST_URL, statusListIndex: 5, statusPurpose: 'revocation' });
    expect((await errorOf(readStatus({ ...entry, statusListIndex: '05' }, list))).code).toBe('ERR_STATUS_ENTRY_INVALID');
    expect((await errorOf(readStatus({ ...entry, type: 'SomethingElse' }, list))).code).toBe('ERR_STATUS_ENTRY_INVALID');
    expect((await errorOf(readStatus(entry, { ...list, type: ['VerifiableCredential'] }))).code).toBe(
      'ERR_STATUS_LIST_TYPE_MISMATCH',
    );
    expect((await errorOf(readStatus(entry, { ...list, id: 'https://elsewhere.example/list' }))).code).toBe(
      'ERR_STATUS_LIST_CREDENTIAL_MISMATCH',
    );
    const broken = { ...list, credentialSubject: { ...list.credentialSubject, encodedList: 'uAAAA' } };
    expect((await errorOf(readStatus(entry, broken))).code).toBe('ERR_STATUS_LIST_DECODE');
  });

  it('refuses a list with fewer entries than the minimum', async () => {
    // 16 KB of 2-bit entries is only 65,536 entries: too few for herd privacy.
    const list = {
      ...(await revocationListWith([])),
      credentialSubject: {
        id: `${LIST_URL}#list`,
        type: 'BitstringStatusList',
        statusPurpose: 'message',
        statusSize: 2,
        encodedList: `u${gzipSync(Buffer.alloc(16_384)).toString('base64url')}`,
      },
    };
    const entry = {
      ...buildStatusEntry({ statusListCredential: LIST_URL, statusListIndex: 0, statusPurpose: 'revocation' }),
      statusPurpose: 'message',
      statusSize: 2,
      statusMessage: [0, 1, 2, 3].map((v) => ({ status: `0x${v}`, message: `value ${v}` })),
    };
    const error = await errorOf(readStatus(entry, list));
    expect(error.code).toBe('ERR_STATUS_LIST_LENGTH');
    expect(error.specError).toBe('STATUS_LIST_LENGTH_ERROR');
  });

  it('reads a statusSize 2 value and its message', async () => {
    const bits = new Bitstring({ statusSize: 2 });
    bits.setValue(7, 2);
    const statusMessage = [
      { status: '0x0', message: 'valid' },
      { status: '0x1', message: 'pending review' },
      { status: '0x2', message: 'under investigation' },
      { status: '0x3', message: 'withdrawn' },
    ];
    const list = buildStatusListCredential({
      id: LIST_URL,
      issuer: 'did:web:issuer.example',
      statusPurpose: 'message',
      statusSize: 2,
      encodedList: await encodeList(bits),
    });
    const entry = buildStatusEntry({
      statusListCredential: LIST_URL,
      statusListIndex: 7,
      statusPurpose: 'message',
      statusSize: 2,
      statusMessage,
    });
    expect(await readStatus(entry, list)).toStrictEqual({
      purpose: 'message',
      index: 7,
      statusSize: 2,
      status: 2,
      valid: false,
      message: 'under investigation',
    });
    expect((await readStatus({ ...entry, statusListIndex: '8', id: `${LIST_URL}#8` }, list)).message).toBe('valid');
    const listOfThreeBits = { ...list, credentialSubject: { ...list.credentialSubject, statusSize: 3 } };
    expect((await errorOf(readStatus(entry, listOfThreeBits))).code).toBe('ERR_STATUS_SIZE_MISMATCH');
  });

  it('reads StatusList2021 entries and credentials', async () => {
    const bits = new Bitstring();
    bits.set(9, true);
    const list = {
      '@context': ['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/vc/status-list/2021/v1'],
      id: LIST_URL,
      type: ['VerifiableCredential', 'StatusList2021Credential'],
      issuer: 'did:web:issuer.example',
      issuanceDate: '2021-04-05T14:27:40Z',
      credentialSubject: {
        id: `${LIST_URL}#list`,
        type: 'StatusList2021',
        statusPurpose: 'revocation',
        encodedList: (await encodeList(bits)).slice(1), // StatusList2021 has no multibase prefix
      },
    };
    const entry = {
      id: `${LIST_URL}#9`,
      type: 'StatusList2021Entry',
      statusPurpose: 'revocation',
      statusListIndex: '9',
      statusListCredential: LIST_URL,
    };
    expect(await readStatus(entry, list)).toStrictEqual({ purpose: 'revocation', index: 9, statusSize: 1, status: 1, valid: false });
    // A 2021 entry must not be accepted against a Bitstring list of another type name.
    expect((await errorOf(readStatus(entry, await revocationListWith([])))).code).toBe('ERR_STATUS_LIST_TYPE_MISMATCH');
  });
});
