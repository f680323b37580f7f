import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { buildMicroCredential, validateMicroCredentialInput } from '@microcred/model';
import { loadKeyFile, secureCredential, type KeyPair, type SecuringFormat } from '@microcred/securing';
import { developmentKey } from '../dev-keys.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { userPath } from '../paths.ts';
import { parseJson, readTextArgument } from '../read-input.ts';
import { issueCohort } from './cohort.ts';
import { FORMATS, FORMAT_LIST } from '../formats.ts';


export function registerIssue(program: Command): void {
  program
    .command('issue')
    .description(
      'sign a micro-credential from its JSON input (no network, no service); or, given a .csv file (or --specification), ' +
        'issue a cohort through the service: one row per learner, see packages/issuer/README.md for the columns',
    )
    .argument('<input>', 'the micro-credential input (JSON file, or - for standard input), or a cohort .csv file')
    .option('--format <format>', 'di (eddsa-rdfc-2022) | eddsa-jcs (eddsa-jcs-2022) | ecdsa (ecdsa-rdfc-2019) | jwt (vc+jwt)', 'di')
    .option('--key <file>', 'the signing key file (default: a development key under keys/)')
    .option('--out <file>', 'write the credential here instead of standard output')
    .option('--language <tag>', 'the language of plain-text values', 'en')
    .option('--specification <id>', 'cohort: the specification every row is issued against')
    .option('--url <url>', 'cohort: the service (default MICROCRED_URL)')
    .option('--token <token>', 'cohort: an API token with scope issue (default MICROCRED_TOKEN)')
    .option('--results <file>', 'cohort: where to write the results CSV (default <input>.results.csv)')
    .action(async (input: string, options: { format: string; key?: string; out?: string; language: string; specification?: string; url?: string; token?: string; results?: string }) => {
      if (input.toLowerCase().endsWith('.csv') || options.specification !== undefined) {
        if (!options.specification) throw new CliError('A cohort CSV is issued against a specification: give --specification <id>.', EXIT.usage);
        return issueCohort(input, {
          specification: options.specification,
          format: options.format,
          ...(options.url ? { url: options.url } : {}),
          ...(options.token ? { token: options.token } : {}),
          ...(options.results ? { results: options.results } : {}),
        });
      }
      const format = options.format as SecuringFormat;
      if (!FORMATS.includes(format)) throw new CliError(`Unknown format "${options.format}": use ${FORMAT_LIST}.`, EXIT.usage);
      const value = parseJson(await readTextArgument(input), input);
      const result = validateMicroCredentialInput(value);
      if (!result.ok) {
        throw new CliError(
          `The micro-credential in ${input} is not valid:\n${result.issues.map((i) => `  - ${i.path || '(the whole input)'}: ${i.message}`).join('\n')}`,
        );
      }
      const key = await signingKey(format, options.key);
      const credential = buildMicroCredential(result.value, {
        issuer: key.controller,
        defaultLanguage: options.language,
      });
      const secured = await secureCredential(credential, { key, format });
      const output = secured.jwt ?? JSON.stringify(secured.credential, null, 2);
      if (options.out) {
        await writeFile(userPath(options.out), `${output}\n`);
        process.stderr.write(`microcred: wrote ${credential.id as string} to ${options.out}\n`);
      } else {
        process.stdout.write(`${output}\n`);
      }
    });
}

async function signingKey(format: SecuringFormat, file: string | undefined): Promise<KeyPair> {
  if (file) {
    try {
      return await loadKeyFile(userPath(file));
    } catch (error) {
      throw new CliError(`Cannot use the key ${file}: ${(error as Error).message}`);
    }
  }
  return developmentKey(format === 'ecdsa' ? 'P-256' : 'Ed25519');
}
