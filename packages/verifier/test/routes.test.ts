/** The verifier over HTTP: VC-API's shapes and status codes, and POST /verify for people and programs. */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMicroCredential, loadFixture } from '@microcred/model';
import { generateKey, secureCredential, signPresentation, type KeyPair } from '@microcred/securing';
import { createVerifierApp, startVerifierServer, type VerifyOptions } from '../src/index.ts';

let issuer: KeyPair;
let signed: Record<string, any>;
let jwt: string;
let app: ReturnType<typeof createVerifierApp>;

beforeAll(async () => {
  issuer = await generateKey({ type: 'Ed25519' });
  const credential = buildMicroCredential(loadFixture('minimal'), { issuer: issuer.controller });
  signed = (await secureCredential(credential, { key: issuer, format: 'di' })).credential;
  jwt = (await secureCredential(credential, { key: issuer, format: 'jwt' })).jwt!;
  const options: VerifyOptions = { trustedIssuers: [issuer.controller] };
  app = createVerifierApp(options);
});

const post = (path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  app.request(path, { method: 'POST', body: typeof body === 'string' || body instanceof FormData ? body : JSON.stringify(body), headers });

describe('POST /credentials/verify (VC-API)', () => {
  it('answers 200 with verified true and our report for a valid credential', async () => {
    const response = await post('/credentials/verify', { verifiableCredential: signed, options: {} });
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body.verified).toBe(true);
    expect(body.checks).toEqual(['format', 'proof', 'issuer', 'validity', 'trust', 'profile']);
    expect(body.errors).toEqual([]);
    expect(body.report.verdict).toBe('valid');
  });

  it('answers 400 with the failing checks for a changed credential', async () => {
    const response = await post('/credentials/verify', { verifiableCredential: { ...signed, validFrom: '2020-01-01T00:00:00Z' } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as any;
    expect(body.verified).toBe(false);
    expect(body.errors.map((e: { check: string }) => e.check)).toContain('proof');
  });

  it('verifies a vc+jwt wrapped as an EnvelopedVerifiableCredential', async () => {
    const response = await post('/credentials/verify', {
      verifiableCredential: { '@context': 'https://www.w3.org/ns/credentials/v2', id: `data:application/vc+jwt,${jwt}`, type: 'EnvelopedVerifiableCredential' },
    });
    expect(((await response.json()) as any).verified).toBe(true);
  });

  it('answers problem details for a body that is not what it should be', async () => {
    for (const body of ['not json', '[]', '{}', '{"verifiableCredential": 5}']) {
      const response = await post('/credentials/verify', body);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    const huge = await post('/credentials/verify', JSON.stringify({ verifiableCredential: { x: 'a'.repeat(3 * 1024 * 1024) } }));
    expect(huge.status).toBe(413);
  });
});

describe('POST /presentations/verify (VC-API)', () => {
  it('checks the challenge the verifier gave', async () => {
    const holder = await generateKey({ type: 'Ed25519' });
    const presentation = await signPresentation(
      { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: holder.controller, verifiableCredential: [signed] },
      { key: holder, challenge: 'abc', domain: 'employer.example' },
    );
    const good = await post('/presentations/verify', { verifiablePresentation: presentation, options: { challenge: 'abc', domain: 'employer.example' } });
    expect(good.status).toBe(200);
    const bad = await post('/presentations/verify', { verifiablePresentation: presentation, options: { challenge: 'xyz', domain: 'employer.example' } });
    expect(bad.status).toBe(400);
  });
});

describe('POST /verify', () => {
  it('takes a credential as JSON, or a vc+jwt as text, and answers the report as JSON', async () => {
    expect(((await (await post('/verify', signed)).json()) as any).verdict).toBe('valid');
    expect(((await (await post('/verify', jwt, { 'content-type': 'text/plain' })).json()) as any).verdict).toBe('valid');
  });

  it('takes a file upload from a browser form and answers a page', async () => {
    const form = new FormData();
    form.set('file', new File([JSON.stringify(signed)], 'credential.json', { type: 'application/json' }));
    const response = await post('/verify', form, {});
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const page = await response.text();
    expect(page).toContain('<h1>Valid</h1>');
    expect(page).toContain('Introduction to Occupational Safety');
  });

  it('answers an empty form with a page that says what to do', async () => {
    const response = await post('/verify', new FormData(), {});
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Choose a credential file, or paste the credential');
  });
});

describe('the standalone verifier server', () => {
  it('serves on 127.0.0.1', async () => {
    const server = await startVerifierServer({ port: 0, verifyOptions: { trustedIssuers: [issuer.controller] } });
    try {
      const response = await fetch(`${server.url}/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifiableCredential: signed }) });
      expect(response.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
