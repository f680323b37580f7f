import { buildStatusListCredential } from '@microcred/status-list';
import type { CredentialSigner } from './signing.ts';
import type { Store } from './storage/index.ts';

export interface PublishedStatusList {
  /** Weak: the proof differs between signings of one version, the list does not. */
  etag: string;
  body: string;
  ttlSeconds: number;
}

export interface StatusListPublisher {
  get(listId: string): Promise<PublishedStatusList | undefined>;
  url(listId: string): string;
}

/**
 * Serves each tenant's lists as signed BitstringStatusListCredentials.
 * Signing costs milliseconds and verifiers poll, so a signed list is kept
 * per (list, version, signing key): a status change bumps the version and
 * the next download signs once; a key rotation re-signs with the new key.
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
  const url = (listId: string) => `${publicUrl}/status-lists/${listId}`;

  async function publish(listId: string, tenantId: string): Promise<PublishedStatusList | undefined> {
    const [snapshot, tenant, key] = await Promise.all([
      store.getStatusList(tenantId, listId),
      store.tenants.get(tenantId),
      store.keys.getActive(tenantId, 'Ed25519'),
    ]);
    if (!snapshot || !tenant?.did || !key) return undefined;
    const unsigned = buildStatusListCredential({
      id: url(listId),
      issuer: tenant.did,
      statusPurpose: snapshot.purpose,
      encodedList: snapshot.encodedList,
      validFrom: clock(),
      // The spec's ttl is in milliseconds.
      ttl: ttlSeconds * 1000,
    });
    const signed = await signer.sign({ credential: unsigned as unknown as Record<string, unknown>, keyFile: key.privateKey, format: 'di' });
    return { etag: `W/"${listId}.${snapshot.version}"`, body: JSON.stringify(signed.credential), ttlSeconds };
  }

  return {
    url,
    async get(listId) {
      const head = await store.getStatusListHead(listId);
      if (!head) return undefined;
      const key = await store.keys.getActive(head.tenantId, 'Ed25519');
      const cacheKey = `${listId}\u0000${head.version}\u0000${key?.id ?? ''}`;
      let entry = cache.get(cacheKey);
      if (!entry) {
        entry = publish(listId, head.tenantId);
        // A failed signing must not be served from the cache forever.
        entry.catch(() => cache.delete(cacheKey));
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
        cache.set(cacheKey, entry);
      }
      return entry;
    },
  };
}
