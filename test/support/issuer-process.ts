/**
 * The issuer as operators run it: `tsx packages/cli/src/bin.ts serve` as a
 * child process, in its own process group so that SIGKILL reaches the node
 * process that holds the database (tsx runs the script in a child of its own).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const BIN = join(ROOT, 'packages/cli/src/bin.ts');

export interface IssuerProcess {
  url: string;
  child: ChildProcess;
  /** Everything it wrote to stderr (its log) and stdout. */
  output(): string;
  /** SIGKILL to the whole process group: no shutdown, no flush, no goodbye. */
  kill(): Promise<void>;
  /** SIGTERM, then wait for it to exit. */
  stop(): Promise<void>;
}

const running = new Set<IssuerProcess>();

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/** An environment with nothing of the developer's settings in it. */
export function serviceEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('MICROCRED_') || name === 'DATABASE_URL' || name === 'PORT' || name === 'HOST') delete env[name];
  }
  return { ...env, HOST: '127.0.0.1', MICROCRED_RATE_LIMIT: '0', ...settings };
}

export function startIssuer(env: NodeJS.ProcessEnv, options: { timeoutMs?: number } = {}): Promise<IssuerProcess> {
  const child = spawn(TSX, [BIN, 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const process_: IssuerProcess = {
    url: '',
    child,
    output: () => out,
    async kill() {
      running.delete(process_);
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      await exited;
    },
    async stop() {
      running.delete(process_);
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-(child.pid as number), 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      await exited;
    },
  };
  running.add(process_);
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      void process_.kill();
      fail(new Error(`the issuer did not start within ${options.timeoutMs ?? 60_000} ms:\n${out}`));
    }, options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      out += String(chunk);
      const listening = /"message":"listening","url":"([^"]+)"/.exec(out);
      if (listening && !process_.url) {
        clearTimeout(timer);
        process_.url = listening[1] as string;
        done(process_);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!process_.url) fail(new Error(`the issuer exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
}

/** For afterAll: no child outlives a failed test. */
export async function killAllIssuers(): Promise<void> {
  await Promise.all([...running].map((p) => p.kill()));
}
