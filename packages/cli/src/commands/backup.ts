import type { Command } from 'commander';
import { BackupError, backupPostgres, backupSqlite, readSettings, sqliteFile } from '@microcred/issuer';
import { CliError, EXIT } from '../exit-codes.ts';

/** `microcred backup FILE`: a consistent copy of the register while the service runs. */
export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('copy the database into FILE while the service runs (SQLite: online backup; PostgreSQL: pg_dump --format=custom)')
    .argument('<file>', 'where the backup goes; it must not exist')
    .action(async (file: string) => {
      let settings;
      try {
        settings = readSettings();
      } catch (error) {
        throw new CliError((error as Error).message, EXIT.usage);
      }
      try {
        const result = settings.databaseUrl ? await backupPostgres(settings.databaseUrl, file) : await backupSqlite(sqliteFile(settings), file);
        process.stderr.write(`microcred: backed up the ${settings.databaseUrl ? 'PostgreSQL' : 'SQLite'} database to ${result.file}\n`);
        process.stdout.write(`${JSON.stringify({ ...result, database: settings.databaseUrl ? 'postgres' : 'sqlite' })}\n`);
      } catch (error) {
        if (error instanceof BackupError) throw new CliError(error.message);
        throw error;
      }
    });
}
