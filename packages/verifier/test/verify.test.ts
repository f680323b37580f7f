/**
 * What an employer relies on: for each proof format, genuine credentials are valid, and tampered,
 * expired, not-yet-valid, revoked and suspended ones, unreachable status lists and status lists signed
 * by someone else each get the verdict and reason a person can act on.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMicroCredential, loadFixture } from '@microcred/model';
import { generateKey, secureCredential, type KeyPair, type SecuringFormat } from '@microcred/securing';
import { Bitstring, buildStatusEntry, buildStatusListCredential, encodeList } from '@microcred/status-list';
import { httpStatusLists, verify, type VerificationReport } from '../src/index.ts';

type Json = Record<string, any>;

let server: Server;
let base: string;
const served = new Map<string, Json>();
const requests: string[] = [];
let issuer: KeyPair;
let ecdsaIssuer: KeyPair;
let stranger: KeyPair;

const REVOKED = 7;
const SUSPENDED = 131_000;
const GOOD = 42;

async function statusList(path: string, purpose: 'revocation' | 'suspension', setBits: number[], signer: KeyPair, issuerId = signer.controller) {
  const bits = new Bitstring({ length: 131_072 });
  for (const i of setBits) bits.set(i, true);
  const list = buildStatusListCredential({ id: `${base}${path}`, issuer: signer.controller, statusPurpose: purpose, encodedList: await encodeList(bits), ttl: 60_000 });
  const { credential } = await secureCredential(list as unknown as Json, { key: signer, format: signer.keyType === 'Ed25519' ? 'di' : 'ecdsa' });
  // A forger who wants the list to pass as the issuer's has to change its issuer after signing.
  served.set(path, { ...credential, issuer: issuerId });
}

function entries(index: number, prefix = '/lists') {
  return [
    buildStatusEntry({ statusListCredential: `${base}${prefix}/revocation`, statusListIndex: index, statusPurpose: 'revocation' }),
    buildStatusEntry({ statusListCredential: `${base}${prefix}/suspension`, statusListIndex: index, statusPurpose: 'suspension' }),
  ];
}

async function issue(format: SecuringFormat, index: number, extra: { validUntil?: string; prefix?: string } = {}): Promise<Json | string> {
  const key = format === 'ecdsa' ? ecdsaIssuer : issuer;
  const input = { ...loadFixture('crane-operator-certificate'), ...(extra.validUntil ? { validUntil: extra.validUntil } : {}) };
  const credential = buildMicroCredential(input, { issuer: key.controller, credentialStatus: entries(index, extra.prefix) as unknown as Json[] });
  const secured = await secureCredential(credential, { key, format });
  return secured.jwt ?? secured.credential;
}

const NOW = new Date('2027-03-01T12:00:00Z');
const options = () => ({
  now: NOW,
  trustedIssuers: [issuer.controller, ecdsaIssuer.controller],
  statusLists: httpStatusLists({ allowLoopback: true }),
});

function check(report: VerificationReport, name: string) {
  return report.checks.find((c) => c.check === name)!;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url!);
    const body = served.get(req.url!);
    if (req.url === '/broken/revocation' || req.url === '/broken/suspension') {
      res.writeHead(503).end();
      return;
    }
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/vc+ld+json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = await generateKey({ type: 'Ed25519' });
  ecdsaIssuer = await generateKey({ type: 'P-256' });
  stranger = await generateKey({ type: 'Ed25519' });
  // One pair of lists per issuer key: the ecdsa issuer's lists live under /ecdsa.
  await statusList('/lists/revocation', 'revocation', [REVOKED], issuer);
  await statusList('/lists/suspension', 'suspension', [SUSPENDED], issuer);
  await statusList('/ecdsa/revocation', 'revocation', [REVOKED], ecdsaIssuer);
  await statusList('/ecdsa/suspension', 'suspension', [SUSPENDED], ecdsaIssuer);
  // Lists that claim to be the issuer's but were signed by someone else.
  await statusList('/forged/revocation', 'revocation', [], stranger, issuer.controller);
  await statusList('/forged/suspension', 'suspension', [], stranger, issuer.controller);
  // Lists genuinely signed by someone else, naming themselves as issuer.
  await statusList('/other/revocation', 'revocation', [], stranger);
  await statusList('/other/suspension', 'suspension', [], stranger);
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

const FORMAT_REASONS = {
  di: 'A W3C Verifiable Credential secured with Data Integrity (eddsa-rdfc-2022).',
  'eddsa-jcs': 'A W3C Verifiable Credential secured with Data Integrity (eddsa-jcs-2022).',
  ecdsa: 'A W3C Verifiable Credential secured with Data Integrity (ecdsa-rdfc-2019).',
  jwt: 'A W3C Verifiable Credential secured as a JWT (vc+jwt).',
};

describe.each(['di', 'eddsa-jcs', 'ecdsa', 'jwt'] as const)('a %s credential', (format) => {
  const prefix = format === 'ecdsa' ? '/ecdsa' : '/lists';

  it('is valid when genuine, current, and neither revoked nor suspended', async () => {
    const report = await verify(await issue(format, GOOD, { prefix }), options());
    expect(report.verdict).toBe('valid');
    expect(report.label).toBe('Valid');
    // The format check names the cryptosuite (or the JWT) that secures it.
    expect(check(report, 'format').reason).toBe(FORMAT_REASONS[format]);
    expect(report.checks.map((c) => [c.check, c.status])).toEqual([
      ['format', 'pass'], ['proof', 'pass'], ['issuer', 'pass'], ['validity', 'pass'],
      ['revocation', 'pass'], ['suspension', 'pass'], ['trust', 'pass'], ['profile', 'pass'],
    ]);
    expect(report.summary?.certificateNumber).toBe('PCB-CRANE-2026-0042');
  });

  it('is not genuine once changed', async () => {
    const credential = await issue(format, GOOD, { prefix });
    const tampered =
      typeof credential === 'string'
        ? (() => {
            const [h, p, s] = credential.split('.');
            const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
            payload.credentialSubject.fullName = 'Mallory';
            return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
          })()
        : { ...credential, credentialSubject: { ...credential.credentialSubject, fullName: 'Mallory' } };
    const report = await verify(tampered, options());
    expect(report.verdict).toBe('invalid');
    expect(report.label).toBe('Not genuine');
    expect(check(report, 'proof').status).toBe('fail');
  });

  it('is expired after its end of validity', async () => {
    const report = await verify(await issue(format, GOOD, { prefix, validUntil: '2027-01-31T23:59:59Z' }), options());
    expect(report.verdict).toBe('invalid');
    expect(report.label).toBe('Expired');
    expect(check(report, 'validity').reason).toBe('The credential expired on 2027-01-31 23:59 UTC.');
  });

  it('is not yet valid before its date of issue', async () => {
    const report = await verify(await issue(format, GOOD, { prefix }), { ...options(), now: new Date('2026-08-31T00:00:00Z') });
    expect(report.verdict).toBe('invalid');
    expect(report.label).toBe('Not yet valid');
    expect(check(report, 'validity').reason).toBe('The credential is not valid before 2026-09-01 00:00 UTC.');
  });

  it('is revoked when its revocation bit is set', async () => {
    const report = await verify(await issue(format, REVOKED, { prefix }), options());
    expect(report.verdict).toBe('invalid');
    expect(report.label).toBe('Revoked (withdrawn)');
    expect(check(report, 'revocation')).toEqual({ check: 'revocation', status: 'fail', reason: 'The issuer has revoked (withdrawn) the credential.' });
  });

  it('is suspended when its suspension bit is set', async () => {
    const report = await verify(await issue(format, SUSPENDED, { prefix }), options());
    expect(report.verdict).toBe('invalid');
    expect(report.label).toBe('Suspended');
    expect(check(report, 'suspension').status).toBe('fail');
  });
});

describe('status lists that cannot be relied on', () => {
  it('an unreachable status list makes the verdict indeterminate, never valid', async () => {
    const report = await verify(await issue('di', GOOD, { prefix: '/broken' }), options());
    expect(report.verdict).toBe('indeterminate');
    expect(report.label).toBe('Could not check');
    expect(check(report, 'revocation').status).toBe('unknown');
    expect(check(report, 'revocation').reason).toMatch(/could not be fetched from http:\/\/127\.0\.0\.1:\d+\/broken\/revocation: .*HTTP 503/);
  });

  it('a status list that names the issuer but was signed by someone else cannot be relied on', async () => {
    const report = await verify(await issue('di', GOOD, { prefix: '/forged' }), options());
    expect(report.verdict).toBe('indeterminate');
    expect(check(report, 'revocation').reason).toMatch(/not genuinely signed/);
  });

  it('a status list of another issuer says nothing about this credential', async () => {
    const report = await verify(await issue('di', GOOD, { prefix: '/other' }), options());
    expect(report.verdict).toBe('indeterminate');
    expect(check(report, 'revocation').reason).toContain(`was signed by ${stranger.controller}, not by the credential's issuer`);
  });

  it('without a way to fetch status lists the verdict is indeterminate', async () => {
    const { statusLists: _none, ...rest } = options();
    const report = await verify(await issue('di', GOOD), rest);
    expect(report.verdict).toBe('indeterminate');
  });

  it('keeps a fetched list for its ttl', async () => {
    const source = httpStatusLists({ allowLoopback: true });
    const before = requests.filter((r) => r === '/lists/revocation').length;
    await verify(await issue('di', GOOD), { ...options(), statusLists: source });
    await verify(await issue('di', REVOKED), { ...options(), statusLists: source });
    expect(requests.filter((r) => r === '/lists/revocation').length - before).toBe(1);
  });
});

describe('trust', () => {
  it('a genuine credential from an issuer outside the trusted list is valid, and says so', async () => {
    const report = await verify(await issue('di', GOOD), { ...options(), trustedIssuers: [] });
    expect(report.verdict).toBe('valid');
    expect(check(report, 'trust').status).toBe('warn');
    expect(check(report, 'trust').reason).toContain(`The issuer ${issuer.controller} is not on your trusted-issuer list`);
    expect(report.headline).toBe('Genuine, current and not revoked, but issued by someone not on your trusted-issuer list.');
  });
});

describe('profile', () => {
  it('a credential that claims to be an EU micro-credential but lacks Annex I elements says which', async () => {
    const credential = buildMicroCredential(loadFixture('minimal'), { issuer: issuer.controller }) as Json;
    delete credential.credentialSubject.hasClaim.specifiedBy.learningOutcome;
    delete credential.credentialSubject.hasClaim.specifiedBy.volumeOfLearning;
    const { credential: signed } = await secureCredential(credential, { key: issuer, format: 'di' });
    const report = await verify(signed, options());
    expect(check(report, 'profile').status).toBe('warn');
    expect(check(report, 'profile').reason).toMatch(/lacks or misstates these mandatory elements: .*learningOutcomes.*workload|workload.*learningOutcomes/);
  });
});

describe('no JSON-LD context is ever fetched', () => {
  it('a credential naming a context served on 127.0.0.1 cannot be checked, and no request is made', async () => {
    let hits = 0;
    const contextServer = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/ld+json' }).end(JSON.stringify({ '@context': { x: 'https://example.org/x' } }));
    });
    await new Promise<void>((done) => contextServer.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(contextServer.address() as AddressInfo).port}/context.jsonld`;
    try {
      const forged = {
        '@context': ['https://www.w3.org/ns/credentials/v2', url],
        id: 'urn:uuid:2f0c1c3e-7a1b-4e55-9d2a-3f4b5c6d7e8f',
        type: ['VerifiableCredential'],
        issuer: issuer.controller,
        validFrom: '2026-01-01T00:00:00Z',
        credentialSubject: { x: 'y' },
        proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod', verificationMethod: issuer.id, proofValue: 'z3' },
      };
      const report = await verify(forged, options());
      expect(report.verdict).toBe('indeterminate');
      expect(check(report, 'format').status).toBe('unknown');
      expect(check(report, 'format').reason).toContain(url);
      expect(hits).toBe(0);
    } finally {
      await new Promise<void>((done) => contextServer.close(() => done()));
    }
  });
});
