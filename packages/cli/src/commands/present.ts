import type { Command } from 'commander';
import { loadKeyFile } from '@microcred/securing';
import { presentCredentials, WalletExportError } from '@microcred/wallet-export';
import { CliError, EXIT } from '../exit-codes.ts';
import { userPath } from '../paths.ts';
import { parseJson, readTextArgument } from '../read-input.ts';

/** `microcred present CREDENTIAL... --key HOLDER_KEY --challenge C [--domain D]`: a signed Verifiable Presentation on stdout. */
export function registerPresent(program: Command): void {
  program
    .command('present')
    .description('wrap credentials in a Verifiable Presentation signed by your DID key, for a verifier\'s challenge; writes it to stdout')
    .argument('<credentials...>', 'credential files (JSON, or a vc+jwt); - reads one from stdin')
    .requiredOption('--key <file>', 'your key file (microcred keys generate): its DID becomes the holder')
    .requiredOption('--challenge <text>', 'the challenge (nonce) the verifier gave you')
    .option('--domain <text>', 'the verifier\'s domain, when it gave one')
    .action(async (files: string[], options: { key: string; challenge: string; domain?: string }) => {
      if (options.challenge.trim() === '') throw new CliError('--challenge must not be empty.', EXIT.usage);
      let key;
      try {
        key = await loadKeyFile(userPath(options.key));
      } catch (error) {
        throw new CliError(`Cannot use the key ${options.key}: ${(error as Error).message}`);
      }
      const credentials: unknown[] = [];
      for (const file of files) {
        const text = (await readTextArgument(file)).trim();
        credentials.push(text.startsWith('{') ? parseJson(text, file) : text);
      }
      try {
        const presentation = await presentCredentials(credentials, {
          key,
          challenge: options.challenge,
          ...(options.domain ? { domain: options.domain } : {}),
        });
        process.stdout.write(`${JSON.stringify(presentation, null, 2)}\n`);
        process.stderr.write(`microcred: presented ${credentials.length} credential${credentials.length === 1 ? '' : 's'} as ${key.controller}\n`);
      } catch (error) {
        if (error instanceof WalletExportError) throw new CliError(error.message);
        throw new CliError(`The presentation cannot be signed: ${(error as Error).message}`);
      }
    });
}
