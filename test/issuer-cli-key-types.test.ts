/**
 * P-384 keys as an operator makes them: `microcred tenants create --keys` and `microcred tenants
 * add-key` on the database, then the running service signs ecdsa-rdfc-2019 with the P-384 key when
 * the VC-API request says keyType P-384, and its own verifier accepts the result. Real processes,
 * a temporary data directory, HTTP on 127.0.0.1.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, killAllIssuers, ROOT, serviceEnv, startIssuer, type IssuerProcess } from './support/issuer-process.ts';

type Json = Record<string, any>;

const TSX = join(ROOT, 'node_modules/.bin/tsx');
const BIN = join(ROOT, 'packages/cli/src/bin.ts');

let dir: string;
let env: NodeJS.ProcessEnv;
let issuer: IssuerProcess;

function microcred(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(TSX, [BIN, ...args], { cwd: ROOT, env }, (error, stdout, stderr) =>
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'microcred-key-types-'));
  const port = await freePort();
  env = serviceEnv({ PORT: String(port), MICROCRED_DATA_DIR: join(dir, 'data'), MICROCRED_KEYS_DIR: join(dir, 'keys'), MICROCRED_PUBLIC_URL: `http://127.0.0.1:${port}` });
});

afterAll(async () => {
  await killAllIssuers();
  rmSync(dir, { recursive: true, force: true });
});

async function post(path: string, token: string, body: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${issuer.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

const credential = (issuerDid: string) => ({
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  type: ['VerifiableCredential'],
  issuer: issuerDid,
  credentialSubject: { id: 'did:example:learner', name: 'Ada' },
});

describe('microcred tenants create --keys / tenants add-key', () => {
  let p384Did: string;
  let token: string;
  let webToken: string;

  it('creates a did:key tenant with a P-384 key and prints the DID each key signs as', async () => {
    const created = await microcred(['tenants', 'create', 'conformance', '--name', 'Conformance', '--did', 'key', '--keys', 'p256,p384']);
    expect(created.code, created.stderr).toBe(0);
    const tenant = JSON.parse(created.stdout) as Json;
    expect(tenant.did).toMatch(/^did:key:z6Mk/);
    expect(tenant.keys.map((k: Json) => k.type)).toEqual(['Ed25519', 'P-256', 'P-384']);
    const p384 = tenant.keys.find((k: Json) => k.type === 'P-384');
    p384Did = p384.controller;
    expect(p384Did).toMatch(/^did:key:z82L/);
    expect(p384.id).toBe(`${p384Did}#${p384Did.slice('did:key:'.length)}`);
    expect(created.stdout).not.toMatch(/secret/i);

    const minted = await microcred(['tokens', 'create', '--tenant', 'conformance', '--scope', 'issue']);
    expect(minted.code, minted.stderr).toBe(0);
    token = minted.stdout.trim();
  }, 180_000);

  it('refuses an unknown key type with 64, creating nothing', async () => {
    const refused = await microcred(['tenants', 'create', 'odd', '--name', 'Odd', '--keys', 'ed25519,p521']);
    expect(refused.code).toBe(64);
    expect(refused.stderr).toMatch(/Unknown key type "p521": use ed25519, p256 or p384/);
    expect(JSON.parse((await microcred(['tenants', 'list'])).stdout).map((t: Json) => t.id)).toEqual(['conformance']);
  }, 180_000);

  it('adds a P-384 key to a tenant made without one, once', async () => {
    expect((await microcred(['tenants', 'create', 'acme', '--name', 'ACME'])).code).toBe(0);
    const added = await microcred(['tenants', 'add-key', 'acme', '--type', 'p384']);
    expect(added.code, added.stderr).toBe(0);
    const out = JSON.parse(added.stdout) as Json;
    expect(out.key).toMatchObject({ type: 'P-384', controller: out.did, status: 'active' });
    expect(out.did).toMatch(/^did:web:127\.0\.0\.1%3A\d+:tenants:acme$/);
    const [again, nobody, rsa, minted] = await Promise.all([
      microcred(['tenants', 'add-key', 'acme', '--type', 'p384']),
      microcred(['tenants', 'add-key', 'nobody', '--type', 'p384']),
      microcred(['tenants', 'add-key', 'acme', '--type', 'rsa']),
      microcred(['tokens', 'create', '--tenant', 'acme', '--scope', 'issue']),
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has an active P-384 key/);
    expect(nobody.code).toBe(1);
    expect(rsa.code).toBe(64);
    webToken = minted.stdout.trim();
  }, 180_000);

  it('the service then signs with the P-384 key when asked, and verifies what it signed', async () => {
    issuer = await startIssuer(env);
    const issued = await post('/credentials/issue?format=ecdsa&keyType=P-384', token, { credential: credential(p384Did) });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const vc = issued.body.verifiableCredential as Json;
    expect(vc.proof).toMatchObject({ cryptosuite: 'ecdsa-rdfc-2019', verificationMethod: `${p384Did}#${p384Did.slice('did:key:'.length)}` });
    const verified = await post('/credentials/verify', token, { verifiableCredential: vc });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body.warnings).toEqual([]);

    // The did:web tenant's P-384 key, added by the command, signs under its DID and is in its DID document.
    const acmeDid = (JSON.parse((await microcred(['tenants', 'list'])).stdout) as Json[]).find((t) => t.id === 'acme')?.did as string;
    const web = await post('/credentials/issue', webToken, { credential: credential(acmeDid), options: { format: 'ecdsa', keyType: 'P-384' } });
    expect(web.status, JSON.stringify(web.body)).toBe(201);
    const document = (await (await fetch(`${issuer.url}/tenants/acme/did.json`)).json()) as Json;
    expect(document.assertionMethod).toContain(web.body.verifiableCredential.proof.verificationMethod);
    expect((await post('/credentials/verify', webToken, { verifiableCredential: web.body.verifiableCredential })).status).toBe(200);
    await issuer.stop();
  }, 180_000);
});
