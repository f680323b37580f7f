import { createRequire } from 'node:module';
import { bundledContextMap, freezeJsonLd } from '../../contexts.ts';

/**
 * Processed JSON-LD contexts, kept across documents.
 *
 * jsonld.js processes contexts with its own algorithm (term definitions,
 * @protected, type- and property-scoped contexts, @propagate), and we reuse
 * exactly that code: `jsonld/lib/context.js`. What jsonld.js does not do is
 * keep the results: reverting a type-scoped context deep-clones the whole
 * active context, so every nested object of a VC 2.0 credential gets a fresh
 * active context and every scoped context is processed again, for every
 * credential (most of the signing time went there and into the garbage
 * collector). Here an active context, once made, is never changed (jsonld's
 * `process` clones before it writes), so it can be shared by every document
 * and used as a cache key by identity.
 *
 * Only the bundled contexts (immutable, known URLs) are loaded here. A
 * document naming any other URL is not for the fast path.
 */

const require = createRequire(import.meta.url);

/** jsonld.js' active context (opaque here, apart from what expansion reads). */
export interface ActiveContext {
  mappings: Map<string, TermDefinition | null>;
  previousContext?: ActiveContext;
  '@vocab'?: string;
  '@base'?: string | null;
  '@language'?: string;
  '@direction'?: string;
  processingMode?: string;
}

export interface TermDefinition {
  '@id'?: string;
  '@type'?: string;
  '@container'?: string[];
  '@context'?: unknown;
  '@language'?: string | null;
  '@direction'?: string | null;
  reverse?: boolean;
  _prefix?: boolean;
  [key: string]: unknown;
}

interface JsonLdContextApi {
  process(args: {
    activeCtx: ActiveContext;
    localCtx: unknown;
    options: Record<string, unknown>;
    propagate?: boolean;
    overrideProtected?: boolean;
  }): Promise<ActiveContext>;
  getInitialContext(options: Record<string, unknown>): ActiveContext;
  expandIri(activeCtx: ActiveContext, value: string, relativeTo: { vocab?: boolean; base?: boolean }, options: object): string | null;
  getContextValue(ctx: ActiveContext, key: string | null, type: string): any;
  isKeyword(value: unknown): boolean;
}

type ContextResolverClass = new (options: { sharedCache: Map<string, unknown> }) => unknown;

export const jsonldContext = require('jsonld/lib/context.js') as JsonLdContextApi;
const ContextResolver = require('jsonld/lib/ContextResolver.js') as ContextResolverClass;

/** Thrown when the fast path meets something it does not handle; the caller falls back to jsonld.js. */
export class Unsupported extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'Unsupported';
  }
}

/** Thrown by a synchronous lookup that missed; the caller processes the context and tries again. */
export class ContextMiss extends Error {
  constructor(readonly load: () => Promise<void>) {
    super('context not processed yet');
    this.name = 'ContextMiss';
  }
}

/** Options as jsonld.canonize passes them to expansion (base null, no processing mode). */
export const EXPANSION_OPTIONS = Object.freeze({ base: null });

export const initialContext: ActiveContext = jsonldContext.getInitialContext({});

const MAX_DOCUMENT_CONTEXTS = 256;
const MAX_RESOLVED = 512;

/** Resolved (not yet processed) bundled context documents, shared by every ContextResolver made here. */
const resolvedCache = new Map<string, unknown>();

async function bundledOnlyLoader(url: string) {
  const document = bundledContextMap().get(url);
  if (!document) throw new Unsupported(`context ${url} is not bundled`);
  return { contextUrl: null, documentUrl: url, document, tag: 'static' };
}

function failOnEvent({ event }: { event: { level?: string; code?: string } }): void {
  // Any warning (a relative @vocab, an invalid term, …) is what jsonld.js'
  // safe mode rejects: leave the document to jsonld.js for the exact error.
  if (event.level === 'warning') throw new Unsupported(`jsonld event ${event.code}`);
}

async function processContext(
  activeCtx: ActiveContext,
  localCtx: unknown,
  propagate: boolean,
  overrideProtected: boolean,
): Promise<ActiveContext> {
  if (resolvedCache.size > MAX_RESOLVED) resolvedCache.clear();
  return jsonldContext.process({
    activeCtx,
    localCtx,
    propagate,
    overrideProtected,
    options: {
      ...EXPANSION_OPTIONS,
      documentLoader: bundledOnlyLoader,
      contextResolver: new ContextResolver({ sharedCache: resolvedCache }),
      eventHandler: failOnEvent,
    },
  });
}

/** Scoped contexts (objects held by term definitions) by parent context, by identity, by flags. */
const scoped = new WeakMap<ActiveContext, Map<unknown, (ActiveContext | undefined)[]>>();
/** Contexts written in documents (`@context` values), by parent context, by their JSON text. */
const embedded = new WeakMap<ActiveContext, Map<string, ActiveContext>>();

function flagKey(propagate: boolean, overrideProtected: boolean): number {
  return (propagate ? 1 : 0) + (overrideProtected ? 2 : 0);
}

/**
 * A scoped context from a term definition of `activeCtx` (type-scoped or
 * property-scoped). Those objects belong to an active context that never
 * changes, so they are keyed by identity.
 */
export function scopedContext(
  activeCtx: ActiveContext,
  localCtx: unknown,
  propagate: boolean,
  overrideProtected: boolean,
): ActiveContext {
  let byContext = scoped.get(activeCtx);
  if (!byContext) {
    byContext = new Map();
    scoped.set(activeCtx, byContext);
  }
  const flags = flagKey(propagate, overrideProtected);
  const hit = byContext.get(localCtx)?.[flags];
  if (hit) return hit;
  const map = byContext;
  throw new ContextMiss(async () => {
    const processed = await processContext(activeCtx, localCtx, propagate, overrideProtected);
    let byFlags = map.get(localCtx);
    if (!byFlags) map.set(localCtx, (byFlags = []));
    byFlags[flags] = processed;
  });
}

/**
 * A context written in the document (`@context`). The document is not ours
 * and may change after this call, so the key is its JSON text and what is
 * processed is a private frozen copy.
 */
export function documentContext(activeCtx: ActiveContext, localCtx: unknown, knownKey?: string): ActiveContext {
  const key = knownKey ?? JSON.stringify(localCtx);
  let byText = embedded.get(activeCtx);
  if (!byText) {
    byText = new Map();
    embedded.set(activeCtx, byText);
  }
  const hit = byText.get(key);
  if (hit) return hit;
  const map = byText;
  throw new ContextMiss(async () => {
    const copy = freezeJsonLd(JSON.parse(key) as unknown);
    const processed = await processContext(activeCtx, copy, true, false);
    if (map.size >= MAX_DOCUMENT_CONTEXTS) map.delete(map.keys().next().value as string);
    map.set(key, processed);
  });
}
