/**
 * `pnpm bench [--quick] [--json FILE]`: how fast microcred issues and
 * verifies, side by side with a plain @digitalbazaar/vc integration, in one
 * run, on the primary micro-credential rendition of the project's fixtures.
 *
 *  - baseline: @digitalbazaar/vc issue / verifyCredential (eddsa-rdfc-2022,
 *    static document loader), one credential after another in one process;
 *  - ours: @microcred/securing on one core and on every core (worker threads),
 *    vc+jwt, and raw Ed25519 with node:crypto (the floor);
 *  - the issuer service over HTTP on 127.0.0.1 (its own process, rate limits
 *    off): a batch of 10,000 credentials into SQLite and into PostgreSQL
 *    (skipped with a message when PostgreSQL is not reachable), and
 *    POST /credentials/verify under load (autocannon, in a process of its own)
 *    at 500 requests/s and at its maximum; its peak RSS;
 *  - status lists: allocating 1,000,000 indexes, setting a bit and publishing
 *    (signing) a list, reading a bit from a cached list.
 *
 * Prints a table (stdout); `--json FILE` also writes the figures. About 90 s on
 * 2 cores; `--quick` about 40 s. Tests never assert timings: this is where they
 * are measured.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { FIXTURE_NAMES, loadFixture } from '@microcred/model';
import { generateKey, secureCredential } from '@microcred/securing';
import { Bitstring, buildStatusListCredential, encodeList, randomIndexAllocator, readStatus } from '@microcred/status-list';
import { createTestDatabase, probePostgres } from '../packages/issuer/test/support/postgres.ts';
import { measure, prepare, type Operation } from './bench/micro.ts';

type Json = Record<string, any>;

const { values: args } = parseArgs({ options: { json: { type: 'string' }, quick: { type: 'boolean', default: false } } });
const quick = Boolean(args.quick);
const profile = quick
  ? { seconds: 1, warmup: 0.3, batch: 1_000, loadSeconds: 3 }
  : { seconds: 3, warmup: 0.7, batch: 10_000, loadSeconds: 8 };
const cores = availableParallelism();
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
const figures: Json = {};

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
  return { nproc: cores, cpu: model, node: process.version, date: new Date().toISOString(), quick };
}

// ---------------------------------------------------------------- micro ---

async function oneCore(operation: Operation): Promise<number> {
  const runner = await prepare(operation);
  return measure(runner, profile.seconds, profile.warmup);
}

/** The same operation on `cores` worker threads at once: the sum of their rates. */
async function allCores(operation: Operation): Promise<number> {
  const workers = Array.from(
    { length: cores },
    () =>
      new Worker(new URL('./bench/worker.mjs', import.meta.url), {
        workerData: { operation, seconds: profile.seconds, warmupSeconds: profile.warmup },
        // jsonld.js (the baseline, and anything the fast path declines) allocates heavily.
        resourceLimits: { maxYoungGenerationSizeMb: 128 },
      }),
  );
  const message = (worker: Worker, type: string) =>
    new Promise<Json>((resolve, reject) => {
      const onMessage = (m: Json) => {
        if (m.type !== type) return;
        worker.off('message', onMessage);
        resolve(m);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  try {
    await Promise.all(workers.map((w) => message(w, 'ready')));
    const done = workers.map((w) => message(w, 'done'));
    for (const worker of workers) worker.postMessage('go');
    const results = await Promise.all(done);
    return results.reduce((sum, r) => sum + (r.perSecond as number), 0);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

// ----------------------------------------------------------------- http ---

interface Service {
  url: string;
  token: string;
  child: ChildProcess;
  ask(type: 'check' | 'rss'): Promise<Json>;
  stop(): Promise<void>;
}

async function startService(dataDir: string, databaseUrl?: string): Promise<Service> {
  const child = fork(new URL('./bench/service.ts', import.meta.url).pathname, [dataDir, ...(databaseUrl ? [databaseUrl] : [])], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = (type: string) =>
    new Promise<Json>((resolve, reject) => {
      const onMessage = (m: Json) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        resolve(m);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`the service exited (${code})`)));
    });
  const ready = await next('ready');
  return {
    url: ready.url,
    token: ready.token,
    child,
    ask: (type) => {
      const answer = next(type);
      child.send({ type });
      return answer;
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await exited;
    },
  };
}

async function call(service: Service, method: string, path: string, body?: unknown): Promise<Json> {
  const response = await fetch(`${service.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${service.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as Json;
}

const specificationsOf = new WeakMap<Service, Promise<string[]>>();

/** One specification per fixture (made once per service): a cohort is issued against its specification, one learner per item. */
function createSpecifications(service: Service): Promise<string[]> {
  let ids = specificationsOf.get(service);
  if (!ids) {
    ids = postSpecifications(service);
    specificationsOf.set(service, ids);
  }
  return ids;
}

async function postSpecifications(service: Service): Promise<string[]> {
  const ids: string[] = [];
  for (const name of FIXTURE_NAMES) {
    const { learner: _learner, issued: _issued, certificateNumber: _number, recertificationOf: _renews, ...specification } = loadFixture(name) as Json;
    await call(service, 'POST', '/specifications', { id: `bench-${name}`, ...specification });
    ids.push(`bench-${name}`);
  }
  return ids;
}

function cohort(specifications: string[], size: number): Json[] {
  return Array.from({ length: size }, (_, i) => ({
    specification: specifications[i % specifications.length],
    learner: { givenName: 'Learner', familyName: `Number ${i}`, email: `learner${i}@example.org` },
    grade: i % 2 ? 'Pass' : 'Merit',
  }));
}

async function batch(service: Service, label: string): Promise<Json> {
  const specifications = await createSpecifications(service);
  const items = cohort(specifications, profile.batch);
  log(`${label}: issuing a batch of ${profile.batch.toLocaleString('en')}`);
  const started = performance.now();
  const result = await call(service, 'POST', '/micro-credentials/batch', { items });
  const seconds = (performance.now() - started) / 1000;
  if (result.count !== profile.batch) throw new Error(`${label}: the batch issued ${result.count}, not ${profile.batch}`);
  const check = await service.ask('check');
  if (check.credentials !== profile.batch || check.entries !== 2 * profile.batch) {
    throw new Error(`${label}: ${check.credentials} credentials and ${check.entries} status entries stored`);
  }
  return { seconds, perSecond: profile.batch / seconds, uniqueIndexes: check.uniqueIndexes === true };
}

async function verifyLoad(service: Service): Promise<Json> {
  const specifications = await createSpecifications(service);
  const issued = await call(service, 'POST', '/micro-credentials', cohort(specifications, 1)[0]);
  const body = JSON.stringify({ verifiableCredential: issued.verifiableCredential });
  const url = `${service.url}/credentials/verify`;
  const probe = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  if (probe.status !== 200) throw new Error(`POST /credentials/verify answered ${probe.status}: ${(await probe.text()).slice(0, 500)}`);
  log(`POST /credentials/verify: warm-up, then at 500 requests/s, then at its maximum, ${profile.loadSeconds} s each`);
  const child = fork(new URL('./bench/load.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const result = new Promise<Json>((resolve, reject) => {
    child.once('message', (m: Json) => resolve(m));
    child.once('exit', (code) => reject(new Error(`the load generator exited (${code})`)));
  });
  child.send({ url, body, seconds: profile.loadSeconds });
  return result;
}

// --------------------------------------------------------- status lists ---

async function statusLists(): Promise<Json> {
  const started = performance.now();
  randomIndexAllocator({ length: 2 ** 24 }).take(1_000_000);
  const allocateSeconds = (performance.now() - started) / 1000;

  const key = await generateKey({ type: 'Ed25519' });
  const list = new Bitstring({ length: 131_072 });
  let bit = 0;
  const publish = async () => {
    list.set((bit = (bit * 7919 + 17) % 131_072), true);
    const credential = buildStatusListCredential({
      id: 'https://certs.example.org/status-lists/revocation-1',
      issuer: key.controller,
      statusPurpose: 'revocation',
      encodedList: await encodeList(list),
      validFrom: new Date(),
      ttl: 300_000,
    });
    return JSON.stringify((await secureCredential(credential, { key, format: 'di' })).credential);
  };
  const publishPerSecond = await measure(publish, profile.seconds, profile.warmup);
  const cached = JSON.parse(await publish()) as Json;
  let index = 0;
  const read = () =>
    readStatus(
      {
        id: `https://certs.example.org/status-lists/revocation-1#${index}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: String((index = (index + 4099) % 131_072)),
        statusListCredential: 'https://certs.example.org/status-lists/revocation-1',
      },
      cached,
    );
  const readPerSecond = await measure(read, profile.seconds, profile.warmup);
  return { allocateSeconds, publishPerSecond, readPerSecond };
}

// ----------------------------------------------------------------- main ---

const round = (n: number, digits = 0) => Number(n.toFixed(digits));

async function main(): Promise<void> {
  Object.assign(figures, { machine: machine() });
  log(`${cores} cores, ${figures.machine.cpu}, Node ${process.version}${quick ? ', quick' : ''}`);

  const one: Record<string, number> = {};
  for (const operation of ['baseline-issue', 'baseline-verify', 'issue', 'verify', 'jwt-sign', 'jwt-verify', 'ed25519-sign', 'ed25519-verify'] as const) {
    log(`${operation}, one core`);
    one[operation] = await oneCore(operation);
  }
  log(`issue, ${cores} threads`);
  const issueAll = await allCores('issue');
  log(`verify, ${cores} threads`);
  const verifyAll = await allCores('verify');

  Object.assign(figures, {
    baselineIssuePerSecond: round(one['baseline-issue'] as number),
    baselineVerifyPerSecond: round(one['baseline-verify'] as number),
    issuePerSecondOneCore: round(one.issue as number),
    verifyPerSecondOneCore: round(one.verify as number),
    issuePerSecond: round(issueAll),
    verifyPerSecond: round(verifyAll),
    jwtSignPerSecond: round(one['jwt-sign'] as number),
    jwtVerifyPerSecond: round(one['jwt-verify'] as number),
    ed25519SignPerSecond: round(one['ed25519-sign'] as number),
    ed25519VerifyPerSecond: round(one['ed25519-verify'] as number),
  });
  Object.assign(figures, {
    issueRatio: round(figures.issuePerSecond / figures.baselineIssuePerSecond, 1),
    verifyRatio: round(figures.verifyPerSecond / figures.baselineVerifyPerSecond, 1),
    issueRatioOneCore: round(figures.issuePerSecondOneCore / figures.baselineIssuePerSecond, 1),
    verifyRatioOneCore: round(figures.verifyPerSecondOneCore / figures.baselineVerifyPerSecond, 1),
  });

  const dataDir = mkdtempSync(join(tmpdir(), 'microcred-bench-'));
  try {
    log('starting the service on SQLite');
    const sqlite = await startService(dataDir);
    try {
      const result = await batch(sqlite, 'SQLite');
      Object.assign(figures, {
        batchSize: profile.batch,
        batchSecondsSqlite: round(result.seconds, 2),
        batchPerSecondSqlite: round(result.perSecond),
        batchUniqueIndexesSqlite: result.uniqueIndexes,
      });
      const load = await verifyLoad(sqlite);
      Object.assign(figures, {
        verifyRequestsPerSecondAt500: round(load.fixed.requestsPerSecond),
        verifyP50Ms: round(load.fixed.p50Ms, 1),
        verifyP99Ms: round(load.fixed.p99Ms, 1),
        verifyNon2xxAt500: load.fixed.non2xx + load.fixed.errors,
        verifyRequestsPerSecondMax: round(load.max.requestsPerSecond),
        verifyP50MsMax: round(load.max.p50Ms, 1),
        verifyP99MsMax: round(load.max.p99Ms, 1),
        verifyNon2xxMax: load.max.non2xx + load.max.errors,
      });
      figures.servicePeakRssMb = round((await sqlite.ask('rss')).peakRssBytes / 2 ** 20);
    } finally {
      await sqlite.stop();
    }

    const postgres = await probePostgres().catch((error: Error) => ({ available: false as const, reason: error.message }));
    if (!postgres.available) {
      log(`PostgreSQL skipped: ${postgres.reason}`);
      figures.batchPerSecondPostgres = null;
      figures.postgresSkipped = postgres.reason;
    } else {
      const database = await createTestDatabase(postgres.serverUrl, 'bench');
      try {
        log('starting the service on PostgreSQL');
        const pg = await startService(join(dataDir, 'pg'), database.url);
        try {
          const result = await batch(pg, 'PostgreSQL');
          Object.assign(figures, {
            batchSecondsPostgres: round(result.seconds, 2),
            batchPerSecondPostgres: round(result.perSecond),
            batchUniqueIndexesPostgres: result.uniqueIndexes,
          });
        } finally {
          await pg.stop();
        }
      } finally {
        await database.drop();
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  log('status lists');
  const lists = await statusLists();
  Object.assign(figures, {
    statusAllocate1MSeconds: round(lists.allocateSeconds, 2),
    statusPublishPerSecond: round(lists.publishPerSecond),
    statusReadPerSecond: round(lists.readPerSecond),
  });

  process.stdout.write(`${table(figures)}\n`);
  if (args.json) writeFileSync(args.json, `${JSON.stringify(figures, null, 2)}\n`);
}

function table(f: Json): string {
  const n = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en') : String(v));
  const rows: [string, string, string][] = [
    ['Data Integrity issue (eddsa-rdfc-2022), plain @digitalbazaar/vc', `${n(f.baselineIssuePerSecond)} /s`, 'baseline, one core'],
    ['Data Integrity issue, microcred, one core', `${n(f.issuePerSecondOneCore)} /s`, `${f.issueRatioOneCore}× baseline`],
    [`Data Integrity issue, microcred, ${f.machine.nproc} cores`, `${n(f.issuePerSecond)} /s`, `${f.issueRatio}× baseline`],
    ['Data Integrity verify, plain @digitalbazaar/vc', `${n(f.baselineVerifyPerSecond)} /s`, 'baseline, one core'],
    ['Data Integrity verify, microcred, one core', `${n(f.verifyPerSecondOneCore)} /s`, `${f.verifyRatioOneCore}× baseline`],
    [`Data Integrity verify, microcred, ${f.machine.nproc} cores`, `${n(f.verifyPerSecond)} /s`, `${f.verifyRatio}× baseline`],
    ['vc+jwt sign / verify, one core', `${n(f.jwtSignPerSecond)} / ${n(f.jwtVerifyPerSecond)} /s`, ''],
    ['Ed25519 sign / verify (node:crypto, the floor), one core', `${n(f.ed25519SignPerSecond)} / ${n(f.ed25519VerifyPerSecond)} /s`, ''],
    [`HTTP batch of ${n(f.batchSize)} into SQLite`, `${n(f.batchPerSecondSqlite)} /s`, `${f.batchSecondsSqlite} s, status indexes unique: ${f.batchUniqueIndexesSqlite ? 'yes' : 'NO'}`],
    [
      `HTTP batch of ${n(f.batchSize)} into PostgreSQL`,
      f.batchPerSecondPostgres === null ? 'skipped' : `${n(f.batchPerSecondPostgres)} /s`,
      f.batchPerSecondPostgres === null ? String(f.postgresSkipped).slice(0, 60) : `${f.batchSecondsPostgres} s, status indexes unique: ${f.batchUniqueIndexesPostgres ? 'yes' : 'NO'}`,
    ],
    ['POST /credentials/verify at 500 req/s', `p50 ${f.verifyP50Ms} ms, p99 ${f.verifyP99Ms} ms`, `${n(f.verifyRequestsPerSecondAt500)} req/s, ${f.verifyNon2xxAt500} not 2xx`],
    ['POST /credentials/verify at max', `${n(f.verifyRequestsPerSecondMax)} req/s`, `p50 ${f.verifyP50MsMax} ms, p99 ${f.verifyP99MsMax} ms, ${f.verifyNon2xxMax} not 2xx`],
    ['Service peak RSS', `${n(f.servicePeakRssMb)} MiB`, ''],
    ['Status list: allocate 1,000,000 indexes', `${f.statusAllocate1MSeconds} s`, ''],
    ['Status list: set a bit and publish (sign) a list', `${n(f.statusPublishPerSecond)} /s`, '131,072 entries'],
    ['Status list: read a bit from a cached list', `${n(f.statusReadPerSecond)} /s`, ''],
  ];
  const header: [string, string, string] = ['what', 'result', 'note'];
  const widths = [0, 1, 2].map((i) => Math.max(...[header, ...rows].map((r) => r[i]!.length)));
  const line = (r: [string, string, string]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const m = f.machine;
  return [
    `Machine: ${m.nproc} cores (nproc), ${m.cpu}, Node ${m.node}${m.quick ? ' (--quick)' : ''}, ${m.date}`,
    '',
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

await main();
// Worker threads and sockets of autocannon may linger: the figures are out.
process.exit(0);
