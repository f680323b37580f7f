import { Resolver, parse, type DIDResolutionResult, type DIDResolver } from 'did-resolver';
import { SecuringError, ErrorCodes, isSecuringError } from '../errors.ts';
import { resolveDidKey } from './key.ts';
import { RELATIONSHIPS, resolveDidWeb, type DidWebOptions } from './web.ts';
import { MULTIKEY_V1_URL, freezeJsonLd } from '../contexts.ts';
import type { DidDocument, DidResolver, VerificationMethod } from '../types.ts';

export interface DidResolverOptions extends DidWebOptions {
  /** did:web documents known locally (a service's own tenants); consulted before any HTTP request. */
  localDocuments?: (did: string) => Promise<DidDocument | undefined>;
}

function asResolution(didDocument: DidDocument): DIDResolutionResult {
  return {
    didResolutionMetadata: { contentType: 'application/did+json' },
    didDocument: didDocument as unknown as DIDResolutionResult['didDocument'],
    didDocumentMetadata: {},
  };
}

/**
 * Creates a DID resolver for did:key (Ed25519, P-256, P-384 as Multikey) and
 * did:web, built on did-resolver's `Resolver` (so further did-resolver
 * drivers can be added). did:key documents are cached process-wide (they are
 * a pure function of the DID); did:web documents are not cached here.
 */
export function createDidResolver(options: DidResolverOptions = {}): DidResolver {
  const { localDocuments, ...webOptions } = options;
  const key: DIDResolver = async (did) => asResolution(await resolveDidKey(did));
  const web: DIDResolver = async (did) => {
    // A service resolving its own tenants' DIDs reads them where they live, not over HTTP to itself.
    const local = localDocuments ? await localDocuments(did) : undefined;
    return asResolution(local ? freezeJsonLd(structuredClone(local)) : await resolveDidWeb(did, webOptions));
  };
  const resolver = new Resolver({ key, web });

  async function resolve(did: string): Promise<DidDocument> {
    if (typeof did !== 'string' || !did.startsWith('did:')) {
      throw new SecuringError(ErrorCodes.DID_INVALID, `Not a DID: ${JSON.stringify(did)}.`);
    }
    const parsed = parse(did);
    if (!parsed) throw new SecuringError(ErrorCodes.DID_INVALID, `Invalid DID "${did}".`);
    let result: DIDResolutionResult;
    try {
      result = await resolver.resolve(parsed.did);
    } catch (error) {
      if (isSecuringError(error)) throw error;
      throw new SecuringError(ErrorCodes.DID_NOT_RESOLVED, `Resolving ${parsed.did} failed.`, { cause: error });
    }
    const failure = result.didResolutionMetadata.error;
    if (failure === 'unsupportedDidMethod') {
      throw new SecuringError(
        ErrorCodes.DID_METHOD_UNSUPPORTED,
        `DID method "${parsed.method}" is not supported (supported: did:key, did:web).`,
      );
    }
    if (failure === 'invalidDid') throw new SecuringError(ErrorCodes.DID_INVALID, `Invalid DID "${did}".`);
    if (failure || !result.didDocument) {
      throw new SecuringError(ErrorCodes.DID_NOT_RESOLVED, `Resolving ${parsed.did} failed: ${failure ?? 'no document'}.`);
    }
    return result.didDocument as unknown as DidDocument;
  }

  async function dereference(didUrl: string): Promise<VerificationMethod> {
    const parsed = typeof didUrl === 'string' ? parse(didUrl) : null;
    if (!parsed) throw new SecuringError(ErrorCodes.DID_INVALID, `Invalid DID URL ${JSON.stringify(didUrl)}.`);
    if (!parsed.fragment) {
      throw new SecuringError(ErrorCodes.DID_INVALID, `DID URL "${didUrl}" has no #fragment naming a verification method.`);
    }
    const document = await resolve(parsed.did);
    const method = findVerificationMethod(document, `${parsed.did}#${parsed.fragment}`);
    if (!method) {
      throw new SecuringError(
        ErrorCodes.VERIFICATION_METHOD_NOT_FOUND,
        `The DID document of ${parsed.did} has no verification method "${didUrl}".`,
      );
    }
    return method;
  }

  return { resolve, dereference };
}

/** Finds a verification method (by absolute id) anywhere in a DID document. */
export function findVerificationMethod(document: DidDocument, id: string): VerificationMethod | undefined {
  for (const relationship of RELATIONSHIPS) {
    const entries = document[relationship];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (entry === null || typeof entry !== 'object') continue;
      const vm = entry as VerificationMethod;
      const vmId = typeof vm.id === 'string' && vm.id.startsWith('#') ? document.id + vm.id : vm.id;
      if (vmId === id) return Object.freeze({ ...vm, id: vmId, controller: vm.controller ?? document.id });
    }
  }
  return undefined;
}

/** Whether the DID document lists `id` under the given verification relationship. */
export function hasRelationship(
  document: DidDocument,
  relationship: 'assertionMethod' | 'authentication',
  id: string,
): boolean {
  const entries = document[relationship];
  if (!Array.isArray(entries)) return false;
  return entries.some((entry) => {
    const ref = typeof entry === 'string' ? entry : entry?.id;
    if (typeof ref !== 'string') return false;
    return ref === id || (ref.startsWith('#') && document.id + ref === id);
  });
}

/**
 * The `@context` to attach to a verification method served on its own by
 * the document loader: Multikey's context for Multikey, otherwise the DID
 * document's context (which defines the other key types).
 */
export function contextForVerificationMethod(method: VerificationMethod, document?: DidDocument): unknown {
  if (method.type === 'Multikey') return MULTIKEY_V1_URL;
  return document?.['@context'] ?? MULTIKEY_V1_URL;
}

let defaultResolver: DidResolver | undefined;

/** The shared default resolver (HTTPS only, default limits). */
export function defaultDidResolver(): DidResolver {
  defaultResolver ??= createDidResolver();
  return defaultResolver;
}
