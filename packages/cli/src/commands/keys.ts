import { join } from 'node:path';
import type { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import { generateKey, generateTestSeal, saveKeyFile, type KeyType } from '@microcred/securing';
import { CliError, EXIT } from '../exit-codes.ts';
import { keysDir, userPath } from '../paths.ts';

const TYPES: Record<string, KeyType> = { ed25519: 'Ed25519', p256: 'P-256', p384: 'P-384' };

interface KeysGenerateOptions {
  type: string;
  did: string;
  domain?: string;
  out?: string;
  organization?: string;
  organizationIdentifier?: string;
  country?: string;
  keyType: string;
  days: string;
}

/**
 * A self-signed test e-seal: a test CA and a seal certificate it issued, with the organisation
 * identifier Europass compares with the issuer's eIDAS identifier. Good for development and tests
 * only: it is not qualified and no wallet trusts it (keys.example/README.md says how a real one is set).
 */
async function generateEseal(options: KeysGenerateOptions): Promise<void> {
  const missing = (['organization', 'organizationIdentifier', 'country'] as const).filter((o) => !options[o]);
  if (missing.length > 0) {
    throw new CliError(`--type eseal needs ${missing.map((o) => `--${o.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}.`, EXIT.usage);
  }
  const keyType = options.keyType.toLowerCase() === 'rsa' ? 'RSA' : options.keyType.toLowerCase() === 'p256' ? 'P-256' : undefined;
  if (!keyType) throw new CliError(`Unknown --key-type "${options.keyType}": use rsa or p256.`, EXIT.usage);
  const days = Number(options.days);
  if (!Number.isInteger(days) || days < 1) throw new CliError('--days must be a whole number of days.', EXIT.usage);
  if (!/^[A-Z]{2}$/.test(options.country as string)) throw new CliError('--country must be two capital letters, e.g. SI.', EXIT.usage);
  if (!/^[A-Z]{3}[A-Z]{2}[-:].+$/.test(options.organizationIdentifier as string)) {
    throw new CliError('--organization-identifier must read like VATSI-12345678 (ETSI EN 319 412-1: type, country, "-", number).', EXIT.usage);
  }
  let seal;
  try {
    seal = await generateTestSeal({
      organization: options.organization as string,
      organizationIdentifier: options.organizationIdentifier as string,
      country: options.country as string,
      keyType,
      validDays: days,
    });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const stem = options.out ? userPath(options.out) : join(keysDir(), `eseal-${(options.organizationIdentifier as string).replace(/[^A-Za-z0-9-]/g, '_')}-${stamp}`);
  await mkdir(join(stem, '..'), { recursive: true });
  const files = { privateKey: `${stem}.key.pem`, certificate: `${stem}.cert.pem`, caCertificate: `${stem}.ca.pem` };
  await writeFile(files.privateKey, seal.privateKeyPem, { mode: 0o600 });
  await writeFile(files.certificate, seal.certificatePem + seal.caCertificatePem);
  await writeFile(files.caCertificate, seal.caCertificatePem);
  const certificate = new X509Certificate(seal.certificatePem);
  process.stderr.write(
    `microcred: wrote a TEST e-seal (not qualified: the Europass wallet will not accept it) to ${files.privateKey} (keep it secret), ${files.certificate} (certificate + test CA) and ${files.caCertificate}\n` +
      `microcred: set it with \`microcred seal set --tenant T --cert ${files.certificate} --key ${files.privateKey}\`\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ type: 'eseal', keyType, subject: certificate.subject.split('\n').join(', '), organizationIdentifier: options.organizationIdentifier, notAfter: new Date(certificate.validTo).toISOString(), files }, null, 2)}\n`,
  );
}

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('make and manage signing keys');
  keys
    .command('generate')
    .description('generate a signing key (its file goes under keys/, which git ignores); prints the public part')
    .option('--type <type>', 'ed25519 | p256 | p384 | eseal (a self-signed test e-seal for the Europass rendition)', 'ed25519')
    .option('--did <method>', 'key | web', 'key')
    .option('--domain <domain>', 'for did:web: host[:port][/path] that serves the DID document')
    .option('--out <file>', 'where to write the key file (default keys/<did method>-<type>-<time>.json; for eseal the stem of its three PEM files)')
    .option('--organization <name>', 'eseal: the organisation named in the seal certificate')
    .option('--organization-identifier <id>', 'eseal: its ETSI EN 319 412-1 identifier, e.g. VATSI-12345678 (the issuer\'s eIDAS identifier)')
    .option('--country <code>', 'eseal: ISO 3166 two-letter country')
    .option('--key-type <type>', 'eseal: rsa | p256', 'p256')
    .option('--days <n>', 'eseal: days of validity', '365')
    .action(async (options: KeysGenerateOptions) => {
      if (options.type.toLowerCase() === 'eseal') return generateEseal(options);
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
