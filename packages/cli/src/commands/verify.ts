import type { Command } from 'commander';
import { formatReport, verify } from '@microcred/verifier';
import { developmentIssuers } from '../dev-keys.ts';
import { EXIT } from '../exit-codes.ts';
import { readTextArgument } from '../read-input.ts';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check a credential: genuine, current, not revoked, from a trusted issuer, a complete EU micro-credential')
    .argument('<input>', 'the credential (JSON or vc+jwt file, or - for standard input)')
    .option('--json', 'print the full report as JSON')
    .option('--language <tag>', 'language of the summary', 'en')
    .action(async (input: string, options: { json?: boolean; language: string }) => {
      const text = await readTextArgument(input);
      const report = await verify(text, { trustedIssuers: await developmentIssuers(), language: options.language });
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, options.language)}\n`);
      process.exitCode = report.verdict === 'valid' ? EXIT.ok : report.verdict === 'invalid' ? EXIT.invalid : EXIT.indeterminate;
    });
}
