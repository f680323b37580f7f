/**
 * did:key resolution producing `Multikey` verification methods.
 *
 * Why @digitalbazaar/did-method-key (with the Multikey libraries as its
 * drivers) and not key-did-resolver: key-did-resolver describes Ed25519 keys
 * as `Ed25519VerificationKey2018` (publicKeyBase58) and P-256/P-384 keys as
 * `JsonWebKey2020`, and uses different fragment conventions per key type.
 * The Data Integrity cryptosuites expect `Multikey` verification methods with
 * the exact `publicKeyMultibase` found in the DID, and converting
 * key-did-resolver's output would mean re-encoding keys by hand. The
 * digitalbazaar driver is the same code base as the cryptosuites, decodes
 * (and so validates) the key with the very Multikey library that later
 * verifies signatures, and yields `did:key:<mb>#<mb>` ids, which is what
 * other Data Integrity implementations emit too. It is exposed through the
 * did-resolver driver interface in `resolve.ts`.
 */
import { driver as createDidKeyDriver } from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import { SecuringError, ErrorCodes } from '../errors.ts';
import { freezeJsonLd } from '../contexts.ts';
import type { DidDocument } from '../types.ts';

/** Multibase (base58btc) prefixes of the multicodec-encoded public keys. */
export const MULTIKEY_PREFIX = {
  Ed25519: 'z6Mk',
  'P-256': 'zDna',
  'P-384': 'z82L',
} as const;

const didKeyDriver = createDidKeyDriver();
didKeyDriver.use({ multibaseMultikeyHeader: MULTIKEY_PREFIX.Ed25519, fromMultibase: Ed25519Multikey.from });
didKeyDriver.use({ multibaseMultikeyHeader: MULTIKEY_PREFIX['P-256'], fromMultibase: EcdsaMultikey.from });
didKeyDriver.use({ multibaseMultikeyHeader: MULTIKEY_PREFIX['P-384'], fromMultibase: EcdsaMultikey.from });

/** did:key documents are a pure function of the DID: cache them (bounded). */
const MAX_CACHED = 1000;
const cache = new Map<string, Promise<DidDocument>>();

const DID_KEY_RE = /^did:key:z[1-9A-HJ-NP-Za-km-z]+$/;

export function resolveDidKey(did: string): Promise<DidDocument> {
  const cached = cache.get(did);
  if (cached) return cached;
  const promise = build(did);
  cache.set(did, promise);
  if (cache.size > MAX_CACHED) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  // Failed resolutions are not cached.
  promise.catch(() => cache.delete(did));
  return promise;
}

async function build(did: string): Promise<DidDocument> {
  if (!DID_KEY_RE.test(did)) {
    throw new SecuringError(ErrorCodes.DID_INVALID, `Invalid did:key "${did}".`);
  }
  const prefix = did.slice('did:key:'.length, 'did:key:'.length + 4);
  if (!Object.values(MULTIKEY_PREFIX).includes(prefix as never)) {
    throw new SecuringError(
      ErrorCodes.DID_NOT_RESOLVED,
      `Unsupported did:key key type in "${did}" (supported: Ed25519 z6Mk…, P-256 zDna…, P-384 z82L…).`,
    );
  }
  let doc: Record<string, any>;
  try {
    doc = await didKeyDriver.get({ did });
  } catch (error) {
    throw new SecuringError(ErrorCodes.DID_INVALID, `Invalid did:key "${did}": the key does not decode.`, {
      cause: error,
    });
  }
  // Keep only what the Multikey driver produces, as plain JSON.
  const document: DidDocument = JSON.parse(JSON.stringify(doc));
  return freezeJsonLd(document);
}
