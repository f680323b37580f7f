import { didDocumentFor, createDidResolver, createDocumentLoader } from '@microcred/securing';
import { httpStatusLists, flag, trustFromEnvironment, type VerifyOptions } from '@microcred/verifier';
import type { Services } from './context.ts';
import type { Tenant } from './storage/index.ts';
import { controllerOf, isDidWeb, publicKeysOf } from './tenants.ts';

/**
 * The verifier mounted in the service reads its own tenants' DID documents and status lists where
 * they live (the store), with no HTTP round trip to itself, and trusts its own tenants: the demo's
 * credentials verify as valid with no loopback exception. Everything else goes through the
 * deployment's policy (MICROCRED_TRUST_FILE, MICROCRED_ALLOW_LOOPBACK).
 */
export function ownVerification(services: Services, env: NodeJS.ProcessEnv = process.env): () => Promise<VerifyOptions> {
  const { store, publicUrl, statusLists } = services;
  const allowLoopback = flag(env.MICROCRED_ALLOW_LOOPBACK);
  const trust = trustFromEnvironment(env);
  const didResolver = createDidResolver({
    allowHttp: allowLoopback,
    localDocuments: async (did) => {
      const tenant = await store.tenants.findByDid(did);
      if (!tenant?.did) return undefined;
      const methods = await publicKeysOf(store, tenant);
      return methods.length > 0 ? didDocumentFor(methods, tenant.did) : undefined;
    },
  });
  const documentLoader = createDocumentLoader({ didResolver });
  const remoteLists = httpStatusLists({ allowLoopback });
  const ownListPrefix = `${publicUrl}/status-lists/`;
  const lists = async (url: string) => {
    if (!url.startsWith(ownListPrefix)) return remoteLists(url);
    const named = statusLists.parse(url);
    const published = named && (await statusLists.get(named.listId, named.keyType));
    if (!published) throw new Error(`${url} is not a status list of this service.`);
    return JSON.parse(published.body) as Record<string, unknown>;
  };
  // A did:key tenant is named by its Ed25519 key, but its P-256 and P-384 keys are DIDs of their own
  // that issue for it (ecdsa credentials name them): they are this service's issuers too.
  const ownIssuers = async (tenants: Tenant[]): Promise<string[]> => {
    const dids = await Promise.all(
      tenants.map(async (tenant) => {
        if (!tenant.did) return [];
        if (isDidWeb(tenant)) return [tenant.did];
        return [tenant.did, ...(await store.keys.list(tenant.id)).map(controllerOf).filter((did) => did?.startsWith('did:key:'))];
      }),
    );
    return [...new Set(dids.flat())];
  };
  return async () => {
    const tenants = await store.tenants.list();
    return {
      trust,
      trustedIssuers: await ownIssuers(tenants),
      didResolver,
      documentLoader,
      statusLists: lists,
    };
  };
}
