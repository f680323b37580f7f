import type { Command } from 'commander';
import { didDocumentUrl, provisionTenant, StorageError, type DidMethod } from '@microcred/issuer';
import { CliError, EXIT } from '../exit-codes.ts';
import { publicUrlOf, withStore } from './database.ts';

/** `microcred tenants create|list`: for the operator, on the database directly. */
export function registerTenants(program: Command): void {
  const tenants = program.command('tenants').description('issuers (awarding bodies) served by this deployment; acts on the database directly');
  tenants
    .command('create')
    .description('create a tenant with its DID and signing keys; prints it as JSON')
    .argument('<id>', 'a lower-case slug, e.g. acme-training (it appears in URLs)')
    .requiredOption('--name <name>', 'the issuer\'s name, as credentials show it')
    .option('--did <method>', 'web (did:web under MICROCRED_PUBLIC_URL) | key (did:key, for development)', 'web')
    .option('--root', 'take the host\'s own DID (did:web:<host>, served at /.well-known/did.json)')
    .option('--language <tag>', 'the language of plain-text values', 'en')
    .action(async (id: string, options: { name: string; did: string; root?: boolean; language: string }) => {
      if (options.did !== 'web' && options.did !== 'key') throw new CliError(`Unknown DID method "${options.did}": use web or key.`, EXIT.usage);
      await withStore(async (store, settings) => {
        const publicUrl = publicUrlOf(settings);
        try {
          const tenant = await provisionTenant(store, {
            id,
            name: options.name,
            did: options.did as DidMethod,
            publicUrl,
            root: options.root ?? false,
            defaultLanguage: options.language,
          });
          process.stderr.write(`microcred: created tenant ${tenant.id} (${tenant.did}); make a token with \`microcred tokens create --tenant ${tenant.id} --scope issue\`\n`);
          process.stdout.write(
            `${JSON.stringify(
              {
                id: tenant.id,
                name: tenant.name,
                did: tenant.did,
                didDocument: tenant.did?.startsWith('did:web:') ? didDocumentUrl(publicUrl, tenant.did) : null,
              },
              null,
              2,
            )}\n`,
          );
        } catch (error) {
          if (error instanceof StorageError) throw new CliError(error.message);
          throw error;
        }
      });
    });
  tenants
    .command('list')
    .description('list the tenants as JSON')
    .action(async () => {
      await withStore(async (store) => {
        const list = await store.tenants.list();
        process.stdout.write(`${JSON.stringify(list.map((t) => ({ id: t.id, name: t.name, did: t.did, createdAt: t.createdAt })), null, 2)}\n`);
      });
    });
}
