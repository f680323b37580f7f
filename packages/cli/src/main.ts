import { Command, CommanderError } from 'commander';
import { registerExport } from './commands/export.ts';
import { registerBackup } from './commands/backup.ts';
import { registerErase } from './commands/erase.ts';
import { registerIssue } from './commands/issue.ts';
import { registerKeys } from './commands/keys.ts';
import { registerPresent } from './commands/present.ts';
import { registerSeal } from './commands/seal.ts';
import { registerRestore } from './commands/restore.ts';
import { registerServe } from './commands/serve.ts';
import { registerStatus } from './commands/status.ts';
import { registerTenants } from './commands/tenants.ts';
import { registerTokens } from './commands/tokens.ts';
import { registerVerifier } from './commands/verifier.ts';
import { registerVerify } from './commands/verify.ts';
import { CliError, EXIT } from './exit-codes.ts';

/** The `microcred` command. Results go to stdout, everything else to stderr, so it can be piped. */
export function buildProgram(): Command {
  const program = new Command('microcred')
    .description('Issue, verify and export EU micro-credentials')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });
  registerKeys(program);
  registerIssue(program);
  registerVerify(program);
  registerVerifier(program);
  registerServe(program);
  registerTenants(program);
  registerTokens(program);
  registerStatus(program);
  registerErase(program);
  registerBackup(program);
  registerRestore(program);
  registerExport(program);
  registerPresent(program);
  registerSeal(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function run(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are answers, not errors; everything else commander reports is misuse.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      process.stderr.write(`microcred: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`microcred: ${(error as Error).message ?? String(error)}\n`);
    return EXIT.invalid;
  }
}
