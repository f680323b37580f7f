import type { KeyType } from '@microcred/securing';
import { buildStatusListCredential } from '@microcred/status-list';
import type { CredentialSigner } from './signing.ts';
import type { Store, Tenant } from './storage/index.ts';
import { controllerOf, isDidWeb } from './tenants.ts';

export interface PublishedStatusList {
  /** Weak: the proof differs between signings of one version, the list does not. */
  etag: string;
  body: string;
  ttlSeconds: number;
}

/**
 * The key types a did:key tenant's lists are also published signed by, with the last segment of
 * their URL. A did:key tenant's P-256 and P-384 keys are DIDs of their own, the issuers of what they
 * sign, and a verifier reads a list only when its issuer is the credential's.
 */
const SIGNER_SEGMENTS: ReadonlyMap<KeyType, string> = new Map([
  ['P-256', 'p-256'],
  ['P-384', 'p-384'],
]);

export interface StatusListPublisher {
  /** The list signed by the tenant's Ed25519 key, or (did:key tenants) by its key of `keyType`. */
  get(listId: string, keyType?: KeyType): Promise<PublishedStatusList | undefined>;
  /**
   * Where a credential points for `listId`: the list's own URL, or, for a credential a did:key
   * tenant signs with `keyType` (see statusListKeyType), the same list signed by that key's DID.
   */
  url(listId: string, keyType?: KeyType): string;
  /** The list and signing key type a URL of this service names (undefined for any other URL). */
  parse(url: string): { listId: string; keyType?: KeyType } | undefined;
}

/**
 * The key type whose DID signs the list a credential signed with `keyType` points to, or undefined
 * for the list's own URL (Ed25519). A did:web tenant is one DID whatever the key: its lists are
 * signed by its Ed25519 key and every credential points to them. A did:key tenant's P-256 and P-384
 * keys are DIDs of their own, so their credentials point to the list signed by the same key.
 */
export function statusListKeyType(tenant: Tenant, keyType: string): KeyType | undefined {
  return !tenant.did || isDidWeb(tenant) || !SIGNER_SEGMENTS.has(keyType as KeyType) ? undefined : (keyType as KeyType);
}

/**
 * Serves each tenant's lists as signed BitstringStatusListCredentials.
 * Signing costs milliseconds and verifiers poll, so a signed list is kept
 * per (list, version, signing key): a status change bumps the version and
 * the next download signs once; a key rotation re-signs with the new key.
 * A did:key tenant's list is also served at `<url>/p-256` (and `/p-384`),
 * signed by that key's DID: the same bitstring, read by the credentials
 * that DID issues.
 */
export function createStatusListPublisher(options: {
  store: Store;
  publicUrl: string;
  signer: CredentialSigner;
  clock: () => Date;
  ttlSeconds: number;
  cacheSize?: number;
}): StatusListPublisher {
  const { store, publicUrl, signer, clock, ttlSeconds } = options;
  const cacheSize = options.cacheSize ?? 256;
  const cache = new Map<string, Promise<PublishedStatusList | undefined>>();
  const prefix = `${publicUrl}/status-lists/`;
  const url = (listId: string, keyType?: KeyType) => {
    const segment = keyType === undefined ? undefined : SIGNER_SEGMENTS.get(keyType);
    return `${prefix}${listId}${segment ? `/${segment}` : ''}`;
  };

  async function publish(listId: string, tenantId: string, keyType: KeyType): Promise<PublishedStatusList | undefined> {
    const [snapshot, tenant, key] = await Promise.all([
      store.getStatusList(tenantId, listId),
      store.tenants.get(tenantId),
      store.keys.getActive(tenantId, keyType),
    ]);
    if (!snapshot || !tenant?.did || !key) return undefined;
    const signedByOwnKey = keyType !== 'Ed25519';
    const unsigned = buildStatusListCredential({
      id: url(listId, signedByOwnKey ? keyType : undefined),
      // A did:key tenant's P-256 or P-384 key is a DID of its own: the issuer of the credentials pointing here.
      issuer: signedByOwnKey ? controllerOf(key) : tenant.did,
      statusPurpose: snapshot.purpose,
      encodedList: snapshot.encodedList,
      validFrom: clock(),
      // The spec's ttl is in milliseconds.
      ttl: ttlSeconds * 1000,
    });
    const signed = await signer.sign({
      credential: unsigned as unknown as Record<string, unknown>,
      keyFile: key.privateKey,
      format: signedByOwnKey ? 'ecdsa' : 'di',
    });
    const etag = `W/"${listId}.${snapshot.version}${signedByOwnKey ? `.${SIGNER_SEGMENTS.get(keyType)}` : ''}"`;
    return { etag, body: JSON.stringify(signed.credential), ttlSeconds };
  }

  return {
    url,
    parse(value) {
      if (!value.startsWith(prefix)) return undefined;
      const [listId = '', segment, ...rest] = value.slice(prefix.length).split('/');
      if (listId === '' || rest.length > 0) return undefined;
      if (segment === undefined) return { listId };
      const keyType = [...SIGNER_SEGMENTS].find(([, s]) => s === segment)?.[0];
      return keyType ? { listId, keyType } : undefined;
    },
    async get(listId, keyType = 'Ed25519') {
      if (keyType !== 'Ed25519' && !SIGNER_SEGMENTS.has(keyType)) return undefined;
      const head = await store.getStatusListHead(listId);
      if (!head) return undefined;
      if (keyType !== 'Ed25519') {
        // Only a did:key tenant's keys are issuers of their own; a did:web tenant's lists have one URL.
        const tenant = await store.tenants.get(head.tenantId);
        if (!tenant || statusListKeyType(tenant, keyType) === undefined) return undefined;
      }
      const key = await store.keys.getActive(head.tenantId, keyType);
      if (!key) return undefined;
      const cacheKey = `${listId}\u0000${head.version}\u0000${key.id}`;
      let entry = cache.get(cacheKey);
      if (!entry) {
        entry = publish(listId, head.tenantId, keyType);
        // A failed signing must not be served from the cache forever.
        entry.catch(() => cache.delete(cacheKey));
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
        cache.set(cacheKey, entry);
      }
      return entry;
    },
  };
}
