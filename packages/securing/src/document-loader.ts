import { parse } from 'did-resolver';
import { SecuringError, ErrorCodes } from './errors.ts';
import { bundledContextMap, frozenCopy } from './contexts.ts';
import {
  contextForVerificationMethod,
  defaultDidResolver,
  findVerificationMethod,
} from './did/resolve.ts';
import type { DidDocument, DidResolver, DocumentLoader, RemoteDocument } from './types.ts';

export interface DocumentLoaderOptions {
  /**
   * Extra JSON-LD contexts, URL → context document (e.g. the project's
   * `contexts/*.jsonld`). They are copied and frozen once. A bundled context
   * always wins over an extra one with the same URL.
   */
  contexts?: Record<string, unknown> | Map<string, unknown>;
  /** Resolver for DID URLs (verification methods, controller documents). */
  didResolver?: DidResolver;
}

/** Loaders made by createDocumentLoader: they always serve the bundled contexts as bundled. */
const ownLoaders = new WeakSet<DocumentLoader>();

/** A verification method as the loader serves it, with the DID document it came from (one resolution for both). */
export interface ResolvedMethod {
  did: string;
  didDocument: DidDocument;
  method: object;
}
const methodResolvers = new WeakMap<DocumentLoader, (url: string) => Promise<ResolvedMethod>>();

/**
 * For one of our loaders: what it serves for a verification method's DID URL
 * and for the bare DID, from a single DID resolution (verifying a proof needs
 * both, and resolving a did:web twice costs twice). Undefined for other loaders.
 */
export function methodResolverOf(loader: DocumentLoader): ((url: string) => Promise<ResolvedMethod>) | undefined {
  return methodResolvers.get(loader);
}

/**
 * Whether `loader` is one of ours, so that a bundled context URL means the
 * bundled document (the Data Integrity fast path processes those once, for
 * every loader; a foreign loader might serve something else under the URL).
 */
export function servesBundledContexts(loader: DocumentLoader): boolean {
  return ownLoaders.has(loader);
}

/** Remote-document wrappers of the bundled contexts, shared by all loaders. */
const bundledWrappers = new Map<string, RemoteDocument>();

function bundledDocument(url: string): RemoteDocument | undefined {
  let wrapper = bundledWrappers.get(url);
  if (wrapper) return wrapper;
  const document = bundledContextMap().get(url);
  if (!document) return undefined;
  // `tag: 'static'` lets jsonld.js keep the *processed* context in its
  // process-wide cache, so the VC v2 context is not re-processed for every
  // signature. Only bundled (well-known, immutable) contexts get the tag:
  // jsonld.js keys that cache by URL alone, shared by every loader.
  wrapper = Object.freeze({ contextUrl: null, documentUrl: url, document, tag: 'static' as const });
  bundledWrappers.set(url, wrapper);
  return wrapper;
}

/**
 * Creates a jsonld.js document loader that never touches the network for
 * contexts: it serves the bundled contexts (see `bundledContexts()`), the
 * extra `contexts` given here, and DID URLs through the DID resolver (a DID
 * → its DID document; `did:...#fragment` → that verification method, with an
 * `@context`). Any other URL fails with ERR_CONTEXT_NOT_BUNDLED.
 */
export function createDocumentLoader(options: DocumentLoaderOptions = {}): DocumentLoader {
  const extra = new Map<string, RemoteDocument>();
  const entries = options.contexts instanceof Map ? [...options.contexts] : Object.entries(options.contexts ?? {});
  for (const [url, document] of entries) {
    if (document === null || typeof document !== 'object' || Array.isArray(document)) {
      throw new TypeError(`The context given for ${url} is not a JSON object.`);
    }
    if (bundledContextMap().has(url)) continue;
    extra.set(url, Object.freeze({ contextUrl: null, documentUrl: url, document: frozenCopy(document) }));
  }
  const resolverOption = options.didResolver;

  const resolveMethod = async (url: string, parsed: NonNullable<ReturnType<typeof parse>>): Promise<ResolvedMethod> => {
    const resolver = resolverOption ?? defaultDidResolver();
    const didDocument = await resolver.resolve(parsed.did);
    const method = findVerificationMethod(didDocument, `${parsed.did}#${parsed.fragment}`);
    if (!method) {
      throw new SecuringError(
        ErrorCodes.VERIFICATION_METHOD_NOT_FOUND,
        `The DID document of ${parsed.did} has no verification method "${url}".`,
      );
    }
    const document = Object.freeze({ '@context': contextForVerificationMethod(method, didDocument), ...method });
    return { did: parsed.did, didDocument, method: document };
  };

  const loader = async function documentLoader(url: string): Promise<RemoteDocument> {
    const known = bundledDocument(url) ?? extra.get(url);
    if (known) return known;

    if (typeof url === 'string' && url.startsWith('did:')) {
      const parsed = parse(url);
      if (!parsed) throw new SecuringError(ErrorCodes.DID_INVALID, `Invalid DID URL "${url}".`);
      if (!parsed.fragment) {
        const resolver = resolverOption ?? defaultDidResolver();
        return { contextUrl: null, documentUrl: url, document: await resolver.resolve(parsed.did) };
      }
      return { contextUrl: null, documentUrl: url, document: (await resolveMethod(url, parsed)).method };
    }

    throw new SecuringError(
      ErrorCodes.CONTEXT_NOT_BUNDLED,
      `The JSON-LD document ${JSON.stringify(url)} is not bundled; contexts are never fetched from the network. ` +
        'Pass it in the document loader\'s "contexts" option.',
    );
  };
  ownLoaders.add(loader);
  methodResolvers.set(loader, async (url) => {
    const parsed = typeof url === 'string' && url.startsWith('did:') ? parse(url) : null;
    if (!parsed?.fragment) throw new SecuringError(ErrorCodes.DID_INVALID, `"${url}" is not a DID URL with a fragment.`);
    return resolveMethod(url, parsed);
  });
  return loader;
}

let defaultLoader: DocumentLoader | undefined;

/** The shared default loader (bundled contexts, default DID resolver). */
export function defaultDocumentLoader(): DocumentLoader {
  defaultLoader ??= createDocumentLoader();
  return defaultLoader;
}
