import {
  didWebFromDomain,
  exportKeyFile,
  generateKey,
  publicVerificationMethod,
  type KeyType,
  type MultikeyVerificationMethod,
} from '@microcred/securing';
import { problems } from './problem.ts';
import { StorageError, type KeyRecord, type KeyWithSecret, type Store, type Tenant } from './storage/index.ts';

export type DidMethod = 'web' | 'key';

/** The signing key types a tenant can hold, one active key of each. */
export const KEY_TYPES: readonly KeyType[] = ['Ed25519', 'P-256', 'P-384'];

/**
 * The key types a new tenant holds unless asked for others: Ed25519 signs `di` and `jwt` (and the
 * status lists), P-256 signs `ecdsa`. A P-384 key is made on request (`keyTypes` here,
 * `POST /tenants/current/keys`, `microcred tenants create --keys` / `tenants add-key`): few
 * verifiers need it, and every key a tenant holds is listed in its DID document.
 */
export const TENANT_KEY_TYPES: readonly KeyType[] = ['Ed25519', 'P-256'];

/** di = eddsa-rdfc-2022, eddsa-jcs = eddsa-jcs-2022, ecdsa = ecdsa-rdfc-2019, jwt = vc+jwt. */
export type Format = 'di' | 'eddsa-jcs' | 'ecdsa' | 'jwt';
export const FORMATS: readonly Format[] = ['di', 'eddsa-jcs', 'ecdsa', 'jwt'];
/** The field error for a format that is none of FORMATS. */
export const FORMAT_ERROR = `must be ${FORMATS.slice(0, -1).join(', ')} or ${FORMATS.at(-1)}`;

/**
 * The key types that sign each format, the default first. ecdsa-rdfc-2019 is defined for P-256 and
 * P-384 (and hashes with SHA-384 for P-384); eddsa-rdfc-2022 and eddsa-jcs-2022 are Ed25519 only.
 */
export const FORMAT_KEY_TYPES: Readonly<Record<Format, readonly KeyType[]>> = {
  di: ['Ed25519'],
  'eddsa-jcs': ['Ed25519'],
  ecdsa: ['P-256', 'P-384'],
  jwt: ['Ed25519'],
};

/** The key type that signs `format`: the one asked for, else the format's default. */
export function keyTypeFor(format: Format, keyType?: KeyType): KeyType {
  return keyType ?? (FORMAT_KEY_TYPES[format][0] as KeyType);
}

/** Why `keyType` cannot sign `format` (a message for a field error), or undefined when it can. */
export function keyTypeMismatch(format: Format, keyType: KeyType): string | undefined {
  const allowed = FORMAT_KEY_TYPES[format];
  return allowed.includes(keyType) ? undefined : `must be ${allowed.join(' or ')} for format ${format} (got ${keyType})`;
}

/**
 * The did:web "domain" (host[:port][/path]) of a tenant under the service's
 * public URL. The root tenant is the host itself (served at
 * /.well-known/did.json); any other lives under /tenants/<id> (served at
 * /tenants/<id>/did.json).
 */
export function didWebDomain(publicUrl: string, tenantId: string, root: boolean): string {
  const url = new URL(publicUrl);
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.host}${path}${root ? '' : `/tenants/${tenantId}`}`;
}

export function rootDid(publicUrl: string): string {
  const url = new URL(publicUrl);
  return didWebFromDomain(`${url.host}${url.pathname.replace(/\/+$/, '')}`);
}

export function tenantDid(publicUrl: string, tenantId: string): string {
  return didWebFromDomain(didWebDomain(publicUrl, tenantId, false));
}

export interface ProvisionTenantOptions {
  id: string;
  name: string;
  did?: DidMethod;
  /** Needed for did:web: the DID names the host that serves its document. */
  publicUrl?: string;
  /** did:web at the host itself (did:web:<host>) instead of did:web:<host>:tenants:<id>. */
  root?: boolean;
  defaultLanguage?: string;
  /** The key types to make, one active key each (default TENANT_KEY_TYPES); Ed25519 is always among them. */
  keyTypes?: readonly KeyType[];
}

/**
 * Creates a tenant with its DID and one active key of each type. The keys'
 * secrets are stored as key files (the securing package's format) in the
 * keys table, never anywhere else.
 */
export async function provisionTenant(store: Store, options: ProvisionTenantOptions): Promise<Tenant> {
  const method = options.did ?? 'web';
  if (method === 'web' && !options.publicUrl) throw new Error('a did:web tenant needs the public URL that serves its DID document');
  const asked = options.keyTypes ?? TENANT_KEY_TYPES;
  const unknown = asked.filter((type) => !KEY_TYPES.includes(type));
  if (unknown.length > 0) throw new Error(`unknown key type ${unknown.join(', ')}: use ${KEY_TYPES.join(', ')}`);
  // Ed25519 names a did:key tenant and signs the status lists, so every tenant has one; KEY_TYPES order puts it first.
  const types = KEY_TYPES.filter((type) => type === 'Ed25519' || asked.includes(type));
  const domain = method === 'web' ? didWebDomain(options.publicUrl as string, options.id, options.root ?? false) : undefined;
  const keys = await Promise.all(
    types.map((type) => (domain ? generateKey({ type, did: 'web', domain }) : generateKey({ type, did: 'key' }))),
  );
  // A did:key tenant has one DID per key; its Ed25519 key's DID names it (and signs its status lists).
  const did = (keys[0] as (typeof keys)[number]).controller;
  const tenant = await store.tenants.create({
    id: options.id,
    name: options.name,
    did,
    ...(options.defaultLanguage ? { defaultLanguage: options.defaultLanguage } : {}),
  });
  for (const key of keys) {
    await store.keys.add(tenant.id, {
      id: key.id,
      keyType: key.keyType,
      publicKey: publicVerificationMethod(key),
      privateKey: JSON.stringify(exportKeyFile(key)),
    });
  }
  return tenant;
}

export function isDidWeb(tenant: Tenant): boolean {
  return tenant.did?.startsWith('did:web:') ?? false;
}

/**
 * Replaces the tenant's active keys with new ones under the same DID. The
 * old keys stay in the keys table as retired, so the DID document keeps
 * listing their public part and earlier credentials still verify.
 */
export async function rotateTenantKeys(
  store: Store,
  tenant: Tenant,
  types: readonly KeyType[],
  actor: string | null,
): Promise<{ activated: string[]; retired: string[] }> {
  if (!tenant.did || !isDidWeb(tenant)) {
    throw new Error('only did:web tenants rotate keys: a did:key is its key, so a new key would be a new issuer');
  }
  const domain = didWebDomainOf(tenant.did);
  const activated: string[] = [];
  const retired: string[] = [];
  for (const type of types) {
    const key = await generateKey({ type, did: 'web', domain });
    const result = await store.keys.rotate(
      tenant.id,
      { id: key.id, keyType: key.keyType, publicKey: publicVerificationMethod(key), privateKey: JSON.stringify(exportKeyFile(key)) },
      { actor },
    );
    activated.push(result.activated.id);
    retired.push(...result.retired);
  }
  return { activated, retired };
}

/** did:web:host%3A8080:tenants:a → host:8080/tenants/a (the inverse of didWebFromDomain). */
export function didWebDomainOf(did: string): string {
  const [host = '', ...path] = did.slice('did:web:'.length).split(':');
  return [decodeURIComponent(host), ...path.map((segment) => decodeURIComponent(segment))].join('/');
}

/**
 * Adds an active key of a type the tenant does not hold yet (a tenant made before P-384 keys, or
 * without one). A did:web tenant's new key is listed in its DID document under the same DID; a
 * did:key tenant's is a DID of its own, as its P-256 key already is: credentials signed with it name
 * that DID as their issuer. Refused (409) when the tenant already has an active key of the type:
 * that is a rotation.
 */
export async function addTenantKey(store: Store, tenant: Tenant, type: KeyType, actor: string | null): Promise<KeyRecord> {
  if (!KEY_TYPES.includes(type)) throw new Error(`unknown key type ${type}: use ${KEY_TYPES.join(', ')}`);
  const held = await store.keys.list(tenant.id);
  const conflict = () =>
    problems.conflict(
      `${tenant.id} already has an active ${type} key${isDidWeb(tenant) ? ': rotate it (POST /tenants/current/keys/rotate) to replace it' : ''}.`,
    );
  if (held.some((key) => key.keyType === type && key.status === 'active')) throw conflict();
  const key = isDidWeb(tenant)
    ? await generateKey({ type, did: 'web', domain: didWebDomainOf(tenant.did as string) })
    : await generateKey({ type, did: 'key' });
  let added: KeyWithSecret;
  try {
    added = await store.keys.add(tenant.id, {
      id: key.id,
      keyType: key.keyType,
      publicKey: publicVerificationMethod(key),
      privateKey: JSON.stringify(exportKeyFile(key)),
    });
  } catch (error) {
    // Another request added one between the check and the insert.
    if (error instanceof StorageError && error.code === 'ERR_CONFLICT') throw conflict();
    throw error;
  }
  await store.audit.append(tenant.id, { actor, action: 'key-add', details: { added: key.id, keyType: type } });
  const { privateKey: _secret, ...record } = added;
  return record;
}

/** The key types of the tenant's active signing keys (what a rotation with no types replaces). */
export async function activeKeyTypes(store: Store, tenant: Tenant): Promise<KeyType[]> {
  const active = new Set((await store.keys.list(tenant.id)).filter((key) => key.status === 'active').map((key) => key.keyType));
  return KEY_TYPES.filter((type) => active.has(type));
}

/**
 * The active key that signs `format` (with `keyType`, or the format's default), with its secret.
 * A key type the tenant does not hold is a 409 that says how to add one.
 */
export async function activeKey(store: Store, tenant: Tenant, format: Format, keyType?: KeyType): Promise<KeyWithSecret> {
  const type = keyTypeFor(format, keyType);
  const key = await store.keys.getActive(tenant.id, type);
  if (key) return key;
  throw problems.conflict(
    `${tenant.id} has no ${type} key: add one with POST /tenants/current/keys {"type":"${type}"} (or \`microcred tenants add-key ${tenant.id} --type ${type.replace('-', '').toLowerCase()}\`).`,
  );
}

/** The controller (issuer DID) of a stored key. */
export function controllerOf(key: { publicKey: unknown }): string {
  return (key.publicKey as MultikeyVerificationMethod).controller;
}

/** Public verification methods of every key (active and retired) under the tenant's DID. */
export async function publicKeysOf(store: Store, tenant: Tenant): Promise<MultikeyVerificationMethod[]> {
  const keys = await store.keys.list(tenant.id);
  return keys.map((key) => key.publicKey as MultikeyVerificationMethod).filter((method) => method.controller === tenant.did);
}

/** Where a did:web DID's document is served under the public URL's origin. */
export function didDocumentUrl(publicUrl: string, did: string): string {
  const [, ...path] = did.slice('did:web:'.length).split(':');
  return path.length === 0
    ? `${publicUrl}/.well-known/did.json`
    : `${new URL(publicUrl).origin}/${path.map(decodeURIComponent).join('/')}/did.json`;
}
