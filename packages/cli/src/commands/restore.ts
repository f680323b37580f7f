import type { Command } from 'commander';
import { BackupError, readSettings, restorePostgres, restoreSqlite, sqliteFile } from '@microcred/issuer';
import { CliError, EXIT } from '../exit-codes.ts';

/** `microcred restore FILE`: put a backup in place of the database. Stop the service first. */
export function registerRestore(program: Command): void {
  program
    .command('restore')
    .description('replace the database with a backup made by `microcred backup` (stop the service first)')
    .argument('<file>', 'the backup')
    .option('--force', 'replace an existing SQLite database (it is kept beside it as …before-restore-<time>)')
    .action(async (file: string, options: { force?: boolean }) => {
      let settings;
      try {
        settings = readSettings();
      } catch (error) {
        throw new CliError((error as Error).message, EXIT.usage);
      }
      try {
        const result = settings.databaseUrl
          ? await restorePostgres(file, settings.databaseUrl)
          : await restoreSqlite(file, sqliteFile(settings), { force: options.force ?? false });
        process.stderr.write(`microcred: restored ${file}; start the service${settings.keyPassphrase ? '' : ' (with MICROCRED_KEY_PASSPHRASE if the keys were encrypted)'}\n`);
        process.stdout.write(`${JSON.stringify({ ...result, database: settings.databaseUrl ? 'postgres' : 'sqlite' })}\n`);
      } catch (error) {
        if (error instanceof BackupError) throw new CliError(error.message);
        throw error;
      }
    });
}
