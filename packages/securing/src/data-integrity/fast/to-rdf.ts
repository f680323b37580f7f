import {
  documentContext,
  EXPANSION_OPTIONS,
  initialContext,
  jsonldContext,
  scopedContext,
  Unsupported,
  type ActiveContext,
} from './active-contexts.ts';

/**
 * JSON-LD → RDF for the documents we sign and verify, in one synchronous
 * pass: jsonld.js' expansion algorithm (expand.js, ported line by line for
 * the features below) fused with its node map and toRDF steps, on active
 * contexts that are processed once (active-contexts.ts) instead of for every
 * document. IRI expansion and context lookups call jsonld.js' own functions.
 *
 * Handled: node objects, @id (IRIs and blank node labels), @type (with
 * type-scoped contexts and @propagate), embedded and property-scoped
 * contexts, @vocab, value objects (@value, @type, @language), language maps,
 * type coercion (@id, @vocab, datatypes), default languages, @list
 * containers, @set. Anything else (@graph, @reverse, @nest, @included,
 * @index/@id/@type maps, @json, @direction, lists of lists, …) and anything
 * jsonld.js' safe mode would reject or drop throws Unsupported, and the caller
 * uses jsonld.js instead. The differential tests (test/fast-path*.test.ts)
 * compare the canonical N-Quads of both on every shape we issue and on
 * generated credentials.
 */

export type Term =
  | { termType: 'NamedNode'; value: string }
  | { termType: 'BlankNode'; value: string }
  | {
      termType: 'Literal';
      value: string;
      datatype: { termType: 'NamedNode'; value: string };
      language?: string;
      /**
       * The JSON-LD value object it came from (@value with its JSON type, @type, @language): jsonld.js'
       * node map drops a repeated value by that, not by the RDF literal (5 and "5"^^xsd:integer are two).
       */
      expanded?: string;
    };

export interface Quad {
  subject: Term;
  predicate: Term;
  object: Term;
  graph: { termType: 'DefaultGraph'; value: '' };
}

interface ListItem {
  list: Item[];
}
type Item = Term | ListItem;

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF_TYPE: Term = { termType: 'NamedNode', value: `${RDF}type` };
const RDF_FIRST: Term = { termType: 'NamedNode', value: `${RDF}first` };
const RDF_REST: Term = { termType: 'NamedNode', value: `${RDF}rest` };
const RDF_NIL: Term = { termType: 'NamedNode', value: `${RDF}nil` };
const RDF_LANGSTRING = `${RDF}langString`;
const XSD_BOOLEAN = `${XSD}boolean`;
const XSD_DOUBLE = `${XSD}double`;
const XSD_INTEGER = `${XSD}integer`;
const XSD_STRING = `${XSD}string`;
const DEFAULT_GRAPH: Quad['graph'] = Object.freeze({ termType: 'DefaultGraph', value: '' });

// jsonld.js util.js / url.js
const REGEX_BCP47 = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;
const ABSOLUTE_IRI = /^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$/;

const VOCAB = Object.freeze({ vocab: true });
const BASE = Object.freeze({ base: true });
const VOCAB_BASE = Object.freeze({ vocab: true, base: true });

const { expandIri: jsonldExpandIri, getContextValue, isKeyword } = jsonldContext;

/**
 * Vocabulary-relative expansions (property names, types, @vocab-coerced
 * values) per active context, which never changes: the same few terms come
 * back in every document. Ids (base-relative) are not kept: they are new in
 * every document.
 */
const expansions = new WeakMap<ActiveContext, Map<string, string | null>>();
const MAX_EXPANSIONS = 4096;

function expandIri(ctx: ActiveContext, value: string, relativeTo: { vocab?: boolean; base?: boolean }): string | null {
  if (typeof value !== 'string' || relativeTo === BASE) return jsonldExpandIri(ctx, value, relativeTo, EXPANSION_OPTIONS);
  let memo = expansions.get(ctx);
  if (!memo) expansions.set(ctx, (memo = new Map()));
  const key = relativeTo === VOCAB ? value : `\u0000${value}`;
  let iri = memo.get(key);
  if (iri === undefined) {
    iri = jsonldExpandIri(ctx, value, relativeTo, EXPANSION_OPTIONS);
    if (memo.size < MAX_EXPANSIONS) memo.set(key, iri);
  }
  return iri;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

// jsonld.js types.isDouble
const isDouble = (value: unknown): value is number =>
  typeof value === 'number' && (String(value).indexOf('.') !== -1 || Math.abs(value) >= 1e21);

function literal(value: string, datatype: string, language: string | undefined, expanded: string): Term {
  return language === undefined
    ? { termType: 'Literal', value, datatype: { termType: 'NamedNode', value: datatype }, expanded }
    : { termType: 'Literal', value, datatype: { termType: 'NamedNode', value: datatype }, language, expanded };
}

/** jsonld.js toRdf.js `_objectToRDF` for value objects (without @json and @direction). */
function toLiteral(value: unknown, datatype: string | null, language: string | undefined): Term {
  if (datatype === '@json') throw new Unsupported('@json literal');
  const expanded = `${typeof value}:${String(value)}\u0000${datatype ?? ''}\u0000${language ?? ''}`;
  if (typeof value === 'boolean') return literal(value.toString(), datatype || XSD_BOOLEAN, undefined, expanded);
  if (isDouble(value) || datatype === XSD_DOUBLE) {
    const number = isDouble(value) ? value : parseFloat(value as string);
    return literal(number.toExponential(15).replace(/(\d)0*e\+?/, '$1E'), datatype || XSD_DOUBLE, undefined, expanded);
  }
  if (typeof value === 'number') return literal(value.toFixed(0), datatype || XSD_INTEGER, undefined, expanded);
  if (typeof value !== 'string') throw new Unsupported('a value that is not a string, number or boolean');
  if (language !== undefined) return literal(value, datatype || RDF_LANGSTRING, language, expanded);
  return literal(value, datatype || XSD_STRING, undefined, expanded);
}

class Builder {
  readonly quads: Quad[] = [];
  private readonly seen = new Set<string>();
  private blanks = 0;
  private readonly labels = new Map<string, Term>();

  blank(): Term {
    return { termType: 'BlankNode', value: `b${this.blanks++}` };
  }

  /** A node's IRI or blank node label, already checked to be absolute. */
  node(id: string): Term {
    if (!id.startsWith('_:')) return { termType: 'NamedNode', value: id };
    let term = this.labels.get(id);
    if (!term) {
      term = this.blank();
      this.labels.set(id, term);
    }
    return term;
  }

  /**
   * Adds a triple unless jsonld.js' node map would drop the value as a repeat:
   * the same node, or the same JSON-LD value object, for the same property of
   * the same subject.
   */
  add(subject: Term, predicate: Term, object: Term): void {
    const key =
      object.termType === 'Literal'
        ? `${subject.termType[0]}${subject.value} ${predicate.value} L${object.expanded}`
        : `${subject.termType[0]}${subject.value} ${predicate.value} ${object.termType[0]}${object.value}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.quads.push({ subject, predicate, object, graph: DEFAULT_GRAPH });
  }

  addItem(subject: Term, predicate: Term, item: Item): void {
    // A list is never a repeat (the node map adds every @list), even an empty one.
    if ('list' in item) this.push(subject, predicate, this.list(item.list));
    else this.add(subject, predicate, item);
  }

  /** Adds a triple that cannot be a repeat. */
  push(subject: Term, predicate: Term, object: Term): void {
    this.quads.push({ subject, predicate, object, graph: DEFAULT_GRAPH });
  }

  pushItem(subject: Term, predicate: Term, item: Item): void {
    this.push(subject, predicate, 'list' in item ? this.list(item.list) : item);
  }

  /** toRdf.js `_listToRDF`: an RDF collection; its blank nodes are never shared, so never deduplicated away. */
  private list(items: Item[]): Term {
    if (items.length === 0) return RDF_NIL;
    const head = this.blank();
    let subject = head;
    items.forEach((item, index) => {
      if ('list' in item) throw new Unsupported('a list of lists');
      this.quads.push({ subject, predicate: RDF_FIRST, object: item, graph: DEFAULT_GRAPH });
      const next = index === items.length - 1 ? RDF_NIL : this.blank();
      this.quads.push({ subject, predicate: RDF_REST, object: next, graph: DEFAULT_GRAPH });
      subject = next;
    });
    return head;
  }
}

/**
 * The RDF dataset of a JSON-LD document (an object with its own `@context`),
 * as jsonld.toRDF gives it with `{base: null, safe: true}` (blank node labels
 * aside). Throws Unsupported (fall back to jsonld.js) or ContextMiss (process
 * the context, then call again).
 */
export function toQuads(document: unknown, contextKey?: string): Quad[] {
  if (!isObject(document)) throw new Unsupported('the document is not a JSON object');
  const builder = new Builder();
  expandObject(builder, initialContext, null, document, false, contextKey);
  return builder.quads;
}

/** api.expand for any element; null where jsonld.js expands to null (the property is then left out). */
function expandElement(
  builder: Builder,
  activeCtx: ActiveContext,
  activeProperty: string | null,
  element: unknown,
  insideList: boolean,
): Item[] | null {
  if (element === null || element === undefined) return null;
  if (Array.isArray(element)) return expandArray(builder, activeCtx, activeProperty, element, insideList);
  if (isObject(element)) return [expandObject(builder, activeCtx, activeProperty, element, insideList)];
  if (activeProperty === null) throw new Unsupported('a free-floating scalar');
  return [expandValue(activeCtx, activeProperty, element)];
}

function expandArray(
  builder: Builder,
  activeCtx: ActiveContext,
  activeProperty: string | null,
  element: unknown[],
  insideList: boolean,
): Item[] {
  const container: string[] = getContextValue(activeCtx, activeProperty, '@container') || [];
  const inList = insideList || container.includes('@list');
  const items: Item[] = [];
  for (const child of element) {
    if (inList && Array.isArray(child)) throw new Unsupported('a list of lists');
    const expanded = expandElement(builder, activeCtx, activeProperty, child, inList);
    if (expanded !== null) items.push(...expanded);
  }
  return items;
}

/** expand.js `_expandValue` then the literal or node reference toRdf.js makes of it. */
function expandValue(activeCtx: ActiveContext, activeProperty: string, value: unknown): Term {
  const expandedProperty = expandIri(activeCtx, activeProperty, VOCAB);
  if (expandedProperty === '@id' || expandedProperty === '@type' || expandedProperty === '@graph') {
    throw new Unsupported(`a scalar under ${expandedProperty}`);
  }
  const type: string | null = getContextValue(activeCtx, activeProperty, '@type');
  if ((type === '@id' || type === '@vocab') && typeof value === 'string') {
    const iri = expandIri(activeCtx, value, type === '@id' ? BASE : VOCAB_BASE);
    if (iri === null || !ABSOLUTE_IRI.test(iri)) throw new Unsupported('a relative or reserved IRI');
    return iri.startsWith('_:') ? blankReference() : { termType: 'NamedNode', value: iri };
  }
  if (isKeyword(expandedProperty)) throw new Unsupported('a keyword value');
  let datatype: string | null = null;
  let language: string | undefined;
  if (type && type !== '@id' && type !== '@vocab' && type !== '@none') {
    datatype = type;
  } else if (typeof value === 'string') {
    const defaultLanguage: string | null = getContextValue(activeCtx, activeProperty, '@language');
    if (defaultLanguage !== null) language = defaultLanguage;
    if (getContextValue(activeCtx, activeProperty, '@direction') !== null) throw new Unsupported('@direction');
  }
  return toLiteral(value, datatype, language);
}

function blankReference(): never {
  // A coerced "_:x" value must be the same blank node as a node labelled
  // "_:x"; not worth the bookkeeping for documents nobody issues.
  throw new Unsupported('a blank node reference by value');
}

/** expand.js `_expandLanguageMap` (without @direction). */
function expandLanguageMap(activeCtx: ActiveContext, map: Record<string, unknown>): Item[] {
  const items: Item[] = [];
  for (const key of Object.keys(map).sort()) {
    const expandedKey = expandIri(activeCtx, key, VOCAB);
    const values = Array.isArray(map[key]) ? (map[key] as unknown[]) : [map[key]];
    for (const value of values) {
      if (value === null) continue;
      if (typeof value !== 'string') throw new Unsupported('a language map value that is not a string');
      if (expandedKey === '@none') {
        items.push(toLiteral(value, null, undefined));
      } else {
        if (!REGEX_BCP47.test(key)) throw new Unsupported('an invalid language tag');
        items.push(toLiteral(value, null, key.toLowerCase()));
      }
    }
  }
  return items;
}

/** api.expand + `_expandObject` for an object, emitting the node's triples; returns its term. */
function expandObject(
  builder: Builder,
  activeContext: ActiveContext,
  activeProperty: string | null,
  element: Record<string, unknown>,
  insideList: boolean,
  /** The JSON text of the top-level `@context`, when the caller has it already. */
  contextKey?: string,
): Term {
  let activeCtx = activeContext;
  const expandedActiveProperty = activeProperty === null ? null : expandIri(activeCtx, activeProperty, VOCAB);
  if (expandedActiveProperty === '@reverse' || expandedActiveProperty === '@graph') throw new Unsupported(String(expandedActiveProperty));
  const propertyScopedCtx: unknown = activeProperty === null ? undefined : getContextValue(activeCtx, activeProperty, '@context');

  // Revert a type-scoped context, unless this is a value object or a subject reference.
  let typeScopedContext: ActiveContext | null = activeCtx.previousContext ? activeCtx : null;
  const keys = Object.keys(element).sort();
  let mustRevert = true;
  if (typeScopedContext && keys.length <= 2 && !keys.includes('@context')) {
    for (const key of keys) {
      const expandedProperty = expandIri(typeScopedContext, key, VOCAB);
      if (expandedProperty === '@value') {
        mustRevert = false;
        activeCtx = typeScopedContext;
        break;
      }
      if (expandedProperty === '@id' && keys.length === 1) {
        mustRevert = false;
        break;
      }
    }
  }
  // jsonld.js clones the previous context here; ours are never modified.
  if (mustRevert && activeCtx.previousContext) activeCtx = activeCtx.previousContext;

  if (propertyScopedCtx !== undefined) activeCtx = scopedContext(activeCtx, propertyScopedCtx, true, true);
  if ('@context' in element) activeCtx = documentContext(activeCtx, element['@context'], contextKey);

  typeScopedContext = activeCtx;
  let typeKey: string | null = null;
  for (const key of keys) {
    if (expandIri(activeCtx, key, VOCAB) !== '@type') continue;
    typeKey ??= key;
    const value = element[key];
    const types = Array.isArray(value) ? (value.length > 1 ? value.slice().sort() : value) : [value];
    for (const type of types) {
      if (typeof type !== 'string') throw new Unsupported('a @type that is not a string');
      const ctx: unknown = getContextValue(typeScopedContext, type, '@context');
      if (ctx !== undefined) activeCtx = scopedContext(activeCtx, ctx, false, false);
    }
  }

  if (typeKey !== null && element[typeKey]) {
    const value = element[typeKey];
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string' && expandIri(activeCtx, first, VOCAB) === '@json') throw new Unsupported('@json');
  }

  // _expandObject
  let id: string | undefined;
  const types: string[] = [];
  let hasValue = false;
  let rawValue: unknown;
  let language: string | undefined;
  const keywords = new Set<string>();
  const properties: [string, Item[]][] = [];
  const propertyKeys = new Set<string>();

  for (const key of keys) {
    if (key === '@context') continue;
    const value = element[key];
    const expandedProperty = expandIri(activeCtx, key, VOCAB);
    if (expandedProperty === null || !(ABSOLUTE_IRI.test(expandedProperty) || isKeyword(expandedProperty))) {
      throw new Unsupported(`the property ${key} does not expand to an absolute IRI`);
    }
    if (isKeyword(expandedProperty)) {
      if (keywords.has(expandedProperty) && expandedProperty !== '@type') throw new Unsupported('colliding keywords');
      switch (expandedProperty) {
        case '@id': {
          if (typeof value !== 'string') throw new Unsupported('@id is not a string');
          const iri = expandIri(activeCtx, value, BASE);
          if (iri === null || !ABSOLUTE_IRI.test(iri)) throw new Unsupported('a relative or reserved @id');
          id = iri;
          keywords.add('@id');
          continue;
        }
        case '@type': {
          const list = Array.isArray(value) ? value : [value];
          for (const type of list) {
            if (typeof type !== 'string') throw new Unsupported('a @type that is not a string');
            const iri = expandIri(typeScopedContext, type, VOCAB_BASE);
            if (iri === null || !ABSOLUTE_IRI.test(iri)) throw new Unsupported('a relative @type');
            types.push(iri);
          }
          if (list.length > 0) keywords.add('@type');
          continue;
        }
        case '@value': {
          if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
            throw new Unsupported('a @value that is null, an object or an array');
          }
          hasValue = true;
          rawValue = value;
          keywords.add('@value');
          continue;
        }
        case '@language': {
          if (value === null) continue;
          if (typeof value !== 'string') throw new Unsupported('@language is not a string');
          const tag = value.toLowerCase();
          if (!REGEX_BCP47.test(tag)) throw new Unsupported('an invalid language tag');
          language = tag;
          keywords.add('@language');
          continue;
        }
        default:
          throw new Unsupported(`the keyword ${expandedProperty}`);
      }
    }

    let termCtx = activeCtx;
    const ctx: unknown = getContextValue(activeCtx, key, '@context');
    if (ctx !== undefined) termCtx = scopedContext(activeCtx, ctx, true, true);
    if (activeCtx.mappings.get(key)?.reverse || termCtx.mappings.get(key)?.reverse) throw new Unsupported('a reverse property');
    const container: string[] = getContextValue(activeCtx, key, '@container') || [];
    for (const kind of container) {
      if (kind !== '@language' && kind !== '@set' && kind !== '@list') throw new Unsupported(`a ${kind} container`);
    }

    let items: Item[] | null;
    if (container.includes('@language') && isObject(value)) {
      if (getContextValue(termCtx, key, '@direction')) throw new Unsupported('@direction');
      items = expandLanguageMap(termCtx, value);
    } else {
      if (getContextValue(activeCtx, key, '@type') === '@json') throw new Unsupported('@json');
      items = expandElement(builder, termCtx, key, value, false);
    }
    if (items === null) continue;
    if (container.includes('@list')) items = [{ list: items }];
    if (expandedProperty.startsWith('_:')) throw new Unsupported('a blank node predicate');
    properties.push([expandedProperty, items]);
    propertyKeys.add(expandedProperty);
  }

  const count = keywords.size + propertyKeys.size;
  if (hasValue) {
    // A value object: only @value, @type (one absolute IRI) or @language.
    if (count !== 1 + (types.length > 0 ? 1 : 0) + (language !== undefined ? 1 : 0)) {
      throw new Unsupported('a value object with other entries');
    }
    if (types.length > 0 && language !== undefined) throw new Unsupported('a value object with @type and @language');
    if (types.length > 1) throw new Unsupported('a value object with several types');
    if (language !== undefined && typeof rawValue !== 'string') throw new Unsupported('a language-tagged non-string');
    const datatype = types[0] ?? null;
    if (datatype !== null && datatype.startsWith('_:')) throw new Unsupported('a blank node datatype');
    if (activeProperty === null && !insideList) throw new Unsupported('a top-level value object');
    return toLiteral(rawValue, datatype, language);
  }
  if (language !== undefined) throw new Unsupported('@language in a node object');
  if (activeProperty === null && !insideList && (count === 0 || (count === 1 && id !== undefined))) {
    throw new Unsupported('an empty top-level object');
  }

  const subject = id === undefined ? builder.blank() : builder.node(id);
  // A new blank node's triples all come from here: with one value per
  // property (the usual case) none can repeat, and the bookkeeping of
  // repeats is left to nodes with an id (which may be met again) and to
  // properties with several values.
  const single = id === undefined && propertyKeys.size === properties.length && new Set(types).size === types.length;
  for (const type of types) {
    if (single) builder.push(subject, RDF_TYPE, builder.node(type));
    else builder.add(subject, RDF_TYPE, builder.node(type));
  }
  for (const [property, items] of properties) {
    const predicate: Term = { termType: 'NamedNode', value: property };
    if (single && items.length === 1) builder.pushItem(subject, predicate, items[0] as Item);
    else for (const item of items) builder.addItem(subject, predicate, item);
  }
  return subject;
}
