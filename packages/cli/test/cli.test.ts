/**
 * `microcred` as a user runs it: a real process, files on disk, exit codes as ARCHITECTURE.md says
 * (0 valid, 1 invalid or refused input, 2 indeterminate, 64 usage).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, FIXTURE_NAMES } from '@microcred/model';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const BIN = join(ROOT, 'packages/cli/src/bin.ts');

let keysDir: string;
let work: string;

function microcred(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(
      TSX,
      [BIN, ...args],
      { cwd: ROOT, env: { ...process.env, MICROCRED_KEYS_DIR: keysDir, INIT_CWD: work }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    if (input !== undefined) child.stdin!.end(input);
  });
}

beforeAll(() => {
  keysDir = mkdtempSync(join(tmpdir(), 'microcred-keys-'));
  work = mkdtempSync(join(tmpdir(), 'microcred-cli-'));
});

describe('microcred issue and verify', () => {
  it('makes a development key on first use, reuses it, and keeps it private', async () => {
    const first = await microcred(['issue', fixturePath('minimal'), '--out', 'first.json']);
    expect(first.code).toBe(0);
    const second = await microcred(['issue', fixturePath('minimal'), '--out', 'second.json']);
    expect(second.code).toBe(0);
    const issuers = ['first.json', 'second.json'].map((f) => JSON.parse(readFileSync(join(work, f), 'utf8')).issuer.id);
    expect(issuers[0]).toBe(issuers[1]);
    expect(readdirSync(keysDir)).toEqual(['dev-ed25519.json']);
    expect(statSync(join(keysDir, 'dev-ed25519.json')).mode & 0o777).toBe(0o600);
    expect(first.stdout + first.stderr).not.toMatch(/secretKeyMultibase/);
  });

  for (const format of ['di', 'eddsa-jcs', 'ecdsa', 'jwt'] as const) {
    it(`issues each example as ${format}, and verify reports it valid`, async () => {
      const results = await Promise.all(
        FIXTURE_NAMES.map(async (name) => {
          const out = `${name}.${format}`;
          const issued = await microcred(['issue', fixturePath(name), '--format', format, '--out', out]);
          const verified = await microcred(['verify', out]);
          return { name, issued, verified };
        }),
      );
      for (const { issued, verified } of results) {
        expect(issued.stderr).not.toMatch(/error/i);
        expect(issued.code).toBe(0);
        expect(verified.code).toBe(0);
        expect(verified.stdout).toMatch(/^VALID: Genuine, current and not revoked or suspended\./);
      }
    });
  }

  it('prints only the result on stdout, so it can be piped into verify --json', async () => {
    const issued = await microcred(['issue', fixturePath('crane-operator-certificate')]);
    expect(issued.code).toBe(0);
    expect(JSON.parse(issued.stdout).proof.cryptosuite).toBe('eddsa-rdfc-2022');
    const verified = await microcred(['verify', '-', '--json'], issued.stdout);
    expect(verified.code).toBe(0);
    const report = JSON.parse(verified.stdout);
    expect(report.verdict).toBe('valid');
    expect(report.summary.certificateNumber).toBe('PCB-CRANE-2026-0042');
    expect(report.checks.map((c: { check: string }) => c.check)).toEqual([
      'format', 'proof', 'issuer', 'validity', 'revocation', 'suspension', 'trust', 'profile',
    ]);
  });

  it('reports a changed credential as not genuine with exit code 1', async () => {
    const issued = await microcred(['issue', fixturePath('minimal')]);
    const credential = JSON.parse(issued.stdout);
    credential.credentialSubject.givenName = 'Mallory';
    writeFileSync(join(work, 'tampered.json'), JSON.stringify(credential));
    const verified = await microcred(['verify', 'tampered.json']);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toMatch(/^NOT GENUINE:/);
  });

  it('refuses an input missing workload, level and learning outcomes, naming all three, with exit code 1', async () => {
    const input = JSON.parse(readFileSync(fixturePath('minimal'), 'utf8'));
    delete input.workload;
    delete input.level;
    delete input.learningOutcomes;
    writeFileSync(join(work, 'incomplete.json'), JSON.stringify(input));
    const result = await microcred(['issue', 'incomplete.json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    for (const field of ['workload', 'level', 'learningOutcomes']) expect(result.stderr).toContain(`- ${field}: is required`);
  });

  it('exits 64 on a usage error and 1 on a missing file', async () => {
    expect((await microcred(['issue'])).code).toBe(64);
    expect((await microcred(['issue', fixturePath('minimal'), '--format', 'rsa'])).code).toBe(64);
    expect((await microcred(['frobnicate'])).code).toBe(64);
    const missing = await microcred(['verify', 'no-such-file.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No such file: no-such-file.json');
  });

  it('generates keys of each type and never prints the secret', async () => {
    for (const type of ['ed25519', 'p256', 'p384']) {
      const result = await microcred(['keys', 'generate', '--type', type, '--out', `key-${type}.json`]);
      expect(result.code).toBe(0);
      expect(result.stdout).not.toMatch(/secret/i);
      const printed = JSON.parse(result.stdout);
      expect(printed.controller).toMatch(/^did:key:z/);
      expect(JSON.parse(readFileSync(join(work, `key-${type}.json`), 'utf8')).secretKeyMultibase).toMatch(/^z/);
    }
    const web = await microcred(['keys', 'generate', '--did', 'web', '--domain', 'issuer.example.org', '--out', 'web.json']);
    expect(JSON.parse(web.stdout).controller).toBe('did:web:issuer.example.org');
    const issuedWithKey = await microcred(['issue', fixturePath('minimal'), '--format', 'ecdsa', '--key', 'key-p384.json']);
    expect(JSON.parse(issuedWithKey.stdout).proof.cryptosuite).toBe('ecdsa-rdfc-2019');
  });
});
