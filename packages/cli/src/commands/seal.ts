import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { SealConfigError, sealStatus, setTenantSeal, type SealInput } from '@microcred/issuer';
import { CliError, EXIT } from '../exit-codes.ts';
import { userPath } from '../paths.ts';
import { withStore } from './database.ts';

interface SealSetOptions {
  tenant: string;
  cert?: string[];
  key?: string;
  p12?: string;
  passwordEnv?: string;
  signerUrl?: string;
  signerHeader?: string[];
  signerCommand?: string;
  algorithm?: string;
}

async function read(file: string): Promise<Buffer> {
  try {
    return await readFile(userPath(file));
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * `microcred seal set|show`: a tenant's e-seal for the Europass rendition, for the operator, on the
 * database directly (like `tenants create`). Only here can a signing command be configured: it runs on
 * the server, so no API token may set one.
 */
export function registerSeal(program: Command): void {
  const seal = program.command('seal').description('the e-seal that seals a tenant\'s Europass credentials; acts on the database directly');
  seal
    .command('set')
    .description('set a tenant\'s e-seal: certificate and key (PEM or PKCS#12), or an external signer (HTTP service or command)')
    .requiredOption('--tenant <id>', 'the tenant')
    .option('--cert <file>', 'PEM: the seal certificate, then its CA certificates (repeat for several files)', collect)
    .option('--key <file>', 'PEM private key of the seal certificate (RSA ≥ 2048 or P-256)')
    .option('--p12 <file>', 'PKCS#12 (.p12/.pfx) with the key and certificate')
    .option('--password-env <name>', 'the environment variable that holds the PKCS#12 password')
    .option('--signer-url <url>', 'an HTTP signing service: POSTed the signing input, answers the signature')
    .option('--signer-header <header>', '"Name: value" sent to the signing service (repeat)', collect)
    .option('--signer-command <command>', 'a command that reads the signing input on stdin and writes the signature to stdout, e.g. "openssl dgst -sha256 -sign seal.key"')
    .option('--algorithm <alg>', 'RS256 | PS256 | ES256 | … (default by key type)')
    .action(async (options: SealSetOptions) => {
      const input: SealInput = {};
      if (options.cert) input.certificateChain = await Promise.all(options.cert.map(async (f) => (await read(f)).toString('utf8')));
      if (options.key) input.privateKey = (await read(options.key)).toString('utf8');
      if (options.p12) {
        input.pkcs12 = new Uint8Array(await read(options.p12));
        if (options.passwordEnv) {
          const password = process.env[options.passwordEnv];
          if (password === undefined) throw new CliError(`${options.passwordEnv} is not set.`, EXIT.usage);
          input.password = password;
        }
      }
      if (options.signerUrl) {
        const headers = Object.fromEntries(
          (options.signerHeader ?? []).map((h) => {
            const at = h.indexOf(':');
            if (at < 1) throw new CliError(`--signer-header "${h}" must be "Name: value".`, EXIT.usage);
            return [h.slice(0, at).trim(), h.slice(at + 1).trim()];
          }),
        );
        input.signer = { type: 'http', url: options.signerUrl, ...(Object.keys(headers).length ? { headers } : {}) };
      }
      if (options.signerCommand) input.signer = { type: 'command', command: options.signerCommand.split(/\s+/).filter(Boolean) };
      if (options.algorithm) input.algorithm = options.algorithm as SealInput['algorithm'];
      await withStore(async (store) => {
        const tenant = await store.tenants.get(options.tenant);
        if (!tenant) throw new CliError(`No tenant ${options.tenant}.`);
        try {
          const now = new Date();
          const summary = await setTenantSeal(store, tenant, input, { now, actor: 'cli', allowCommand: true, allowLoopbackHttp: true });
          const status = await sealStatus(store, tenant.id, now);
          for (const warning of status.warnings) process.stderr.write(`microcred: warning: ${warning}\n`);
          process.stderr.write(`microcred: ${tenant.id} now seals with ${summary.subject} (${summary.organizationIdentifier}), valid until ${summary.notAfter}\n`);
          process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
        } catch (error) {
          if (error instanceof SealConfigError) throw new CliError(error.message);
          throw error;
        }
      });
    });
  seal
    .command('show')
    .description('the tenant\'s seal certificate and any expiry warning, as JSON')
    .requiredOption('--tenant <id>', 'the tenant')
    .action(async (options: { tenant: string }) => {
      await withStore(async (store) => {
        const status = await sealStatus(store, options.tenant, new Date());
        if (!status.seal) throw new CliError(`Tenant ${options.tenant} has no e-seal.`);
        for (const warning of status.warnings) process.stderr.write(`microcred: warning: ${warning}\n`);
        process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      });
    });
}
