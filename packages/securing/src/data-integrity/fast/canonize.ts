import * as nodeCrypto from 'node:crypto';
import { createRequire } from 'node:module';
import * as rdfCanonize from 'rdf-canonize';
import { ContextMiss } from './active-contexts.ts';
import { toQuads, type Quad, type Term } from './to-rdf.ts';

/** RDFC-1.0 hash algorithm: sha256, or sha384 for ecdsa-rdfc-2019 with P-384 (what that cryptosuite asks rdf-canonize for). */
export type CanonizeDigest = 'sha256' | 'sha384';

const require = createRequire(import.meta.url);

interface Issuer {
  prefix: string;
  clone(): Issuer;
  getId(old: string): string;
  hasId(old: string): boolean;
  getOldIds(): string[];
}
interface Permutations {
  hasNext(): boolean;
  next(): string[];
}
// rdf-canonize's own identifier issuer and Steinhaus-Johnson-Trotter permuter: the same issuing and the same order.
const IdentifierIssuer = require('rdf-canonize/lib/IdentifierIssuer.js') as new (prefix: string) => Issuer;
const Permuter = require('rdf-canonize/lib/Permuter.js') as new (list: string[]) => Permutations;

/** At most this many contexts are processed for one document before it is left to jsonld.js. */
const MAX_CONTEXT_MISSES = 64;

/**
 * The canonical N-Quads (RDFC-1.0) of a JSON-LD document, as
 * `jsonld.canonize(document, {algorithm: 'RDFC-1.0', base: null, safe: true})`
 * gives them with the bundled contexts, or undefined when the fast path does
 * not handle the document (then use jsonld.js, which also gives the errors).
 */
export async function canonizeFast(
  document: unknown,
  digest: CanonizeDigest = 'sha256',
  /** JSON.stringify of the document's `@context`, when the caller has it (a proof and its document share it). */
  contextKey?: string,
): Promise<string | undefined> {
  for (let attempt = 0; attempt <= MAX_CONTEXT_MISSES; attempt++) {
    let quads: Quad[];
    try {
      quads = toQuads(document, contextKey);
    } catch (error) {
      if (!(error instanceof ContextMiss)) return undefined;
      try {
        await error.load();
      } catch {
        return undefined;
      }
      continue;
    }
    return canonicalNQuads(quads, digest);
  }
  return undefined;
}

// rdf-canonize NQuads.js escaping, so that our lines are byte for byte its lines.
const LITERAL_ESCAPE = /[\u0000-\u001F\u007F"\\]/;
const LITERAL_ESCAPE_ALL = /[\u0000-\u001F\u007F"\\]/g;
const IRI_ESCAPE = /[\u0000-\u0020<>"{}|^`\\]/;
const IRI_ESCAPE_ALL = /[\u0000-\u0020<>"{}|^`\\]/g;
const uchar = (c: string) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
const ECHAR: Record<string, string> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };
const escapeLiteral = (s: string) => (LITERAL_ESCAPE.test(s) ? s.replace(LITERAL_ESCAPE_ALL, (c) => ECHAR[c] ?? uchar(c)) : s);
const escapeIri = (s: string) => (IRI_ESCAPE.test(s) ? s.replace(IRI_ESCAPE_ALL, uchar) : s);

const RDF_LANGSTRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

function serializeTerm(term: Term): string {
  if (term.termType === 'NamedNode') return `<${escapeIri(term.value)}>`;
  if (term.termType === 'BlankNode') return `_:${term.value}`;
  let text = `"${escapeLiteral(term.value)}"`;
  if (term.datatype.value === RDF_LANGSTRING) {
    if (term.language) text += `@${term.language}`;
  } else if (term.datatype.value !== XSD_STRING) {
    text += `^^<${escapeIri(term.datatype.value)}>`;
  }
  return text;
}

/** A quad pre-serialized around its blank nodes (all our quads are in the default graph). */
interface Line {
  subject: string;
  /** The subject's blank node label, or null. */
  subjectBlank: string | null;
  /** ` <predicate> ` */
  middle: string;
  predicate: string;
  object: string;
  objectBlank: string | null;
}

const render = (line: Line, label: (blank: string) => string) =>
  `${line.subjectBlank === null ? line.subject : `_:${label(line.subjectBlank)}`}${line.middle}${
    line.objectBlank === null ? line.object : `_:${label(line.objectBlank)}`
  } .\n`;

class DeepIterationsExceeded extends Error {}

/**
 * RDFC-1.0 (rdf-canonize 5's RDFC10, synchronously, on pre-serialized quads)
 * over a dataset in the default graph. The output, like rdf-canonize's, is
 * the quads with canonical labels, each serialized, sorted in JavaScript's
 * default (UTF-16) order and joined. Where rdf-canonize would stop (more
 * N-degree iterations than its default work factor allows) rdf-canonize
 * itself is called, for the same error.
 */
export async function canonicalNQuads(quads: Quad[], digest: CanonizeDigest = 'sha256'): Promise<string> {
  try {
    return canonicalNQuadsSync(quads, digest);
  } catch (error) {
    if (!(error instanceof DeepIterationsExceeded)) throw error;
    return (await rdfCanonize.canonize(quads, {
      algorithm: 'RDFC-1.0',
      format: 'application/n-quads',
      messageDigestAlgorithm: digest,
    })) as string;
  }
}

// crypto.hash (Node 20.12+) is the one-shot digest: half the cost of createHash for short inputs.
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const hexDigest = (algorithm: CanonizeDigest, text: string): string =>
  oneShot ? oneShot(algorithm, text, 'hex') : nodeCrypto.createHash(algorithm).update(text, 'utf8').digest('hex');

function canonicalNQuadsSync(quads: Quad[], digest: CanonizeDigest): string {
  const hash = (text: string) => hexDigest(digest, text);
  const lines: Line[] = [];
  const byBlank = new Map<string, Line[]>();
  for (const quad of quads) {
    const line: Line = {
      subject: quad.subject.termType === 'BlankNode' ? '' : serializeTerm(quad.subject),
      subjectBlank: quad.subject.termType === 'BlankNode' ? quad.subject.value : null,
      middle: ` <${escapeIri(quad.predicate.value)}> `,
      predicate: quad.predicate.value,
      object: quad.object.termType === 'BlankNode' ? '' : serializeTerm(quad.object),
      objectBlank: quad.object.termType === 'BlankNode' ? quad.object.value : null,
    };
    lines.push(line);
    for (const blank of [line.subjectBlank, line.objectBlank]) {
      if (blank === null) continue;
      const list = byBlank.get(blank);
      if (!list) byBlank.set(blank, [line]);
      else if (list[list.length - 1] !== line) list.push(line);
    }
  }

  // 4.6 Hash First Degree Quads, for every blank node.
  const firstDegree = new Map<string, string>();
  const hashToBlanks = new Map<string, string[]>();
  for (const [blank, related] of byBlank) {
    const serialized = related.map((line) => render(line, (b) => (b === blank ? 'a' : 'z')));
    serialized.sort();
    const h = hash(serialized.join(''));
    firstDegree.set(blank, h);
    const list = hashToBlanks.get(h);
    if (list) list.push(blank);
    else hashToBlanks.set(h, [blank]);
  }

  const canonical = new IdentifierIssuer('c14n');
  const nonUnique: string[][] = [];
  for (const h of [...hashToBlanks.keys()].sort()) {
    const list = hashToBlanks.get(h) as string[];
    if (list.length > 1) nonUnique.push(list);
    else canonical.getId(list[0] as string);
  }

  if (nonUnique.length > 0) {
    // rdf-canonize's default maxWorkFactor 1: as many deep iterations as non-unique blank nodes.
    let remaining = nonUnique.reduce((count, list) => count + list.length, 0);

    const hashRelated = (related: string, line: Line, issuer: Issuer, position: 's' | 'o'): string => {
      const id = canonical.hasId(related)
        ? `_:${canonical.getId(related)}`
        : issuer.hasId(related)
          ? `_:${issuer.getId(related)}`
          : (firstDegree.get(related) as string);
      return hash(`${position}<${line.predicate}>${id}`);
    };

    // 4.8 Hash N-Degree Quads
    const hashNDegree = (id: string, pathIssuer: Issuer): { hash: string; issuer: Issuer } => {
      if (remaining === 0) throw new DeepIterationsExceeded();
      remaining--;
      let issuer = pathIssuer;
      const hashToRelated = new Map<string, string[]>();
      for (const line of byBlank.get(id) as Line[]) {
        for (const [blank, position] of [
          [line.subjectBlank, 's'],
          [line.objectBlank, 'o'],
        ] as const) {
          if (blank === null || blank === id) continue;
          const h = hashRelated(blank, line, issuer, position);
          const list = hashToRelated.get(h);
          if (list) list.push(blank);
          else hashToRelated.set(h, [blank]);
        }
      }
      const md = nodeCrypto.createHash(digest);
      for (const h of [...hashToRelated.keys()].sort()) {
        md.update(h, 'utf8');
        let chosenPath = '';
        let chosenIssuer: Issuer | undefined;
        const permuter = new Permuter(hashToRelated.get(h) as string[]);
        while (permuter.hasNext()) {
          const permutation = permuter.next();
          let issuerCopy = issuer.clone();
          let path = '';
          const recursion: string[] = [];
          let skip = false;
          for (const related of permutation) {
            if (canonical.hasId(related)) {
              path += `_:${canonical.getId(related)}`;
            } else {
              if (!issuerCopy.hasId(related)) recursion.push(related);
              path += `_:${issuerCopy.getId(related)}`;
            }
            if (chosenPath.length !== 0 && path > chosenPath) {
              skip = true;
              break;
            }
          }
          if (skip) continue;
          for (const related of recursion) {
            const result = hashNDegree(related, issuerCopy);
            path += `_:${issuerCopy.getId(related)}`;
            path += `<${result.hash}>`;
            issuerCopy = result.issuer;
            if (chosenPath.length !== 0 && path > chosenPath) {
              skip = true;
              break;
            }
          }
          if (skip) continue;
          if (chosenPath.length === 0 || path < chosenPath) {
            chosenPath = path;
            chosenIssuer = issuerCopy;
          }
        }
        md.update(chosenPath, 'utf8');
        issuer = chosenIssuer as Issuer;
      }
      return { hash: md.digest('hex'), issuer };
    };

    for (const list of nonUnique) {
      const results: { hash: string; issuer: Issuer }[] = [];
      for (const id of list) {
        if (canonical.hasId(id)) continue;
        const issuer = new IdentifierIssuer('b');
        issuer.getId(id);
        results.push(hashNDegree(id, issuer));
      }
      results.sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
      for (const result of results) for (const old of result.issuer.getOldIds()) canonical.getId(old);
    }
  }

  const label = (blank: string) => canonical.getId(blank);
  const output = lines.map((line) => render(line, label));
  output.sort();
  return output.join('');
}
