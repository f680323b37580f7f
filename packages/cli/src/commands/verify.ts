import type { Command } from 'commander';
import { fetchJson, formatReport, verify, verifyOptionsFromEnvironment, flag } from '@microcred/verifier';
import { developmentIssuers } from '../dev-keys.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { readTextArgument } from '../read-input.ts';

async function readCredential(argument: string): Promise<unknown> {
  if (/^https?:\/\//i.test(argument)) {
    try {
      return (await fetchJson(argument, { allowLoopback: flag(process.env.MICROCRED_ALLOW_LOOPBACK) })).value;
    } catch (error) {
      throw new CliError(`Cannot fetch the credential from ${argument}: ${(error as Error).message}`, EXIT.indeterminate);
    }
  }
  return readTextArgument(argument);
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check a credential: genuine, current, not revoked, from a trusted issuer, a complete EU micro-credential')
    .argument('<input>', 'the credential: a JSON or vc+jwt file, an https URL, or - for standard input')
    .option('--json', 'print the full report as JSON')
    .option('--language <tag>', 'language of the summary', 'en')
    .option('--challenge <challenge>', 'for a presentation: the challenge you gave the holder')
    .option('--domain <domain>', 'for a presentation: the domain it must be bound to')
    .action(async (input: string, options: { json?: boolean; language: string; challenge?: string; domain?: string }) => {
      const credential = await readCredential(input);
      const settings = verifyOptionsFromEnvironment();
      const report = await verify(credential, {
        ...settings,
        trustedIssuers: await developmentIssuers(),
        language: options.language,
        challenge: options.challenge,
        domain: options.domain,
      });
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, options.language)}\n`);
      process.exitCode = report.verdict === 'valid' ? EXIT.ok : report.verdict === 'invalid' ? EXIT.invalid : EXIT.indeterminate;
    });
}
