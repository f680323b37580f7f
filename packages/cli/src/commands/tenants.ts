import type { Command } from 'commander';
import { addTenantKey, didDocumentUrl, KEY_TYPES, Problem, provisionTenant, StorageError, TENANT_KEY_TYPES, type DidMethod, type Store } from '@microcred/issuer';
import type { KeyType } from '@microcred/securing';
import { CliError, EXIT } from '../exit-codes.ts';
import { publicUrlOf, withStore } from './database.ts';

/** ed25519 | p256 | p384 (any case, with or without the hyphen) → the key type. */
function keyTypeOf(name: string): KeyType {
  const type = KEY_TYPES.find((t) => t.replace('-', '').toLowerCase() === name.trim().replace('-', '').toLowerCase());
  if (!type) throw new CliError(`Unknown key type "${name}": use ed25519, p256 or p384.`, EXIT.usage);
  return type;
}

const cliName = (type: KeyType) => type.replace('-', '').toLowerCase();

/** The keys a tenant signs with, and the DID each signs as (a did:key tenant's keys are each a DID). */
async function keysOf(store: Store, tenantId: string): Promise<{ id: string; type: string; controller: string | null; status: string }[]> {
  return (await store.keys.list(tenantId))
    .filter((key) => (KEY_TYPES as readonly string[]).includes(key.keyType))
    .sort((a, b) => KEY_TYPES.indexOf(a.keyType as KeyType) - KEY_TYPES.indexOf(b.keyType as KeyType))
    .map((key) => ({ id: key.id, type: key.keyType, controller: (key.publicKey as { controller?: string } | null)?.controller ?? null, status: key.status }));
}

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
    .option('--keys <types>', 'signing keys to make, comma-separated: ed25519 (always made), p256, p384 (ecdsa-rdfc-2019 with keyType P-384)', TENANT_KEY_TYPES.map(cliName).join(','))
    .action(async (id: string, options: { name: string; did: string; root?: boolean; language: string; keys: string }) => {
      if (options.did !== 'web' && options.did !== 'key') throw new CliError(`Unknown DID method "${options.did}": use web or key.`, EXIT.usage);
      const keyTypes = options.keys.split(',').filter((name) => name.trim() !== '').map(keyTypeOf);
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
            keyTypes,
          });
          process.stderr.write(`microcred: created tenant ${tenant.id} (${tenant.did}); make a token with \`microcred tokens create --tenant ${tenant.id} --scope issue\`\n`);
          process.stdout.write(
            `${JSON.stringify(
              {
                id: tenant.id,
                name: tenant.name,
                did: tenant.did,
                didDocument: tenant.did?.startsWith('did:web:') ? didDocumentUrl(publicUrl, tenant.did) : null,
                keys: await keysOf(store, tenant.id),
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
    .command('add-key')
    .description('add a signing key of a type the tenant does not hold yet (e.g. p384); prints it as JSON')
    .argument('<id>', 'the tenant')
    .requiredOption('--type <type>', 'ed25519 | p256 | p384')
    .action(async (id: string, options: { type: string }) => {
      const type = keyTypeOf(options.type);
      await withStore(async (store) => {
        const tenant = await store.tenants.get(id);
        if (!tenant) throw new CliError(`No tenant "${id}": see \`microcred tenants list\`.`);
        try {
          const key = await addTenantKey(store, tenant, type, null);
          const controller = (key.publicKey as { controller: string }).controller;
          process.stderr.write(
            `microcred: added a ${type} key to ${tenant.id}; it signs as ${controller}${type === 'Ed25519' ? '' : ` (POST /credentials/issue?format=ecdsa&keyType=${type})`}\n`,
          );
          process.stdout.write(`${JSON.stringify({ tenant: tenant.id, did: tenant.did, key: { id: key.id, type: key.keyType, controller, status: key.status } }, null, 2)}\n`);
        } catch (error) {
          if (error instanceof Problem) throw new CliError(error.detail ?? error.message);
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
