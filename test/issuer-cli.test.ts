/**
 * The service and its operator commands as a user runs them: real
 * processes (`tsx packages/cli/src/bin.ts ...`), a temporary data and keys
 * directory, HTTP on 127.0.0.1.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Json = Record<string, any>;

const ROOT = resolve(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const BIN = join(ROOT, 'packages/cli/src/bin.ts');

const children: ChildProcess[] = [];

function baseEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', MICROCRED_DATA_DIR: join(dir, 'data'), MICROCRED_KEYS_DIR: join(dir, 'keys'), INIT_CWD: dir, ...extra };
  for (const name of ['DATABASE_URL', 'MICROCRED_PUBLIC_URL', 'MICROCRED_DEMO_TOKEN', 'MICROCRED_URL', 'MICROCRED_TOKEN', 'PORT']) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

function microcred(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(TSX, [BIN, ...args], { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Starts `microcred serve`, resolving once `ready` matches its output. */
function serve(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; stdout: () => string; stderr: () => string }> {
  const child = spawn(TSX, [BIN, 'serve', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not get ready in 60 s.\nstdout: ${out}\nstderr: ${err}`)), 60_000);
    const check = () => {
      if (ready.test(out + err)) {
        clearTimeout(timer);
        done({ child, stdout: () => out, stderr: () => err });
      }
    };
    child.stdout?.on('data', (chunk) => {
      out += String(chunk);
      check();
    });
    child.stderr?.on('data', (chunk) => {
      err += String(chunk);
      check();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`serve exited with ${code}.\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done(child.exitCode);
    child.once('exit', (code) => done(code));
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('microcred serve --demo (what `pnpm start` runs)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'microcred-demo-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the URLs and a token; /health answers and the printed token issues a credential; a restart finds the same demo', async () => {
    const env = baseEnv(dir, { PORT: '0' });
    const first = await serve(['--demo'], env, /Demo token\s+\S+[\s\S]*curl/);
    const banner = first.stdout();
    const base = /Base URL\s+(\S+)/.exec(banner)?.[1] as string;
    const token = /Demo token\s+(\S+)/.exec(banner)?.[1] as string;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const label of ['Health', 'API docs', 'DID document', 'Credential', 'Share link']) expect(banner).toMatch(new RegExp(`${label}\\s+${base}/`));
    expect(banner).toContain(`curl -sS -X POST '${base}/micro-credentials' -H 'Authorization: Bearer ${token}'`);
    // Results only on stdout; the log lines go to stderr.
    expect(banner).not.toMatch(/"level"/);
    expect(first.stderr()).toMatch(/"message":"listening"/);

    expect(await (await fetch(`${base}/health`)).json()).toMatchObject({ status: 'ok', database: 'sqlite' });
    const body = /-d '([^']+)'/.exec(banner)?.[1] as string;
    const issued = await fetch(`${base}/micro-credentials`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    expect(issued.status).toBe(201);
    const credential = (await issued.json()) as Json;
    expect(credential.verifiableCredential.issuer.id).toBe(`did:web:127.0.0.1%3A${new URL(base).port}`);
    const example = /Credential\s+(\S+)/.exec(banner)?.[1] as string;
    const record = await fetch(example, { headers: { authorization: `Bearer ${token}` } });
    expect(((await record.json()) as Json).status).toBe('active');
    const did = await fetch(`${base}/.well-known/did.json`);
    expect(((await did.json()) as Json).id).toBe(credential.verifiableCredential.issuer.id);
    expect(await stop(first.child)).toBe(0);

    // Same data directory: same token, same example credential, nothing issued twice.
    const second = await serve(['--demo'], baseEnv(dir, { PORT: new URL(base).port }), /Demo token\s+\S+[\s\S]*curl/);
    expect(/Demo token\s+(\S+)/.exec(second.stdout())?.[1]).toBe(token);
    expect(/Credential\s+(\S+)/.exec(second.stdout())?.[1]).toBe(example);
    const list = await fetch(`${base}/micro-credentials`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await list.json()) as Json).items).toHaveLength(4);
    expect(await stop(second.child)).toBe(0);
  });
});

describe('operator commands and a cohort CSV against a running service', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let url: string;
  let server: ChildProcess;
  let token: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'microcred-cohort-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = baseEnv(dir, { PORT: String(port), MICROCRED_PUBLIC_URL: url });
    const created = await microcred(['tenants', 'create', 'acme', '--name', 'ACME Training', '--root'], env);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ id: 'acme', did: `did:web:127.0.0.1%3A${port}`, didDocument: `${url}/.well-known/did.json` });
    const tokens = await microcred(['tokens', 'create', '--tenant', 'acme', '--scope', 'issue,manage'], env);
    expect(tokens.code, tokens.stderr).toBe(0);
    token = tokens.stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    server = (await serve([], env, /"message":"listening"/)).child;
    const spec = await fetch(`${url}/specifications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: readFileSync(join(ROOT, 'packages/model/fixtures/digital-skills-bootcamp.json'), 'utf8').replace(/"learner": \{[^}]*\},/, '"id": "bootcamp", "validFor": "P3Y",').replace(/"issued": "[^"]*",/, ''),
    });
    expect(spec.status, await spec.clone().text()).toBe(201);
  });

  afterAll(async () => {
    if (server) await stop(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists tenants and refuses usage errors with 64', async () => {
    const list = await microcred(['tenants', 'list'], env);
    expect(JSON.parse(list.stdout).map((t: Json) => t.id)).toEqual(['acme']);
    expect((await microcred(['tokens', 'create', '--tenant', 'acme', '--scope', 'admin'], env)).code).toBe(64);
    expect((await microcred(['revoke', 'x', '--url', url, '--token', token], env)).code).toBe(64);
    expect((await microcred(['issue', 'cohort.csv', '--url', url, '--token', token], env)).code).toBe(64);
  });

  it('issues a cohort CSV: progress on stderr, a summary on stdout, a results CSV with each credential and claim link', async () => {
    writeFileSync(
      join(dir, 'cohort.csv'),
      [
        'givenName,familyName,email,learnerId,grade,issued',
        'Aoife,Ní Bhriain,aoife@example.ie,,Distinction,2026-06-30',
        '"Jean-Luc","Dupont, Jr.",jl@example.fr,urn:uuid:2b1c0e4a-3a57-4d53-9d7e-0c2f3a1b9e11,Merit,2026-06-30',
        'Zuzana,Šimková,,,Pass,',
      ].join('\n'),
    );
    const run = await microcred(['issue', 'cohort.csv', '--specification', 'bootcamp', '--url', url, '--token', token], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('Issued 3 credentials against specification bootcamp; results (credential id, certificate number, claim link per learner): cohort.results.csv\n');
    expect(run.stderr).toMatch(/\[#{30}\] 3\/3 100%/);
    const results = readFileSync(join(dir, 'cohort.results.csv'), 'utf8').trim().split('\n');
    expect(results[0]).toBe('row,givenName,familyName,fullName,email,learnerId,credentialId,certificateNumber,claimLink,shareLink');
    expect(results).toHaveLength(4);
    expect(results[2]).toMatch(/^2,Jean-Luc,"Dupont, Jr\.",,jl@example\.fr,urn:uuid:2b1c0e4a-3a57-4d53-9d7e-0c2f3a1b9e11,urn:uuid:[0-9a-f-]{36},ACME-2026-\w+,http:\/\/127\.0\.0\.1:\d+\/wallet\/[\w-]{43},http:\/\/127\.0\.0\.1:\d+\/v\/[\w-]{43}$/);
    const id = results[3]?.split(',')[6] as string;
    const record = (await (await fetch(`${url}/micro-credentials/${id.slice('urn:uuid:'.length)}`, { headers: { authorization: `Bearer ${token}` } })).json()) as Json;
    expect(record).toMatchObject({ learner: { name: 'Zuzana Šimková' }, specification: { id: 'bootcamp', version: 1 } });

    // The same file again: the same results (the Idempotency-Key comes from the file's hash).
    const again = await microcred(['issue', 'cohort.csv', '--specification', 'bootcamp', '--url', url, '--token', token, '--results', 'again.csv'], env);
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'again.csv'), 'utf8')).toBe(readFileSync(join(dir, 'cohort.results.csv'), 'utf8'));

    // revoke with the operator command.
    const revoked = await microcred(['revoke', id, '--reason', 'Issued to the wrong learner', '--url', url, '--token', token], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ id, status: 'revoked' });
    const refused = await microcred(['reinstate', id, '--reason', 'Oops', '--url', url, '--token', token], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/revocation is final/);
  });

  it('names the CSV rows that are wrong and issues nothing', async () => {
    writeFileSync(join(dir, 'broken.csv'), ['givenName,familyName,dateOfBirth', 'Ada,Lovelace,1815-12-10', 'Alan,,1912-06-23', 'Grace,Hopper,1906-13-09'].join('\n'));
    const run = await microcred(['issue', 'broken.csv', '--specification', 'bootcamp', '--url', url, '--token', token], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/Nothing was issued/);
    expect(run.stderr).toMatch(/row 2 \(line 3\) learner\.familyName: is required/);
    expect(run.stderr).toMatch(/row 3 \(line 4\) learner\.dateOfBirth: /);
    const unknown = await microcred(['issue', 'cohort.csv', '--specification', 'nope', '--url', url, '--token', token], env);
    expect(unknown.code).toBe(1);
    writeFileSync(join(dir, 'typo.csv'), 'givenName,familyname\nAda,Lovelace\n');
    const typo = await microcred(['issue', 'typo.csv', '--specification', 'bootcamp', '--url', url, '--token', token], env);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/columns this command does not know: familyname/);
  });
});
