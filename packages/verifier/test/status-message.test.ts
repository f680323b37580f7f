/**
 * Status entries with the `message` purpose (W3C Bitstring Status List v1.0): the issuer commits, in
 * the credential, to one message per possible value of a multi-bit entry, and later sets the value
 * in a signed list. What a verifier's user needs from that: the value and its message in words, a
 * credential that stays valid whatever the message (it neither revokes nor suspends), and a clear
 * answer when the entry or the list is malformed or they disagree.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, secureCredential, type KeyPair } from '@microcred/securing';
import { Bitstring, buildStatusEntry, buildStatusListCredential, encodeList } from '@microcred/status-list';
import { checkCredentialDataModel, httpStatusLists, verify, type VerificationReport } from '../src/index.ts';

type Json = Record<string, any>;

const V2 = 'https://www.w3.org/ns/credentials/v2';
const REFERENCE = 'https://issuer.example/status-codes';
const MESSAGES = [
  { status: '0x0', message: 'pending_review' },
  { status: '0x1', message: 'accepted' },
  { status: '0x2', message: 'rejected' },
  { status: '0x3', message: 'undefined' },
];
const PENDING = 10;
const REJECTED = 11;

let server: Server;
let base: string;
let issuer: KeyPair;
const served = new Map<string, Json>();

async function publish(path: string, list: Json): Promise<void> {
  const { credential } = await secureCredential(list, { key: issuer, format: 'di' });
  served.set(path, credential as Json);
}

function messageEntry(index: number, path = '/lists/message', extra: Json = {}): Json {
  return {
    ...buildStatusEntry({ statusListCredential: `${base}${path}`, statusListIndex: index, statusPurpose: 'message', statusSize: 2, statusMessage: MESSAGES, statusReference: REFERENCE }),
    ...extra,
  };
}

async function credentialWith(entries: Json[]): Promise<Json> {
  const unsigned = {
    '@context': [V2],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential'],
    issuer: issuer.controller,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:learner' },
    credentialStatus: [
      buildStatusEntry({ statusListCredential: `${base}/lists/revocation`, statusListIndex: PENDING, statusPurpose: 'revocation' }),
      ...entries,
    ],
  };
  return (await secureCredential(unsigned, { key: issuer, format: 'di' })).credential as Json;
}

const options = () => ({ now: new Date('2027-01-01T00:00:00Z'), trustedIssuers: [issuer.controller], statusLists: httpStatusLists({ allowLoopback: true }) });
const check = (report: VerificationReport, name: string) => report.checks.find((c) => c.check === name);

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = served.get(req.url!);
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/vc+ld+json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = await generateKey({ type: 'Ed25519' });
  const list = async (path: string, purpose: 'revocation' | 'message', bits: Bitstring) =>
    buildStatusListCredential({ id: `${base}${path}`, issuer: issuer.controller, statusPurpose: purpose, encodedList: await encodeList(bits) }) as unknown as Json;
  await publish('/lists/revocation', await list('/lists/revocation', 'revocation', new Bitstring()));
  const twoBits = new Bitstring({ statusSize: 2 });
  twoBits.setValue(REJECTED, 2);
  // The neighbours of the rejected entry hold other values: only the entry's own two bits may count.
  twoBits.setValue(REJECTED + 1, 3);
  twoBits.setValue(PENDING - 1, 1);
  await publish('/lists/message', await list('/lists/message', 'message', twoBits));
  // A list in the older design states its own statusSize (here 4 bits); the VC 2.0 context no longer
  // defines that term on the list, so such an issuer adds it with a context of its own.
  const fourBits = await list('/lists/four-bits', 'message', new Bitstring({ statusSize: 4 }));
  await publish('/lists/four-bits', {
    ...fourBits,
    '@context': [V2, { statusSize: { '@id': 'https://www.w3.org/ns/credentials/status#statusSize', '@type': 'http://www.w3.org/2001/XMLSchema#integer' } }],
    credentialSubject: { ...fourBits.credentialSubject, statusSize: 4 },
  });
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('a status message the issuer set', () => {
  it('reports the starting value and its message, and the credential is valid', async () => {
    const report = await verify(await credentialWith([messageEntry(PENDING)]), options());
    expect(report.verdict).toBe('valid');
    expect(report.checks.map((c) => c.check)).toEqual(['format', 'proof', 'issuer', 'validity', 'revocation', 'suspension', 'message', 'trust', 'profile']);
    expect(check(report, 'message')).toMatchObject({
      status: 'pass',
      statusMessage: { value: '0x0', message: 'pending_review', statusReference: [REFERENCE] },
    });
    expect(check(report, 'message')?.reason).toBe(
      `The issuer's status message for this credential is "pending_review" (value 0x0), the value it starts with. The issuer explains its messages at ${REFERENCE}.`,
    );
  });

  it('shows another value as something to look at, without making the credential invalid', async () => {
    const report = await verify(await credentialWith([messageEntry(REJECTED)]), options());
    expect(report.verdict).toBe('valid');
    expect(report.label).toBe('Valid');
    const message = check(report, 'message');
    expect(message).toMatchObject({ status: 'warn', statusMessage: { value: '0x2', message: 'rejected' } });
    expect(message?.reason).toMatch(/set the status message "rejected" \(value 0x2\).*does not revoke or suspend/);
  });

  it('adds no message check to a credential without a message entry', async () => {
    const report = await verify(await credentialWith([]), options());
    expect(check(report, 'message')).toBeUndefined();
  });
});

describe('message entries that cannot be read', () => {
  it('says so in words when the entry and the list disagree on statusSize, and does not call the credential valid', async () => {
    const report = await verify(await credentialWith([messageEntry(PENDING, '/lists/four-bits')]), options());
    expect(report.verdict).toBe('indeterminate');
    const message = check(report, 'message');
    expect(message?.status).toBe('unknown');
    expect(message?.reason).toMatch(/status message could not be read: the credential's status entry has 2-bit values .* the status list says statusSize 4/);
  });

  it('an unreachable message list leaves the verdict indeterminate', async () => {
    const report = await verify(await credentialWith([messageEntry(PENDING, '/lists/gone')]), options());
    expect(report.verdict).toBe('indeterminate');
    expect(check(report, 'message')?.reason).toMatch(/status message list could not be fetched/);
  });

  it('a two-bit entry without its messages fails the format check: the credential breaks the spec', async () => {
    const { statusMessage: _m, ...withoutMessages } = messageEntry(PENDING);
    const report = await verify(await credentialWith([withoutMessages]), options());
    expect(report.verdict).toBe('invalid');
    const format = check(report, 'format');
    expect(format?.status).toBe('fail');
    expect(format?.reason).toMatch(/credentialStatus\[1\]\.statusMessage is required when statusSize is greater than 1/);
  });
});

describe('checkCredentialDataModel on status entries', () => {
  const credential = (entry: Json) => ({ '@context': [V2], type: ['VerifiableCredential'], issuer: 'did:example:issuer', credentialSubject: { id: 'did:example:s' }, credentialStatus: entry });
  const entry = { type: 'BitstringStatusListEntry', statusPurpose: 'message', statusListIndex: '1', statusListCredential: 'https://issuer.example/l' };

  it('accepts an entry with one message per value and a reference', () => {
    expect(checkCredentialDataModel(credential({ ...entry, statusSize: 2, statusMessage: MESSAGES, statusReference: [REFERENCE] }))).toEqual([]);
  });

  it('names the member that is wrong', () => {
    const paths = (e: Json) => checkCredentialDataModel(credential(e)).map((i) => i.path);
    expect(paths({ ...entry, statusSize: 2, statusMessage: MESSAGES.slice(0, 2) })).toEqual(['credentialStatus.statusMessage']);
    expect(paths({ ...entry, statusSize: 0 })).toEqual(['credentialStatus.statusSize']);
    expect(paths({ ...entry, statusSize: 2, statusMessage: [...MESSAGES.slice(0, 3), { status: '0x1', message: 'again' }] })).toEqual(['credentialStatus.statusMessage[3].status']);
    expect(paths({ ...entry, statusReference: 'see our website' })).toEqual(['credentialStatus.statusReference']);
  });
});
