import {
  didWebFromDomain,
  exportKeyFile,
  generateKey,
  publicVerificationMethod,
  type KeyType,
  type MultikeyVerificationMethod,
} from '@microcred/securing';
import type { KeyWithSecret, Store, Tenant } from './storage/index.ts';

export type DidMethod = 'web' | 'key';

/** The key types every tenant holds, one active each: Ed25519 signs `di` and `jwt`, P-256 signs `ecdsa`. */
export const TENANT_KEY_TYPES: readonly KeyType[] = ['Ed25519', 'P-256'];

export type Format = 'di' | 'ecdsa' | 'jwt';
export const FORMATS: readonly Format[] = ['di', 'ecdsa', 'jwt'];

export function keyTypeFor(format: Format): KeyType {
  return format === 'ecdsa' ? 'P-256' : 'Ed25519';
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
}

/**
 * Creates a tenant with its DID and one active key of each type. The keys'
 * secrets are stored as key files (the securing package's format) in the
 * keys table, never anywhere else.
 */
export async function provisionTenant(store: Store, options: ProvisionTenantOptions): Promise<Tenant> {
  const method = options.did ?? 'web';
  if (method === 'web' && !options.publicUrl) throw new Error('a did:web tenant needs the public URL that serves its DID document');
  const domain = method === 'web' ? didWebDomain(options.publicUrl as string, options.id, options.root ?? false) : undefined;
  const keys = await Promise.all(
    TENANT_KEY_TYPES.map((type) => (domain ? generateKey({ type, did: 'web', domain }) : generateKey({ type, did: 'key' }))),
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

/** The active signing key for a format, with its secret. */
export async function activeKey(store: Store, tenant: Tenant, format: Format): Promise<KeyWithSecret> {
  const key = await store.keys.getActive(tenant.id, keyTypeFor(format));
  if (!key) throw new Error(`tenant ${tenant.id} has no active ${keyTypeFor(format)} key`);
  return key;
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
