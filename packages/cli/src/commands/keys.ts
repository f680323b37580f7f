import { join } from 'node:path';
import type { Command } from 'commander';
import { generateKey, saveKeyFile, type KeyType } from '@microcred/securing';
import { CliError, EXIT } from '../exit-codes.ts';
import { keysDir, userPath } from '../paths.ts';

const TYPES: Record<string, KeyType> = { ed25519: 'Ed25519', p256: 'P-256', p384: 'P-384' };

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('make and manage signing keys');
  keys
    .command('generate')
    .description('generate a signing key (its file goes under keys/, which git ignores); prints the public part')
    .option('--type <type>', 'ed25519 | p256 | p384', 'ed25519')
    .option('--did <method>', 'key | web', 'key')
    .option('--domain <domain>', 'for did:web: host[:port][/path] that serves the DID document')
    .option('--out <file>', 'where to write the key file (default keys/<did method>-<type>-<time>.json)')
    .action(async (options: { type: string; did: string; domain?: string; out?: string }) => {
      const type = TYPES[options.type.toLowerCase()];
      if (!type) throw new CliError(`Unknown key type "${options.type}": use ed25519, p256 or p384.`, EXIT.usage);
      if (options.did !== 'key' && options.did !== 'web') throw new CliError(`Unknown DID method "${options.did}": use key or web.`, EXIT.usage);
      if (options.did === 'web' && !options.domain) throw new CliError('did:web needs --domain (the host that serves the DID document).', EXIT.usage);
      const key = await generateKey({ type, did: options.did, domain: options.domain });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = options.out ? userPath(options.out) : join(keysDir(), `${options.did}-${options.type.toLowerCase()}-${stamp}.json`);
      await saveKeyFile(file, key);
      process.stderr.write(`microcred: wrote the key to ${file} (keep it secret)\n`);
      process.stdout.write(`${JSON.stringify({ ...key.toJSON(), file }, null, 2)}\n`);
    });
}
