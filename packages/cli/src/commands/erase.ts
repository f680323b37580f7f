import type { Command } from 'commander';
import { eraseLearner, ErasureError } from '@microcred/issuer';
import { CliError } from '../exit-codes.ts';
import { withStore } from './database.ts';

/** `microcred erase --learner ID`: a learner's right to erasure (GDPR Art. 17), on the database directly. */
export function registerErase(program: Command): void {
  program
    .command('erase')
    .description("remove a learner's personal data; their credentials' ids, certificate numbers, statuses, status entries and audit trail stay, pseudonymised")
    .requiredOption('--learner <id>', "the learner as stored: their id, else e-mail, else identifier (what GET /micro-credentials?learner= matches)")
    .option('--tenant <id>', "only this tenant's credentials (default: every tenant's)")
    .option('--actor <who>', 'who asks, for the audit trail (e.g. a ticket number)', 'operator')
    .option('--yes', 'erase; without it, only list what would be erased')
    .option('--vacuum', 'then rebuild the database files so no old copy survives in free space (blocks issuance while it runs)')
    .action(async (options: { learner: string; tenant?: string; actor: string; yes?: boolean; vacuum?: boolean }) => {
      await withStore(async (store) => {
        try {
          const result = await eraseLearner(store, options.learner, {
            ...(options.tenant ? { tenantId: options.tenant } : {}),
            actor: options.actor,
            dryRun: !options.yes,
            vacuum: options.vacuum ?? false,
          });
          if (result.dryRun) process.stderr.write(`microcred: nothing erased yet: ${result.credentials.length} credential(s) listed; run again with --yes to erase\n`);
          else process.stderr.write(`microcred: erased the personal data of ${result.credentials.length} credential(s); the learner is now ${result.pseudonym}\n`);
          process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        } catch (error) {
          if (error instanceof ErasureError) throw new CliError(error.message);
          throw error;
        }
      });
    });
}
