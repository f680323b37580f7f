/**
 * Status messages through the VC-API (Bitstring Status List v1.0, statusPurpose "message"): a client
 * asks for an entry of statusSize bits with one message per value and a statusReference; the issuer
 * signs the credential with that commitment, keeps the tenant's message lists per commitment, sets
 * values through POST /credentials/status and publishes them in the signed list, where any verifier
 * (ours over POST /credentials/verify included) reads the value and its message.
 */
import { verifySecuredCredential } from '@microcred/securing';
import { decodeList } from '@microcred/status-list';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/index.ts';
import { describeReport } from '../src/pages/verdict.ts';
import { call, sqliteStore, tenantWithTokens, testApp, type TestTenant } from './support/app.ts';

type Json = Record<string, any>;

const V2 = 'https://www.w3.org/ns/credentials/v2';
const REFERENCE = 'https://certs.example.org/status-codes';
const MESSAGES = [
  { status: '0x0', message: 'pending_review' },
  { status: '0x1', message: 'accepted' },
  { status: '0x2', message: 'rejected' },
  { status: '0x3', message: 'undefined' },
];
const MESSAGE_REQUEST = { type: 'BitstringStatusListEntry', statusPurpose: 'message', statusSize: 2, statusMessage: MESSAGES, statusReference: REFERENCE };
const ALL_THREE = [
  { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
  { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' },
  MESSAGE_REQUEST,
];

let store: Store;
let dispose: () => Promise<void>;
let app: ReturnType<typeof testApp>;
let dev: TestTenant;

beforeAll(async () => {
  ({ store, dispose } = await sqliteStore());
  dev = await tenantWithTokens(store, 'dev', { did: 'key' });
  app = testApp(store);
});

afterAll(async () => {
  await dispose();
});

const issue = (credentialStatus: unknown) =>
  call(app, 'POST', '/credentials/issue', {
    token: dev.issueToken,
    body: { credential: { '@context': [V2], type: ['VerifiableCredential'], issuer: dev.did, credentialSubject: { id: 'did:example:learner' } }, options: { credentialStatus } },
  });
const setStatus = (credentialId: string, credentialStatus: unknown) =>
  call(app, 'POST', '/credentials/status', { token: dev.manageToken, body: { credentialId, credentialStatus } });
const path = (url: string) => new URL(url).pathname;

async function valueOf(entry: Json): Promise<{ value: number; list: Json; bits: Awaited<ReturnType<typeof decodeList>> }> {
  const list = (await call(app, 'GET', path(entry.statusListCredential))).body;
  const bits = await decodeList(list.credentialSubject.encodedList, { statusSize: entry.statusSize ?? 1 });
  return { value: bits.getValue(Number(entry.statusListIndex)), list, bits };
}

describe('issuing with a status message entry', () => {
  it('signs the entry the client asked for, after the revocation and suspension entries, and publishes its list', async () => {
    const issued = await issue(ALL_THREE);
    expect(issued.status, issued.text).toBe(201);
    const vc = issued.body.verifiableCredential;
    expect((await verifySecuredCredential(vc)).verified).toBe(true);
    expect(vc.credentialStatus.map((e: Json) => e.statusPurpose)).toEqual(['revocation', 'suspension', 'message']);
    const entry = vc.credentialStatus[2];
    expect(entry).toMatchObject({ type: 'BitstringStatusListEntry', statusSize: 2, statusMessage: MESSAGES, statusReference: REFERENCE });
    expect(entry.id).toBe(`${entry.statusListCredential}#${entry.statusListIndex}`);

    const { value, list, bits } = await valueOf(entry);
    expect(value).toBe(0);
    // The list names its purpose; statusSize and the messages are the entry's (the VC 2.0 context defines them there only).
    expect(list.credentialSubject).toMatchObject({ type: 'BitstringStatusList', statusPurpose: 'message' });
    expect(list.credentialSubject.statusSize).toBeUndefined();
    expect((await verifySecuredCredential(list)).verified).toBe(true);
    // 131,072 entries of 2 bits.
    expect(bits.length).toBe(131_072);
    expect(bits.bytes.length).toBe(32_768);
  });

  it('puts credentials with the same messages on one list, and other messages on another', async () => {
    const a = (await issue([MESSAGE_REQUEST])).body.verifiableCredential.credentialStatus;
    const b = (await issue([{ ...MESSAGE_REQUEST, statusMessage: [...MESSAGES].reverse() }])).body.verifiableCredential.credentialStatus;
    const c = (await issue([{ ...MESSAGE_REQUEST, statusReference: [REFERENCE, 'https://certs.example.org/appeals'] }])).body.verifiableCredential.credentialStatus;
    const message = (entries: Json[]): Json => entries.find((e) => e.statusPurpose === 'message')!;
    expect(message(b).statusListCredential).toBe(message(a).statusListCredential);
    // Listed in another order, the messages are stored and signed in value order.
    expect(message(b).statusMessage).toEqual(MESSAGES);
    expect(message(c).statusListCredential).not.toBe(message(a).statusListCredential);
  });

  it('issues a one-bit message entry without messages (the spec\'s "unset"/"set")', async () => {
    const issued = await issue([{ type: 'BitstringStatusListEntry', statusPurpose: 'message' }]);
    expect(issued.status, issued.text).toBe(201);
    const [entry] = issued.body.verifiableCredential.credentialStatus;
    expect(entry.statusSize).toBeUndefined();
    expect(entry.statusMessage).toBeUndefined();
    const set = await setStatus(issued.body.verifiableCredential.id, [{ type: 'BitstringStatusListEntry', statusPurpose: 'message', status: '0x1' }]);
    expect(set.body).toMatchObject({ status: '0x1', message: 'set', previousStatus: '0x0', previousMessage: 'unset', changed: true });
  });

  it('refuses, naming the field, what would make a malformed entry', async () => {
    const refused = async (credentialStatus: unknown) => {
      const response = await issue(credentialStatus);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      return response.body.errors.map((e: Json) => `${e.path} ${e.message}`);
    };
    // One message per possible value: four for two bits.
    expect(await refused([{ ...MESSAGE_REQUEST, statusMessage: MESSAGES.slice(0, 2) }])).toEqual([
      expect.stringMatching(/^options\.credentialStatus\[0\]\.statusMessage must have 4 elements/),
    ]);
    expect(await refused([{ ...MESSAGE_REQUEST, statusMessage: undefined }])).toEqual([
      expect.stringMatching(/^options\.credentialStatus\[0\]\.statusMessage is required when statusSize is greater than 1/),
    ]);
    expect(await refused({ ...MESSAGE_REQUEST, statusReference: 'our website' })).toEqual([expect.stringMatching(/^options\.credentialStatus\.statusReference must be a URL/)]);
    expect((await refused([{ ...MESSAGE_REQUEST, statusSize: 9, statusMessage: [] }]))[0]).toMatch(/statusSize must be at most 8/);
    expect(await refused([{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusSize: 2 }])).toEqual([
      expect.stringMatching(/^options\.credentialStatus\[0\]\.statusSize is only for statusPurpose "message"/),
    ]);
    expect(await refused([MESSAGE_REQUEST, MESSAGE_REQUEST])).toEqual([expect.stringMatching(/^options\.credentialStatus\[1\] asks for a second status message entry/)]);
    expect((await refused([{ type: 'BitstringStatusListEntry', statusPurpose: 'refresh' }]))[0]).toMatch(/"revocation", "suspension" or "message"/);
    // A message with members besides status and message is refused before any slot is reserved or
    // list created: signing would otherwise fail on the undefined term after both.
    const stored = async () => ({
      lists: await store.db.selectFrom('status_lists').select(['id', 'allocated']).orderBy('id').execute(),
      credentials: (await store.db.selectFrom('credentials').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n,
    });
    const before = await stored();
    expect(
      await refused({
        type: 'BitstringStatusListEntry', statusPurpose: 'message', statusSize: 1,
        statusMessage: [{ status: '0x0', message: 'a', foo: 'bar' }, { status: '0x1', message: 'b' }],
      }),
    ).toEqual(['options.credentialStatus.statusMessage[0] may have only status and message, not foo']);
    expect(await stored()).toEqual(before);
    // A client's own malformed entry in the credential is refused by the data model check.
    const own = await call(app, 'POST', '/credentials/issue', {
      token: dev.issueToken,
      body: {
        credential: {
          '@context': [V2], type: ['VerifiableCredential'], issuer: dev.did, credentialSubject: { id: 'did:example:learner' },
          credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'message', statusListIndex: '1', statusListCredential: 'https://elsewhere.example/l', statusSize: 2 },
        },
      },
    });
    expect(own.status).toBe(400);
    expect(own.body.errors.map((e: Json) => e.path)).toEqual(['credential.credentialStatus.statusMessage']);
  });
});

describe('setting a status message', () => {
  it('sets the value, publishes it in the entry\'s bits only, and the verifier reports its message', async () => {
    const [first, second] = [(await issue(ALL_THREE)).body.verifiableCredential, (await issue(ALL_THREE)).body.verifiableCredential];
    const entry = first.credentialStatus[2];
    const set = await setStatus(first.id, [{ type: 'BitstringStatusListEntry', statusPurpose: 'message', status: '0x2' }]);
    expect(set.status, set.text).toBe(200);
    expect(set.body).toEqual({
      credentialId: first.id,
      statusPurpose: 'message',
      status: '0x2',
      message: 'rejected',
      previousStatus: '0x0',
      previousMessage: 'pending_review',
      changed: true,
    });
    expect((await valueOf(entry)).value).toBe(2);
    expect((await valueOf(second.credentialStatus[2])).value).toBe(0);
    // Revocation and suspension are untouched.
    expect((await valueOf(first.credentialStatus[0])).value).toBe(0);
    expect((await call(app, 'GET', `/micro-credentials/${first.id.slice('urn:uuid:'.length)}/status`, { token: dev.issueToken })).body.status).toBe('active');

    const verified = await call(app, 'POST', '/credentials/verify', { body: { verifiableCredential: first } });
    expect(verified.status, verified.text).toBe(200);
    const check = verified.body.report.checks.find((c: Json) => c.check === 'message');
    expect(check).toMatchObject({ status: 'warn', statusMessage: { value: '0x2', message: 'rejected', statusReference: [REFERENCE] } });
    expect(verified.body.warnings).toContainEqual({ check: 'message', message: check.reason });
    // Pages in other languages say it in their words, the issuer's message as the issuer wrote it.
    const german = describeReport(verified.body.report, 'de').checks.find((c) => c.check === 'message');
    expect(german).toMatchObject({ name: 'Statusmeldung', statusText: expect.any(String) });
    expect(german?.sentence).toBe('Der Aussteller hat die Statusmeldung “rejected” (0x2) gesetzt. Was sie bedeutet, legt der Aussteller fest; sie widerruft den Nachweis nicht und setzt ihn nicht aus.');

    // The same value again changes nothing.
    expect((await setStatus(first.id, [{ type: 'BitstringStatusListEntry', statusPurpose: 'message', status: '0x2' }])).body.changed).toBe(false);
    // Revoking the credential leaves its message as it was.
    await setStatus(first.id, [{ type: 'BitstringStatusListEntry', status: 'revoked' }]);
    expect((await valueOf(entry)).value).toBe(2);
    expect((await valueOf(first.credentialStatus[0])).value).toBe(1);
  });

  it('refuses values the entry cannot hold and credentials without a message entry', async () => {
    const vc = (await issue(ALL_THREE)).body.verifiableCredential;
    const message = (status: string) => setStatus(vc.id, [{ type: 'BitstringStatusListEntry', statusPurpose: 'message', status }]);
    const tooWide = await message('0x4');
    expect(tooWide.status).toBe(400);
    expect(tooWide.body.detail).toMatch(/from 0x0 to 0x3 \(statusSize 2\)/);
    const notHex = await message('rejected');
    expect(notHex.status).toBe(400);
    expect(notHex.body.errors[0].path).toBe('credentialStatus[0].status');
    const plain = (await issue([{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }])).body.verifiableCredential;
    const none = await setStatus(plain.id, [{ type: 'BitstringStatusListEntry', statusPurpose: 'message', status: '0x1' }]);
    expect(none.status).toBe(409);
    expect(none.body.detail).toMatch(/carries no status message entry/);
    const mixed = await setStatus(vc.id, [
      { type: 'BitstringStatusListEntry', statusPurpose: 'message', status: 'active' },
      { type: 'BitstringStatusListEntry', status: 'suspended' },
    ]);
    expect(mixed.status).toBe(400);
    expect((await valueOf(vc.credentialStatus[2])).value).toBe(0);
  });
});
