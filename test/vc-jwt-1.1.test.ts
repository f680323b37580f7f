/**
 * VC Data Model 1.1 credentials issued as JWTs through the VC-API, end to end: the issuer service on
 * 127.0.0.1 (SQLite), POST /credentials/issue?format=jwt with a 1.1 credential as VC-API clients of
 * that era send it, and the answer checked twice: by this service's own POST /credentials/verify, and
 * by the securing package resolving the issuer's did:web against the server, as an outside verifier would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDidResolver, verifySecuredCredential } from '@microcred/securing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantToken, provisionTenant, readSettings, silentLogger, startServer, type RunningServer } from '@microcred/issuer';

type Json = Record<string, any>;

const V1 = 'https://www.w3.org/2018/credentials/v1';
const DAY = 24 * 60 * 60 * 1000;
const seconds = (date: string) => Date.parse(date) / 1000;
const dateTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const decodePart = (jwt: string, index: number): Json => JSON.parse(Buffer.from(jwt.split('.')[index] ?? '', 'base64url').toString('utf8'));

let server: RunningServer;
let dir: string;
let token: string;
let did: string;
const resolver = createDidResolver({ allowHttp: true });

async function http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Json) : undefined, text };
}

/** A 1.1 credential the way VC-API clients send one: issuanceDate to the second, an id, the subject's DID. */
function v1Credential(extra: Json = {}): Json {
  return {
    '@context': [V1],
    id: `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential'],
    issuer: did,
    issuanceDate: dateTime(Date.now() - DAY),
    credentialSubject: { id: 'did:key:z6MkhTNL7i2etLerDK8Acz5t528giE5KA4p75T6ka1E1D74r' },
    ...extra,
  };
}

const issueJwt = (credential: Json, headers: Record<string, string> = {}) => http('POST', '/credentials/issue?format=jwt', { credential }, headers);
const verifyOver = (verifiableCredential: unknown) => http('POST', '/credentials/verify', { verifiableCredential });
const checkOf = (body: Json | undefined, name: string): Json | undefined => body?.report.checks.find((c: Json) => c.check === name);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'microcred-vc-jwt-11-'));
  server = await startServer({ host: '127.0.0.1', port: 0, dataDir: dir, settings: readSettings({}), logger: silentLogger });
  const tenant = await provisionTenant(server.store, { id: 'academy', name: 'Example Academy', publicUrl: server.publicUrl, root: true });
  did = tenant.did as string;
  token = (await createTenantToken(server.store, tenant.id, { scopes: ['issue', 'manage'] })).token;
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('POST /credentials/issue?format=jwt with a VC Data Model 1.1 credential', () => {
  it('answers the credential with the VC 1.1 JWT as its proof; the JWT carries iss, nbf, jti and sub and verifies through did:web', async () => {
    const credential = v1Credential();
    const answer = await issueJwt(credential);
    expect(answer.status, answer.text).toBe(201);
    const issued = answer.body?.verifiableCredential as Json;
    const { proof, ...shown } = issued;
    expect(shown).toEqual(credential);
    expect(proof.type).toBe('JwtProof2020');

    const jwt = proof.jwt as string;
    expect(decodePart(jwt, 0)).toMatchObject({ alg: 'EdDSA', typ: 'JWT', kid: expect.stringMatching(new RegExp(`^${did}#`)) });
    expect(decodePart(jwt, 1)).toEqual({
      iss: did,
      nbf: seconds(credential.issuanceDate),
      jti: credential.id,
      sub: credential.credentialSubject.id,
      vc: { '@context': [V1], type: ['VerifiableCredential'], credentialSubject: {} },
    });
    const outside = await verifySecuredCredential(jwt, { didResolver: resolver });
    expect(outside.errors).toEqual([]);
    expect(outside).toMatchObject({ verified: true, format: 'jwt', issuer: did, credential });
  });

  it('is verified by POST /credentials/verify, as the JSON it answered and as the bare JWT, with the dates of the JWT', async () => {
    const expirationDate = dateTime(Date.now() + 365 * DAY);
    const issued = (await issueJwt(v1Credential({ expirationDate }))).body?.verifiableCredential as Json;
    for (const input of [issued, issued.proof.jwt]) {
      const answer = await verifyOver(input);
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body).toMatchObject({ verified: true, errors: [] });
      expect(answer.body?.report).toMatchObject({ verdict: 'valid', format: 'jwt', issuer: did, credentialId: issued.id });
      expect(checkOf(answer.body, 'format')).toMatchObject({ status: 'pass', reason: expect.stringContaining('Data Model 1.1') });
      expect(checkOf(answer.body, 'proof')?.status).toBe('pass');
      expect(checkOf(answer.body, 'issuer')).toMatchObject({ status: 'pass', reason: expect.stringContaining(did) });
      expect(checkOf(answer.body, 'validity')).toMatchObject({ status: 'pass', reason: expect.stringContaining(expirationDate.slice(0, 10)) });
    }
  });

  it('reports a credential whose nbf is in the future as not yet valid, and one past its exp as expired, though genuine', async () => {
    const future = (await issueJwt(v1Credential({ issuanceDate: dateTime(Date.now() + 30 * DAY) }))).body?.verifiableCredential as Json;
    const early = await verifyOver(future.proof.jwt);
    expect(early.status).toBe(400);
    expect(early.body?.report.label).toBe('Not yet valid');
    expect(checkOf(early.body, 'proof')?.status).toBe('pass');
    expect(checkOf(early.body, 'validity')).toMatchObject({ status: 'fail', reason: expect.stringContaining('not valid before') });

    const past = (await issueJwt(v1Credential({ issuanceDate: dateTime(Date.now() - 30 * DAY), expirationDate: dateTime(Date.now() - DAY) }))).body
      ?.verifiableCredential as Json;
    const late = await verifyOver(past);
    expect(late.status).toBe(400);
    expect(late.body?.report.label).toBe('Expired');
    expect(checkOf(late.body, 'validity')).toMatchObject({ status: 'fail', reason: expect.stringContaining('expired') });
  });

  it('answers 400 when the JSON around the JWT was changed, or the JWT itself', async () => {
    const issued = (await issueJwt(v1Credential())).body?.verifiableCredential as Json;
    const { '@context': _context, ...noContext } = issued;
    for (const tampered of [{ ...issued, credentialSubject: { id: 'did:example:someone-else' } }, noContext]) {
      const answer = await verifyOver(tampered);
      expect(answer.status).toBe(400);
      expect(answer.body?.verified).toBe(false);
      expect(checkOf(answer.body, 'proof')?.status).toBe('fail');
    }
    const [header, payload, signature] = (issued.proof.jwt as string).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const forged = [header, Buffer.from(JSON.stringify({ ...claims, sub: 'did:example:someone-else' })).toString('base64url'), signature].join('.');
    const answer = await verifyOver(forged);
    expect(answer.status).toBe(400);
    expect(checkOf(answer.body, 'proof')?.status).toBe('fail');
  });

  it('answers an Idempotency-Key replay with the same credential', async () => {
    const key = randomUUID();
    const credential = v1Credential();
    const first = await issueJwt(credential, { 'idempotency-key': key });
    const again = await issueJwt(credential, { 'idempotency-key': key });
    expect(first.status, first.text).toBe(201);
    expect(again.status, again.text).toBe(201);
    expect(again.body).toEqual(first.body);
  });

  it.each([
    ['no @context', (c: Json) => ({ ...c, '@context': undefined })],
    ['no type', (c: Json) => ({ ...c, type: undefined })],
    ['a subject that is not an object', (c: Json) => ({ ...c, credentialSubject: 4 })],
    ['an issuanceDate that is not a date-time', (c: Json) => ({ ...c, issuanceDate: 'yesterday' })],
  ])('refuses a credential with %s with 400', async (_what, change) => {
    const answer = await issueJwt(JSON.parse(JSON.stringify(change(v1Credential()))));
    expect(answer.status, answer.text).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/problem\+json/);
  });
});

describe('the other formats are unchanged', () => {
  it('a VC 1.1 credential with format di gets a Data Integrity proof; a VC 2.0 credential as jwt is an enveloped vc+jwt', async () => {
    const di = await http('POST', '/credentials/issue?format=di', { credential: v1Credential() });
    expect(di.status, di.text).toBe(201);
    expect(di.body?.verifiableCredential.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });
    expect((await verifyOver(di.body?.verifiableCredential)).status).toBe(200);

    const v2 = await issueJwt({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: did, credentialSubject: { id: 'did:example:learner' } });
    expect(v2.status, v2.text).toBe(201);
    expect(v2.body?.verifiableCredential).toMatchObject({ type: 'EnvelopedVerifiableCredential', id: expect.stringMatching(/^data:application\/vc\+jwt,/) });
    expect((await verifyOver(v2.body?.verifiableCredential)).status).toBe(200);
  });
});
