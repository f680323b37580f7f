/**
 * The tenant's e-seal and the Europass rendition: set as PEM, as PKCS#12, or as an external signer
 * (an HTTP signing service, a command); the sealed EDC verifies with the project's JAdES verifier and
 * conforms to the project's reading of the EDC shapes; the service warns 30 days before the seal
 * certificate expires; no private key is ever answered.
 */
import { createServer, type Server } from 'node:http';
import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture } from '@microcred/model';
import { generateTestSeal, verifyJades, type TestSeal } from '@microcred/securing';
import { checkEuropassCredential } from '@microcred/wallet-export';
import { setTenantSeal, type Logger } from '@microcred/issuer';
import { call, sqliteStore, tenantWithTokens, testApp, type TestTenant } from '../packages/issuer/test/support/app.ts';

type Json = Record<string, any>;

let store: Awaited<ReturnType<typeof sqliteStore>>;
let app: ReturnType<typeof testApp>;
const warnings: string[] = [];
const logger: Logger = { info: () => undefined, error: () => undefined, warn: (message) => void warnings.push(message) };
let p256: TestSeal;

async function tenantWithCredential(id: string): Promise<{ tenant: TestTenant; issued: Json }> {
  const tenant = await tenantWithTokens(store.store, id, { name: 'Example Personnel Certification Body' });
  const issued = await call(app, 'POST', '/micro-credentials', { token: tenant.token, body: loadFixture('crane-operator-certificate') });
  expect(issued.status, issued.text).toBe(201);
  return { tenant, issued: issued.body };
}

async function europass(tenant: TestTenant, issued: Json): Promise<{ response: Awaited<ReturnType<typeof call>>; sealed: Json }> {
  const response = await call(app, 'GET', `${new URL(issued.links.self).pathname}/renditions/edc`, { token: tenant.token });
  return { response, sealed: response.body };
}

/** The EDC checks every sealed rendition must pass: the seal with the test CA as anchor, the shapes, the eIDAS identifier. */
async function expectSealedEdc(sealed: Json, seal: TestSeal, organizationIdentifier: string) {
  const result = await verifyJades(sealed, { trustAnchors: [seal.caCertificatePem] });
  expect(result.verified, JSON.stringify(result.errors)).toBe(true);
  expect(result.chain.trusted).toBe(true);
  expect(result.certificate?.organizationIdentifier).toBe(organizationIdentifier);
  const edc = result.credential as Json;
  expect(edc.type).toEqual(['VerifiableCredential', 'EuropeanDigitalCredential']);
  expect(edc.issuer.eIDASIdentifier.notation).toBe(organizationIdentifier);
  expect(checkEuropassCredential(edc)).toEqual([]);
  const image = edc.displayParameter.individualDisplay[0].displayDetail[0].image.content as string;
  expect(Buffer.from(image, 'base64').subarray(1, 4).toString()).toBe('PNG');
  expect(edc.credentialStatus).toBeUndefined();
}

beforeAll(async () => {
  store = await sqliteStore();
  app = testApp(store.store, { logger });
  p256 = await generateTestSeal({ organization: 'Example Personnel Certification Body', organizationIdentifier: 'VATSI-12345678', country: 'SI', keyType: 'P-256' });
});

afterAll(async () => store.dispose());

describe('the tenant\'s e-seal and the sealed Europass rendition', () => {
  it('without a seal the Europass rendition is refused with a reason; with a PEM seal it is sealed, verifies and conforms', async () => {
    const { tenant, issued } = await tenantWithCredential('pem');
    const none = await europass(tenant, issued);
    expect(none.response.status).toBe(409);
    expect(none.response.body.detail).toMatch(/no e-seal configured/);

    const set = await call(app, 'PUT', '/tenants/current/seal', {
      token: tenant.manageToken,
      body: { certificateChain: [p256.certificatePem, p256.caCertificatePem], privateKey: p256.privateKeyPem },
    });
    expect(set.status, set.text).toBe(200);
    expect(set.body.seal).toMatchObject({ organizationIdentifier: 'VATSI-12345678', algorithm: 'ES256', signer: 'key', qualified: false });
    expect(set.body.warnings).toEqual([]);
    expect(set.text).not.toContain('PRIVATE KEY');
    const current = await call(app, 'GET', '/tenants/current', { token: tenant.token });
    expect(current.body.seal.organizationIdentifier).toBe('VATSI-12345678');
    expect(current.text).not.toContain('PRIVATE KEY');

    const { response, sealed } = await europass(tenant, issued);
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/jose+json');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${issued.certificateNumber}-europass.json"`);
    await expectSealedEdc(sealed, p256, 'VATSI-12345678');
    // The service's own verifier checks the seal too.
    const verified = await call(app, 'POST', '/credentials/verify', { body: { verifiableCredential: sealed } });
    expect(verified.body.report.checks.find((c: Json) => c.check === 'proof').status).toBe('pass');
  });

  it('takes the seal from a PKCS#12 file (RSA), and names a wrong password', async () => {
    const rsa = await generateTestSeal({ organization: 'Example Personnel Certification Body', organizationIdentifier: 'NTRSI-7654321', country: 'SI', keyType: 'RSA' });
    const p12 = forge.pkcs12.toPkcs12Asn1(
      forge.pki.privateKeyFromPem(rsa.privateKeyPem),
      [forge.pki.certificateFromPem(rsa.certificatePem), forge.pki.certificateFromPem(rsa.caCertificatePem)],
      'correct horse',
      { algorithm: 'aes256' },
    );
    const pkcs12 = Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary').toString('base64');
    const { tenant, issued } = await tenantWithCredential('p12');
    const wrong = await call(app, 'PUT', '/tenants/current/seal', { token: tenant.token, body: { pkcs12, password: 'wrong' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.detail).toMatch(/password is wrong/);
    const set = await call(app, 'PUT', '/tenants/current/seal', { token: tenant.token, body: { pkcs12, password: 'correct horse' } });
    expect(set.status, set.text).toBe(200);
    expect(set.body.seal).toMatchObject({ organizationIdentifier: 'NTRSI-7654321', algorithm: 'RS256' });
    const { sealed } = await europass(tenant, issued);
    await expectSealedEdc(sealed, rsa, 'NTRSI-7654321');
  });

  it('refuses a key that is not the certificate\'s, and a signing command from an API token', async () => {
    const other = await generateTestSeal({ organization: 'Other', organizationIdentifier: 'VATSI-99999999', country: 'SI', keyType: 'P-256' });
    const { tenant } = await tenantWithCredential('refusals');
    const mismatch = await call(app, 'PUT', '/tenants/current/seal', { token: tenant.token, body: { certificateChain: p256.certificatePem, privateKey: other.privateKeyPem } });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.detail).toMatch(/not the key of the seal certificate/);
    expect(mismatch.text).not.toContain('PRIVATE KEY');
    const command = await call(app, 'PUT', '/tenants/current/seal', { token: tenant.token, body: { certificateChain: p256.certificatePem, signer: { type: 'command', command: ['/bin/true'] } } });
    expect(command.status).toBe(422);
    const issueOnly = await call(app, 'PUT', '/tenants/current/seal', { token: tenant.issueToken, body: { certificateChain: p256.certificatePem, privateKey: p256.privateKeyPem } });
    expect(issueOnly.status).toBe(403);
  });

  it('seals through an HTTP signing service that gets the signing input and answers the signature', async () => {
    const key = createPrivateKey(p256.privateKeyPem);
    const seen: number[] = [];
    const signer: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.headers.authorization !== 'Bearer hsm-secret') return void res.writeHead(401).end();
        const input = Buffer.concat(chunks);
        seen.push(input.length);
        // A DER ECDSA signature, as HSMs give it: the seal converts it to JOSE's r||s.
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ signature: nodeSign('sha256', input, key).toString('base64') }));
      });
    });
    await new Promise<void>((resolve) => signer.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(signer.address() as AddressInfo).port}/sign`;
    const previous = process.env.MICROCRED_ALLOW_LOOPBACK;
    try {
      const { tenant, issued } = await tenantWithCredential('http-signer');
      const body = { certificateChain: [p256.certificatePem, p256.caCertificatePem], signer: { type: 'http', url, headers: { authorization: 'Bearer hsm-secret' } } };
      delete process.env.MICROCRED_ALLOW_LOOPBACK;
      expect((await call(app, 'PUT', '/tenants/current/seal', { token: tenant.token, body })).status).toBe(422);
      process.env.MICROCRED_ALLOW_LOOPBACK = '1';
      const set = await call(app, 'PUT', '/tenants/current/seal', { token: tenant.token, body });
      expect(set.status, set.text).toBe(200);
      expect(set.body.seal.signer).toBe('http');
      expect(set.text).not.toContain('hsm-secret');
      const { sealed } = await europass(tenant, issued);
      await expectSealedEdc(sealed, p256, 'VATSI-12345678');
      expect(seen.length).toBe(2); // the probe when it was set, then the credential
    } finally {
      if (previous === undefined) delete process.env.MICROCRED_ALLOW_LOOPBACK;
      else process.env.MICROCRED_ALLOW_LOOPBACK = previous;
      await new Promise((resolve) => signer.close(resolve));
    }
  });

  it('seals through a signing command the operator configured (stdin: signing input, stdout: signature)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'microcred-signer-'));
    const keyFile = join(dir, 'seal.key.pem');
    writeFileSync(keyFile, p256.privateKeyPem, { mode: 0o600 });
    const script = `const c=require('node:crypto');const f=require('node:fs');const d=f.readFileSync(0);process.stdout.write(c.sign('sha256',d,c.createPrivateKey(f.readFileSync(${JSON.stringify(keyFile)}))))`;
    const { tenant, issued } = await tenantWithCredential('command-signer');
    const record = await store.store.tenants.get(tenant.id);
    const summary = await setTenantSeal(store.store, record!, { certificateChain: [p256.certificatePem, p256.caCertificatePem], signer: { type: 'command', command: [process.execPath, '-e', script] } }, {
      now: new Date(),
      actor: 'test',
      allowCommand: true,
      allowLoopbackHttp: false,
    });
    expect(summary.signer).toBe('command');
    const { sealed } = await europass(tenant, issued);
    await expectSealedEdc(sealed, p256, 'VATSI-12345678');
  });

  it('warns in GET /tenants/current and in the log when the seal certificate expires within 30 days', async () => {
    const soon = await generateTestSeal({ organization: 'Example Personnel Certification Body', organizationIdentifier: 'VATSI-12345678', country: 'SI', keyType: 'P-256', validDays: 10 });
    const { tenant } = await tenantWithCredential('expiring');
    warnings.length = 0;
    const set = await call(app, 'PUT', '/tenants/current/seal', { token: tenant.token, body: { certificateChain: soon.certificatePem, privateKey: soon.privateKeyPem } });
    expect(set.status).toBe(200);
    const current = await call(app, 'GET', '/tenants/current', { token: tenant.token });
    expect(current.body.seal.daysLeft).toBeLessThanOrEqual(10);
    expect(current.body.warnings).toEqual([expect.stringMatching(/^The e-seal certificate expires on \d{4}-\d{2}-\d{2} \(in \d+ days?\): renew it/)]);
    expect(warnings.some((w) => /e-seal certificate expires on/.test(w))).toBe(true);
    const seal = await call(app, 'GET', '/tenants/current/seal', { token: tenant.token });
    expect(seal.body.warnings).toHaveLength(1);
  });
});
