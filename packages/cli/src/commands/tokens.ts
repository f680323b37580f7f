import type { Command } from 'commander';
import { createTenantToken, SCOPES, type Scope } from '@microcred/issuer';
import { CliError, EXIT } from '../exit-codes.ts';
import { withStore } from './database.ts';

/** `microcred tokens create --tenant T --scope issue|manage`: prints the new token once. */
export function registerTokens(program: Command): void {
  const tokens = program.command('tokens').description('API tokens of a tenant; acts on the database directly');
  tokens
    .command('create')
    .description('make an API token; prints it (only its hash is stored, so this is the one chance to copy it)')
    .requiredOption('--tenant <id>', 'the tenant')
    .requiredOption('--scope <scopes>', 'issue, manage, or issue,manage')
    .option('--label <label>', 'a note on what the token is for')
    .action(async (options: { tenant: string; scope: string; label?: string }) => {
      const scopes = options.scope.split(/[\s,]+/).filter(Boolean);
      const unknown = scopes.filter((s) => !SCOPES.includes(s as Scope));
      if (scopes.length === 0 || unknown.length > 0) {
        throw new CliError(`Unknown scope ${unknown.map((s) => `"${s}"`).join(', ') || '(none)'}: use issue, manage, or issue,manage.`, EXIT.usage);
      }
      await withStore(async (store) => {
        if (!(await store.tenants.get(options.tenant))) throw new CliError(`No tenant ${options.tenant} (\`microcred tenants list\` shows them).`);
        const { token, record } = await createTenantToken(store, options.tenant, {
          scopes: scopes as Scope[],
          ...(options.label ? { label: options.label } : {}),
        });
        process.stderr.write(`microcred: token ${record.id} for ${options.tenant} with scope ${scopes.join(', ')}; keep it secret, it is not shown again\n`);
        process.stdout.write(`${token}\n`);
      });
    });
}
