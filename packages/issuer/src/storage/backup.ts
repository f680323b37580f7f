import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/*
 * Backups of the register. SQLite: SQLite's online backup API (through
 * better-sqlite3's db.backup()), which copies a consistent snapshot while
 * the service keeps running and writing. PostgreSQL: pg_dump's custom format
 * and pg_restore, the tools made for it. Private keys travel encrypted when
 * MICROCRED_KEY_PASSPHRASE is set: a restore needs the same passphrase.
 */

export class BackupError extends Error {
  constructor(
    message: string,
    readonly code: 'ERR_BACKUP_INVALID' | 'ERR_BACKUP_TARGET_EXISTS' | 'ERR_BACKUP_TOOL_MISSING' | 'ERR_BACKUP_FAILED',
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupResult {
  file: string;
  bytes: number;
  credentials: number;
}

/** Checks that a file is an intact microcred database; returns how many credentials it holds. */
export function checkSqliteBackup(file: string): number {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist`, 'ERR_BACKUP_INVALID');
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new BackupError(`${file} is damaged: ${String(integrity)}`, 'ERR_BACKUP_INVALID');
    const tables = new Set((db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map((t) => t.name));
    for (const table of ['credentials', 'status_lists', 'status_entries', 'keys', 'kysely_migration']) {
      if (!tables.has(table)) throw new BackupError(`${file} is not a microcred database (no ${table} table)`, 'ERR_BACKUP_INVALID');
    }
    return (db.prepare('select count(*) as n from credentials').get() as { n: number }).n;
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} is not a readable SQLite database: ${(error as Error).message}`, 'ERR_BACKUP_INVALID');
  } finally {
    db?.close();
  }
}

/** An online backup of the SQLite database at `source` into `destination` (which must not exist). */
export async function backupSqlite(source: string, destination: string): Promise<BackupResult> {
  if (existsSync(destination)) throw new BackupError(`${destination} exists; choose a new file (a backup never overwrites)`, 'ERR_BACKUP_TARGET_EXISTS');
  checkSqliteBackup(source);
  const db = new BetterSqlite3(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // All pages in one step: a writer between steps would restart the copy, and under steady load it might never finish.
    await db.backup(destination, { progress: () => 1_000_000 });
  } catch (error) {
    rmSync(destination, { force: true });
    throw new BackupError(`the backup failed: ${(error as Error).message}`, 'ERR_BACKUP_FAILED');
  } finally {
    db.close();
  }
  const credentials = checkSqliteBackup(destination);
  return { file: destination, bytes: statSync(destination).size, credentials };
}

/**
 * Puts a backup in place of the database at `target`. The service must be
 * stopped. An existing database is kept beside it (`….before-restore-<time>`),
 * never deleted, and only replaced with `force`.
 */
export async function restoreSqlite(backup: string, target: string, options: { force?: boolean; now?: Date } = {}): Promise<BackupResult & { previous?: string }> {
  const credentials = checkSqliteBackup(backup);
  let previous: string | undefined;
  if (existsSync(target)) {
    if (!options.force) {
      throw new BackupError(`${target} exists: stop the service, then restore with --force (the current database is kept beside it)`, 'ERR_BACKUP_TARGET_EXISTS');
    }
    // Fold the WAL into the database first, so the kept copy is one self-contained file.
    const current = new BetterSqlite3(target);
    try {
      current.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      current.close();
    }
    previous = `${target}.before-restore-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
    renameSync(target, previous);
    for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  }
  // Copy beside the target, then rename: a crash midway leaves no half-restored database under the real name.
  mkdirSync(dirname(target), { recursive: true });
  const staging = join(dirname(target), `.restore-${process.pid}.sqlite`);
  copyFileSync(backup, staging);
  renameSync(staging, target);
  return { file: target, bytes: statSync(target).size, credentials, ...(previous ? { previous } : {}) };
}

function run(tool: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(tool, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new BackupError(`${tool} is not installed: install the PostgreSQL client tools (e.g. apt-get install postgresql-client)`, 'ERR_BACKUP_TOOL_MISSING'));
      }
      // pg_dump's own words, without the command line (it holds the database URL, perhaps with a password).
      reject(new BackupError(`${tool} failed: ${stderr.trim() || error.message.split('\n')[0]}`, 'ERR_BACKUP_FAILED'));
    }),
  );
}

/** pg_dump in its custom format (compressed, restorable table by table). */
export async function backupPostgres(url: string, destination: string): Promise<BackupResult> {
  if (existsSync(destination)) throw new BackupError(`${destination} exists; choose a new file (a backup never overwrites)`, 'ERR_BACKUP_TARGET_EXISTS');
  await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--file', destination, '--dbname', url]);
  return { file: destination, bytes: statSync(destination).size, credentials: -1 };
}

/** pg_restore into the database at `url`, replacing what is there, in one transaction. */
export async function restorePostgres(backup: string, url: string): Promise<BackupResult> {
  if (!existsSync(backup)) throw new BackupError(`${backup} does not exist`, 'ERR_BACKUP_INVALID');
  await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', '--dbname', url, backup]);
  return { file: backup, bytes: statSync(backup).size, credentials: -1 };
}
