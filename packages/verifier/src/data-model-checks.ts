import { matchesPublishedDigest, type DigestAlgorithm } from '@microcred/securing';
import { statusEntryIssues } from '@microcred/status-list';

/*
 * The rules of the W3C Verifiable Credentials Data Model that a proof cannot enforce: a signature
 * over a malformed credential is still a good signature, and JSON-LD expansion accepts much that the
 * data model forbids (an empty subject, a schema with no type, two related resources with one id).
 * The verifier fails the format check on any of these, and the issuer refuses to sign them, so that
 * nobody ever holds a credential that another verifier would reject.
 */

export interface DataModelIssue {
  /** Where, as a path into the credential (`credentialSchema[1].type`). */
  path: string;
  message: string;
}

type Json = Record<string, unknown>;

export const CREDENTIALS_V1 = 'https://www.w3.org/2018/credentials/v1';
export const CREDENTIALS_V2 = 'https://www.w3.org/ns/credentials/v2';

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A URL as §4.4 Identifiers means it: an absolute URL (a scheme, no spaces), `did:` and `urn:` included. */
export function isUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** A property that may be one object or a set of them, as a list with the path of each. */
function entries(credential: Json, property: string): { path: string; value: unknown }[] {
  const value = credential[property];
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map((item, i) => ({ path: `${property}[${i}]`, value: item }));
  return [{ path: property, value }];
}

function hasType(value: Json): boolean {
  const type = value.type;
  if (typeof type === 'string') return type !== '';
  return Array.isArray(type) && type.length > 0 && type.every((t) => typeof t === 'string' && t !== '');
}

/** Each entry an object with a `type` (and, where `idRequired`, an `id` that is a URL). */
function typedObjects(credential: Json, property: string, what: string, issues: DataModelIssue[], idRequired = false): void {
  const list = entries(credential, property);
  if (Array.isArray(credential[property]) && list.length === 0) issues.push({ path: property, message: `must hold at least one ${what}` });
  for (const { path, value } of list) {
    if (!isObject(value)) {
      issues.push({ path, message: `must be an object describing a ${what}` });
      continue;
    }
    if (!hasType(value)) issues.push({ path: `${path}.type`, message: `is required: every ${what} says its type` });
    if (value.id !== undefined || idRequired) {
      if (!isUrl(value.id)) issues.push({ path: `${path}.id`, message: idRequired ? 'is required and must be a URL' : 'must be a single URL' });
    }
  }
}

const SRI = /^(sha256|sha384|sha512)-([A-Za-z0-9+/_-]+={0,2})$/;
const LENGTHS: Record<DigestAlgorithm, number> = { sha256: 32, sha384: 48, sha512: 64 };
/** Multihash codes (https://github.com/multiformats/multicodec) of the digests Subresource Integrity knows. */
const MULTIHASH: Record<number, DigestAlgorithm> = { 0x12: 'sha256', 0x20: 'sha384', 0x13: 'sha512' };
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58(text: string): Uint8Array | undefined {
  let value = 0n;
  for (const char of text) {
    const digit = BASE58.indexOf(char);
    if (digit < 0) return undefined;
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value % 256n));
    value /= 256n;
  }
  for (const char of text) {
    if (char !== '1') break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

/** `sha384-<base64>` → the algorithm and the digest, or why it cannot be read. */
export function readDigestSri(value: unknown): { algorithm: DigestAlgorithm; digest: Uint8Array } | string {
  const match = typeof value === 'string' ? SRI.exec(value) : null;
  if (!match) return 'must be a Subresource Integrity value: sha256-, sha384- or sha512- and the base64 digest';
  const algorithm = match[1] as DigestAlgorithm;
  const digest = Buffer.from(match[2] as string, match[2]!.includes('-') || match[2]!.includes('_') ? 'base64url' : 'base64');
  if (digest.length !== LENGTHS[algorithm]) return `holds ${digest.length} bytes, not the ${LENGTHS[algorithm]} of a ${algorithm} digest`;
  return { algorithm, digest };
}

/**
 * A multibase digest (`u` base64url or `z` base58btc): a multihash, or (as many issuers write it)
 * the bare SHA-256 digest.
 */
export function readDigestMultibase(value: unknown): { algorithm: DigestAlgorithm; digest: Uint8Array } | string {
  if (typeof value !== 'string' || value.length < 2) return 'must be a multibase value (u... or z...)';
  const body = value.slice(1);
  let bytes: Uint8Array | undefined;
  if (value[0] === 'u' && /^[A-Za-z0-9_-]+$/.test(body)) bytes = Buffer.from(body, 'base64url');
  else if (value[0] === 'z') bytes = base58(body);
  if (!bytes) return 'must be a multibase value: base64url (u...) or base58btc (z...)';
  const coded = MULTIHASH[bytes[0] as number];
  if (coded && bytes[1] === LENGTHS[coded] && bytes.length === LENGTHS[coded] + 2) return { algorithm: coded, digest: bytes.slice(2) };
  const bare = (Object.keys(LENGTHS) as DigestAlgorithm[]).find((a) => LENGTHS[a] === bytes!.length);
  if (bare) return { algorithm: bare, digest: bytes };
  return `holds ${bytes.length} bytes, which is no SHA-2 digest or multihash`;
}

function checkRelatedResources(credential: Json, issues: DataModelIssue[]): void {
  const value = credential.relatedResource;
  if (value === undefined) return;
  const list = entries(credential, 'relatedResource');
  if (list.length === 0) issues.push({ path: 'relatedResource', message: 'must hold at least one related resource' });
  const seen = new Set<string>();
  for (const { path, value: entry } of list) {
    if (!isObject(entry)) {
      issues.push({ path, message: 'must be an object with the id of the resource and its digest' });
      continue;
    }
    if (!isUrl(entry.id)) issues.push({ path: `${path}.id`, message: 'is required and must be a URL' });
    else if (seen.has(entry.id)) issues.push({ path: `${path}.id`, message: `names ${entry.id} again: each related resource is listed once` });
    else seen.add(entry.id);
    if (entry.digestSRI === undefined && entry.digestMultibase === undefined) {
      issues.push({ path, message: 'needs a digestSRI or a digestMultibase: without one, nobody can tell whether the resource changed' });
    }
    if (entry.mediaType !== undefined && (typeof entry.mediaType !== 'string' || !/^[\w!#$&^.+-]+\/[\w!#$&^.+-]+/.test(entry.mediaType))) {
      issues.push({ path: `${path}.mediaType`, message: 'must be a media type (type/subtype)' });
    }
    for (const [key, read] of [['digestSRI', readDigestSri], ['digestMultibase', readDigestMultibase]] as const) {
      if (entry[key] === undefined) continue;
      const parsed = read(entry[key]);
      if (typeof parsed === 'string') {
        issues.push({ path: `${path}.${key}`, message: parsed });
        continue;
      }
      // Only resources whose published bytes we know (the bundled contexts) are checked: nothing is fetched.
      if (typeof entry.id === 'string' && matchesPublishedDigest(entry.id, parsed.algorithm, parsed.digest) === false) {
        issues.push({ path: `${path}.${key}`, message: `does not match the ${parsed.algorithm} digest its publisher gives for ${entry.id}: the resource is not the one the issuer meant` });
      }
    }
  }
}

function checkContext(credential: Json, issues: DataModelIssue[]): string | undefined {
  const context = credential['@context'];
  const list = Array.isArray(context) ? context : context === undefined ? [] : [context];
  const first = list[0];
  if (first !== CREDENTIALS_V2 && first !== CREDENTIALS_V1) {
    issues.push({ path: '@context', message: `must start with ${CREDENTIALS_V2} (or ${CREDENTIALS_V1} for a version 1.1 credential)` });
    return undefined;
  }
  list.slice(1).forEach((item, i) => {
    if (typeof item !== 'string' && !isObject(item)) issues.push({ path: `@context[${i + 1}]`, message: 'must be a URL or a context object' });
  });
  return first;
}

function checkSubjects(credential: Json, issues: DataModelIssue[]): void {
  const subject = credential.credentialSubject;
  if (subject === undefined) {
    issues.push({ path: 'credentialSubject', message: 'is required: the claims the credential makes' });
    return;
  }
  const list = entries(credential, 'credentialSubject');
  if (list.length === 0) issues.push({ path: 'credentialSubject', message: 'must hold at least one subject' });
  for (const { path, value } of list) {
    if (!isObject(value)) {
      issues.push({ path, message: 'must be an object (the subject\'s id and the claims about it)' });
      continue;
    }
    if (Object.keys(value).length === 0) issues.push({ path, message: 'makes no claim: a subject needs an id or a claim' });
    if (value.id !== undefined && !isUrl(value.id)) issues.push({ path: `${path}.id`, message: 'must be a single URL' });
  }
}

/**
 * Every rule of the data model this verifier knows that the credential breaks; none for a
 * well-formed credential. Reads `credential` only.
 */
export function checkCredentialDataModel(credential: unknown): DataModelIssue[] {
  if (!isObject(credential)) return [{ path: '', message: 'a credential is a JSON object' }];
  const issues: DataModelIssue[] = [];
  const version = checkContext(credential, issues);
  if (credential.id !== undefined && !isUrl(credential.id)) issues.push({ path: 'id', message: 'must be a single URL' });
  const types = Array.isArray(credential.type) ? credential.type : [credential.type];
  if (!types.includes('VerifiableCredential')) issues.push({ path: 'type', message: 'must include "VerifiableCredential"' });
  else if (!types.every((t) => typeof t === 'string' && t !== '')) issues.push({ path: 'type', message: 'must be a list of type names' });
  const issuer = credential.issuer;
  if (issuer === undefined) issues.push({ path: 'issuer', message: 'is required' });
  else if (isObject(issuer) ? !isUrl(issuer.id) : !isUrl(issuer)) issues.push({ path: isObject(issuer) ? 'issuer.id' : 'issuer', message: 'must be a URL' });
  checkSubjects(credential, issues);
  if (version === CREDENTIALS_V2) {
    const from = credential.validFrom;
    const until = credential.validUntil;
    if (typeof from === 'string' && typeof until === 'string' && Date.parse(until) < Date.parse(from)) {
      issues.push({ path: 'validUntil', message: 'is before validFrom: the credential would never be valid' });
    }
  }
  typedObjects(credential, 'credentialStatus', 'status entry', issues);
  checkStatusEntries(credential, issues);
  typedObjects(credential, 'credentialSchema', 'schema', issues, true);
  typedObjects(credential, 'refreshService', 'refresh service', issues);
  typedObjects(credential, 'termsOfUse', 'terms-of-use policy', issues);
  typedObjects(credential, 'evidence', 'piece of evidence', issues);
  checkRelatedResources(credential, issues);
  return issues;
}

/**
 * Bitstring Status List entries' optional members (statusSize, statusMessage, statusReference): an
 * entry of more than one bit must list one message per possible value, so that the holder knows,
 * from the credential alone, everything its status may come to say.
 */
function checkStatusEntries(credential: Json, issues: DataModelIssue[]): void {
  for (const { path, value } of entries(credential, 'credentialStatus')) {
    if (!isObject(value) || value.type !== 'BitstringStatusListEntry') continue;
    for (const issue of statusEntryIssues(value)) issues.push({ path: issue.path ? `${path}.${issue.path}` : path, message: issue.message });
  }
}

/**
 * An `EnvelopedVerifiableCredential` / `EnvelopedVerifiablePresentation` (§4.13): the base context
 * that defines its terms, a `data:` URL holding the secured document, and its type.
 */
export function checkEnvelope(envelope: unknown, kind: 'credential' | 'presentation'): DataModelIssue[] {
  if (!isObject(envelope)) return [{ path: '', message: 'an envelope is a JSON object' }];
  const issues: DataModelIssue[] = [];
  const context = envelope['@context'];
  const list = Array.isArray(context) ? context : context === undefined ? [] : [context];
  if (list[0] !== CREDENTIALS_V2) issues.push({ path: '@context', message: `must start with ${CREDENTIALS_V2}, which defines the envelope's terms` });
  const type = kind === 'credential' ? 'EnvelopedVerifiableCredential' : 'EnvelopedVerifiablePresentation';
  const types = Array.isArray(envelope.type) ? envelope.type : [envelope.type];
  if (!types.includes(type)) issues.push({ path: 'type', message: `must be "${type}"` });
  if (typeof envelope.id !== 'string' || !envelope.id.startsWith('data:')) issues.push({ path: 'id', message: 'must be a data: URL holding the secured document' });
  return issues;
}

/** The issues in words, for a report or a problem's detail. */
export function describeIssues(issues: DataModelIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path} ${i.message}` : i.message)).join('; ');
}
