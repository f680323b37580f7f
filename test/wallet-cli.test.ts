/**
 * The wallet commands as an operator and a learner run them, as processes: `keys generate --type eseal`
 * makes a test seal, `seal set` gives it to a tenant (on the database), `export` downloads renditions
 * from the running service, `present` wraps a credential in a presentation signed by the learner's key.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture } from '@microcred/model';
import { verifyJades } from '@microcred/securing';
import { createTenantToken, provisionTenant, readSettings, silentLogger, startServer, type RunningServer } from '@microcred/issuer';

type Json = Record<string, any>;

const ROOT = resolve(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const BIN = join(ROOT, 'packages/cli/src/bin.ts');

let work: string;
let dataDir: string;
let keysDir: string;
let server: RunningServer;
let token: string;
let issued: Json;

function microcred(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      TSX,
      [BIN, ...args],
      { cwd: ROOT, env: { ...process.env, MICROCRED_KEYS_DIR: keysDir, MICROCRED_DATA_DIR: dataDir, INIT_CWD: work, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'microcred-wallet-cli-'));
  dataDir = join(work, 'data');
  keysDir = join(work, 'keys');
  server = await startServer({ host: '127.0.0.1', port: 0, dataDir, settings: readSettings({}), signingThreads: 0, logger: silentLogger });
  const tenant = await provisionTenant(server.store, { id: 'pcb', name: 'Example Personnel Certification Body', publicUrl: server.publicUrl, root: true });
  token = (await createTenantToken(server.store, tenant.id, { scopes: ['issue', 'manage'] })).token;
  const response = await fetch(`${server.url}/micro-credentials`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(loadFixture('digital-skills-bootcamp')),
  });
  issued = (await response.json()) as Json;
});

afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('microcred keys generate --type eseal, seal set, export, present', () => {
  let seal: Json;

  it('makes a self-signed test seal under keys/ (the key private), and refuses one without its organisation', async () => {
    const [made, usage] = await Promise.all([
      microcred(['keys', 'generate', '--type', 'eseal', '--organization', 'Example Personnel Certification Body', '--organization-identifier', 'VATSI-12345678', '--country', 'SI']),
      microcred(['keys', 'generate', '--type', 'eseal', '--country', 'SI']),
    ]);
    expect(made.code, made.stderr).toBe(0);
    seal = JSON.parse(made.stdout);
    expect(seal).toMatchObject({ type: 'eseal', keyType: 'P-256', organizationIdentifier: 'VATSI-12345678' });
    expect(seal.files.privateKey.startsWith(keysDir)).toBe(true);
    expect(statSync(seal.files.privateKey).mode & 0o777).toBe(0o600);
    expect(made.stdout).not.toContain('PRIVATE KEY');
    expect(made.stderr).toMatch(/TEST e-seal \(not qualified/);
    expect(usage.code).toBe(64);
    expect(usage.stderr).toMatch(/--organization, --organization-identifier/);
  });

  it('sets it as the tenant\'s seal on the database; export then downloads the sealed Europass credential and the Open Badge', async () => {
    const set = await microcred(['seal', 'set', '--tenant', 'pcb', '--cert', seal.files.certificate, '--key', seal.files.privateKey]);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout).seal).toMatchObject({ organizationIdentifier: 'VATSI-12345678', signer: 'key' });

    const [edc, badge, unknown] = await Promise.all([
      microcred(['export', issued.id, '--rendition', 'edc', '--url', server.url, '--token', token]),
      microcred(['export', issued.id.replace('urn:uuid:', ''), '--rendition', 'ob3', '--out', 'badge.json'], { MICROCRED_URL: server.url, MICROCRED_TOKEN: token }),
      microcred(['export', issued.id, '--rendition', 'pdf', '--url', server.url, '--token', token]),
    ]);
    expect(edc.code, edc.stderr).toBe(0);
    const checked = await verifyJades(JSON.parse(edc.stdout), { trustAnchors: [readFileSync(seal.files.caCertificate, 'utf8')] });
    expect(checked.verified).toBe(true);
    expect(checked.chain.trusted).toBe(true);

    expect(badge.code, badge.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(work, 'badge.json'), 'utf8')).type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);

    expect(unknown.code).toBe(64);
  });

  it('present writes a presentation signed by the holder\'s key for the verifier\'s challenge and domain, which verifies', async () => {
    const [key, jwt, usage] = await Promise.all([
      microcred(['keys', 'generate', '--out', 'holder.json']),
      microcred(['export', issued.id, '--rendition', 'vc-jwt', '--out', 'credential.jwt', '--url', server.url, '--token', token]),
      microcred(['present', 'credential.json', '--key', 'holder.json']),
    ]);
    expect(key.code, key.stderr).toBe(0);
    expect(jwt.code, jwt.stderr).toBe(0);
    writeFileSync(join(work, 'credential.json'), JSON.stringify(issued.verifiableCredential));
    const presented = await microcred(['present', 'credential.json', 'credential.jwt', '--key', 'holder.json', '--challenge', 'c-123', '--domain', 'employer.example']);
    expect(presented.code, presented.stderr).toBe(0);
    const vp = JSON.parse(presented.stdout);
    expect(vp.holder).toBe(JSON.parse(key.stdout).controller);
    expect(vp.verifiableCredential).toHaveLength(2);
    expect(vp.verifiableCredential[1].type).toBe('EnvelopedVerifiableCredential');
    expect(vp.proof).toMatchObject({ challenge: 'c-123', domain: 'employer.example', proofPurpose: 'authentication' });

    const verified = await fetch(`${server.url}/presentations/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifiablePresentation: vp, options: { challenge: 'c-123', domain: 'employer.example' } }),
    });
    const report = (await verified.json()) as Json;
    expect(report.verified, JSON.stringify(report.errors)).toBe(true);

    const wrong = await fetch(`${server.url}/presentations/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifiablePresentation: vp, options: { challenge: 'another', domain: 'employer.example' } }),
    });
    expect(((await wrong.json()) as Json).verified).toBe(false);
    expect(usage.code).toBe(64);
  });
});
