/**
 * Digests of the JSON-LD contexts this package bundles, so that a `relatedResource` entry naming one
 * of them (VC Data Model 2.0 §5.3) can be checked offline: we never fetch the resource, but we know
 * what its publisher serves.
 *
 * Two kinds of digest, kept apart on purpose:
 * - `published`: the digests of the bytes the W3C serves at the URL (every revision it has served,
 *   oldest first). A credential's `relatedResource` digest is compared against these only, because
 *   that is what its issuer hashed.
 * - `bundledSha256`: the digest of the file in the npm package we load the context from. Those bytes
 *   differ from the published ones (the packages reformat the JSON), which is why they are never used
 *   for `relatedResource`; they are pinned so that a package update that changes the context shows up
 *   in a test rather than silently.
 *
 * Digests are lower-case hex.
 */
export interface ContextDigests {
  published: { sha256?: readonly string[]; sha384?: readonly string[]; sha512?: readonly string[] };
  /** `<package>/<file>` the bundled copy comes from, and its SHA-256. */
  bundledFrom?: string;
  bundledSha256?: string;
}

export const CONTEXT_DIGESTS: Readonly<Record<string, ContextDigests>> = Object.freeze({
  'https://www.w3.org/ns/credentials/v2': {
    published: {
      sha256: [
        // the revision of 2024-07 ("Remove @vocab definition from v2 context"), served until the Recommendation
        '24a18c90e9856d526111f29376e302d970b2bd10182e33959995b0207d7043b9',
        // the Recommendation of 2025-05-15 (§B.1)
        '59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734',
      ],
      sha384: ['35239c36999d2155312091af194a1edb61634d6ad789a5e5b19f2aebdd762dd9d1dcaada40eda7ef921c6b8c0ae107a0'],
    },
    bundledFrom: '@digitalbazaar/credentials-context/contexts/v2.jsonld',
    bundledSha256: '8a9f494a89ecc51db093e90e84713e07e84d6d9204364a9b3c7868b21751236f',
  },
  'https://www.w3.org/ns/credentials/undefined-terms/v2': {
    // the package ships the published bytes unchanged
    published: { sha256: ['82dab514ba44eb18f5d1b0f638c5e140c6a556fbfb5089601bdc0fa5eb8b2581'] },
    bundledFrom: '@digitalbazaar/credentials-context/contexts/undefined-terms-v2.jsonld',
    bundledSha256: '82dab514ba44eb18f5d1b0f638c5e140c6a556fbfb5089601bdc0fa5eb8b2581',
  },
  'https://www.w3.org/2018/credentials/v1': {
    // the published digest is not pinned: a relatedResource naming this context cannot be checked
    published: {},
    bundledFrom: '@digitalbazaar/credentials-context/contexts/v1.jsonld',
    bundledSha256: '00d7dd6d3ad8b920e3e550dd3a3d9090bffcac84cdbf943da6924b3e0a5c8bb8',
  },
});

export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';

/**
 * Whether a digest (raw bytes, from a `digestSRI` or `digestMultibase`) is one the publisher of `url`
 * served. `undefined` when we do not know the published digests of that URL for that algorithm:
 * the resource cannot be checked offline.
 */
export function matchesPublishedDigest(url: string, algorithm: DigestAlgorithm, digest: Uint8Array): boolean | undefined {
  const known = CONTEXT_DIGESTS[url]?.published[algorithm];
  if (!known || known.length === 0) return undefined;
  const hex = Buffer.from(digest).toString('hex');
  return known.includes(hex);
}
