import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { CliError, EXIT } from '../exit-codes.ts';
import { userPath } from '../paths.ts';
import { FORMATS, FORMAT_LIST } from '../formats.ts';
import { describeProblem, serviceClient, type ServiceOptions } from './service-client.ts';

/**
 * The CSV of a cohort: one row per learner after a header row. Everything
 * else comes from the specification. Empty cells are left out.
 */
export const COHORT_COLUMNS = {
  givenName: 'learner.givenName',
  familyName: 'learner.familyName',
  fullName: 'learner.fullName',
  email: 'learner.email',
  learnerId: 'learner.id (a DID, mailto: or URN)',
  identifier: 'learner.identifier (e.g. a student number)',
  dateOfBirth: 'learner.dateOfBirth (YYYY-MM-DD)',
  issued: 'date of issuing (default: now)',
  grade: 'grade',
  validUntil: 'end of validity (default: from the specification\'s validFor)',
  certificateNumber: 'certificate number (default: generated)',
  recertificationOf: 'the id of the credential this one renews',
} as const;

type Column = keyof typeof COHORT_COLUMNS;
const LEARNER_COLUMNS: Partial<Record<Column, string>> = {
  givenName: 'givenName',
  familyName: 'familyName',
  fullName: 'fullName',
  email: 'email',
  learnerId: 'id',
  identifier: 'identifier',
  dateOfBirth: 'dateOfBirth',
};

export interface CohortOptions extends ServiceOptions {
  specification: string;
  format: string;
  results?: string;
}

function rowsOf(text: string, file: string): Record<string, string>[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  } catch (error) {
    throw new CliError(`${file} is not a readable CSV file: ${(error as Error).message}`);
  }
  if (rows.length === 0) throw new CliError(`${file} has no rows after its header.`);
  const known = Object.keys(COHORT_COLUMNS);
  const unknown = Object.keys(rows[0] as object).filter((c) => !known.includes(c));
  if (unknown.length > 0) {
    throw new CliError(`${file} has columns this command does not know: ${unknown.join(', ')}. Known columns: ${known.join(', ')}.`);
  }
  return rows;
}

function itemOf(row: Record<string, string>): Record<string, unknown> {
  const learner: Record<string, string> = {};
  const item: Record<string, unknown> = { learner };
  for (const [column, value] of Object.entries(row)) {
    if (value === undefined || value === '') continue;
    const learnerField = LEARNER_COLUMNS[column as Column];
    if (learnerField) learner[learnerField] = value;
    else item[column] = value;
  }
  return item;
}

function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function drawProgress(done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${Math.floor((done / total) * 100)}%`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
  else process.stderr.write(`${line}\n`);
}

/** `microcred issue cohort.csv --specification S`: one batch request, a progress bar, a results CSV for a mail merge. */
export async function issueCohort(file: string, options: CohortOptions): Promise<void> {
  if (!(FORMATS as string[]).includes(options.format)) throw new CliError(`Unknown format "${options.format}": use ${FORMAT_LIST}.`, EXIT.usage);
  const client = serviceClient(options);
  let bytes: Buffer;
  try {
    bytes = await readFile(userPath(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file}: ${(error as Error).message}`);
  }
  const rows = rowsOf(bytes.toString('utf8'), file);
  const items = rows.map(itemOf);
  // The same file, specification and format always make the same key: running the command again
  // returns the first run's results, or completes a batch an interruption left unfinished.
  const key = `cohort-${createHash('sha256').update(bytes).update(`\0${options.specification}\0${options.format}`).digest('hex').slice(0, 40)}`;
  process.stderr.write(`microcred: issuing ${items.length} credentials from ${file} against specification ${options.specification}\n`);

  let lastShown = -1;
  const show = (done: number) => {
    const step = Math.max(1, Math.floor(items.length / 10));
    if (process.stderr.isTTY ? done !== lastShown : done === items.length || Math.floor(done / step) !== Math.floor(Math.max(lastShown, 0) / step) || lastShown < 0) {
      drawProgress(done, items.length);
      lastShown = done;
    }
  };
  show(0);
  let polling = true;
  const poll = (async () => {
    while (polling) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (!polling) break;
      const progress = await client.request('GET', `/micro-credentials/batch/${key}`).catch(() => undefined);
      if (polling && progress?.status === 200) show(Math.min(progress.body.issued as number, items.length));
    }
  })();

  let response: { status: number; body: any };
  try {
    for (;;) {
      response = await client.request('POST', `/micro-credentials/batch?format=${options.format}`, {
        body: { specification: options.specification, items },
        headers: { 'idempotency-key': key },
      });
      // An earlier run of this very file is still being issued: wait for it rather than fail.
      if (response.status === 409 && String(response.body?.type ?? '').endsWith('/idempotency-in-progress')) {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        continue;
      }
      break;
    }
  } finally {
    polling = false;
    await poll;
  }
  if (response.status !== 201) {
    if (process.stderr.isTTY) process.stderr.write('\n');
    const rowOf = (path: string) => {
      const match = /^\[(\d+)\]\.?(.*)$/.exec(path);
      return match ? `row ${Number(match[1]) + 1} (line ${Number(match[1]) + 2})${match[2] ? ` ${match[2]}` : ''}` : path;
    };
    throw new CliError(`Nothing was issued. ${describeProblem(response.status, response.body, rowOf)}`);
  }
  show(items.length);
  if (process.stderr.isTTY) process.stderr.write('\n');

  const results = response.body.items as { index: number; id: string; certificateNumber: string; links: { claim?: string; share: string; self: string } }[];
  const header = ['row', 'givenName', 'familyName', 'fullName', 'email', 'learnerId', 'credentialId', 'certificateNumber', 'claimLink', 'shareLink'];
  const lines = [header.join(',')];
  for (const result of results) {
    const row = rows[result.index] ?? {};
    lines.push(
      [result.index + 1, row.givenName, row.familyName, row.fullName, row.email, row.learnerId, result.id, result.certificateNumber, result.links.claim, result.links.share]
        .map(csvCell)
        .join(','),
    );
  }
  const out = options.results ?? `${file.replace(/\.csv$/i, '')}.results.csv`;
  await writeFile(userPath(out), `${lines.join('\n')}\n`, { mode: 0o600 });
  process.stdout.write(`Issued ${results.length} credentials against specification ${options.specification}; results (credential id, certificate number, claim link per learner): ${out}\n`);
}
