import type { Command } from 'commander';
import { CliError } from '../exit-codes.ts';
import { describeProblem, serviceClient, type ServiceOptions } from './service-client.ts';

const ACTIONS = [
  ['revoke', 'revoke (withdraw) a credential; final'],
  ['suspend', 'suspend a credential; reversible'],
  ['reinstate', 'lift a suspension'],
] as const;

/** `microcred revoke|suspend|reinstate ID --reason R`: one status change on the running service. */
export function registerStatus(program: Command): void {
  for (const [action, description] of ACTIONS) {
    program
      .command(action)
      .description(`${description} (calls the service)`)
      .argument('<id>', 'the credential id (urn:uuid:…) or its bare UUID')
      .requiredOption('--reason <text>', 'why: recorded in the audit log')
      .option('--url <url>', 'the service (default MICROCRED_URL)')
      .option('--token <token>', 'an API token with scope manage (default MICROCRED_TOKEN)')
      .action(async (id: string, options: ServiceOptions & { reason: string }) => {
        const client = serviceClient(options);
        const path = `/micro-credentials/${encodeURIComponent(id.replace(/^urn:uuid:/i, ''))}/${action}`;
        const { status, body } = await client.request('POST', path, { body: { reason: options.reason } });
        if (status !== 200) throw new CliError(describeProblem(status, body));
        process.stderr.write(`microcred: ${body.id} is ${body.status}${body.changed ? '' : ' (it already was)'}\n`);
        process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      });
  }
}
