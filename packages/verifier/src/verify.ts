import { MICROCREDENTIAL_CONTEXT, OPEN_BADGE_ELM_CONTEXT, readMicroCredential, validateMicroCredentialInput, vocabulary } from '@microcred/model';
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  createDidResolver,
  createDocumentLoader,
  decodeJwtCredential,
  ErrorCodes,
  isEnvelope,
  isPresentationJwt,
  verifyPresentation,
  verifySecuredCredential,
  type DidResolver,
  type DocumentLoader,
  type ProofResult,
} from '@microcred/securing';
import { readStatus } from '@microcred/status-list';
import { labelOf, sortChecks, verdictOf, type Check, type VerificationReport } from './report.ts';
import { summarize } from './summary.ts';
import type { TrustList } from './trust.ts';
import { isJadesSeal, verifySealedCredential } from './verify-sealed.ts';
import { checkCredentialDataModel, checkEnvelope, CREDENTIALS_V1, describeIssues } from './data-model-checks.ts';

export type Json = Record<string, unknown>;

/** Where the verifier gets a status list credential (over HTTP, or straight from the issuer's store). */
export type StatusListSource = (url: string) => Promise<Json>;

export interface VerifyOptions {
  /** The moment to check the validity window against (default: now). */
  now?: Date;
  /** Issuers (DIDs) the user trusts. A genuine credential from anyone else is valid with a trust warning. */
  trustedIssuers?: Iterable<string>;
  /** The deployment's trust list (MICROCRED_TRUST_FILE): issuers with names, X.509 anchors. */
  trust?: TrustList;
  /** For a presentation: the challenge the verifier gave the holder, and the expected domain. */
  challenge?: string;
  domain?: string;
  documentLoader?: DocumentLoader;
  didResolver?: DidResolver;
  /** How to get status lists; without one, a credential with status entries cannot be fully checked. */
  statusLists?: StatusListSource;
  /** Language of the summary's words. */
  language?: string;
}

const STATUS_TYPES = new Set(['BitstringStatusListEntry', 'StatusList2021Entry']);

const ELM_NAMESPACE = vocabulary.ELM;
const MC_NAMESPACE = vocabulary.MC;
/** The inline contexts our renditions embed (the primary credential's, the Open Badge's). */
const PUBLISHED_INLINE_CONTEXTS: readonly unknown[] = [MICROCREDENTIAL_CONTEXT, OPEN_BADGE_ELM_CONTEXT];

/** Failures that say the check could not be made (a key or vocabulary out of reach), not that it failed. */
const CANNOT_CHECK = new Set(['ERR_CONTEXT_NOT_BUNDLED', 'ERR_DID_NOT_RESOLVED', 'ERR_DID_WEB_INSECURE', 'ERR_DID_METHOD_UNSUPPORTED']);

/** The credential a JWT holds, read without trusting it, so that a report can say what it claims. */
function jwtPayload(jwt: string): Json | undefined {
  try {
    return decodeJwtCredential(jwt).credential;
  } catch {
    // Not a credential JWT we can decode (or its claims contradict each other): its raw payload, if any.
  }
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Json) : undefined;
  } catch {
    return undefined;
  }
}

function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function issuerId(credential: Json): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  if (issuer && typeof issuer === 'object' && typeof (issuer as Json).id === 'string') return (issuer as Json).id as string;
  return undefined;
}

function dateText(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString().replace('T', ' ').replace(/:\d{2}(\.\d+)?Z$/, ' UTC');
}

/** Parses what a user hands in: a credential object, its JSON text, or a vc+jwt. */
function parseInput(input: unknown): { value: Json | string } | { error: string } {
  if (typeof input === 'string') {
    const text = input.trim();
    if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(text)) return { value: text };
    try {
      return parseInput(JSON.parse(text));
    } catch {
      return { error: 'The input is neither JSON nor a JWT.' };
    }
  }
  if (input && typeof input === 'object' && !Array.isArray(input)) return { value: input as Json };
  return { error: 'The input is not a credential: expected a JSON object or a JWT.' };
}

export function checkValidity(credential: Json, now: Date): Check {
  const from = (credential.validFrom ?? credential.issuanceDate) as string | undefined;
  const until = (credential.validUntil ?? credential.expirationDate) as string | undefined;
  if (from && Number.isNaN(Date.parse(from))) return { check: 'validity', status: 'fail', reason: `The start of validity "${from}" is not a date.` };
  if (until && Number.isNaN(Date.parse(until))) return { check: 'validity', status: 'fail', reason: `The end of validity "${until}" is not a date.` };
  if (from && Date.parse(from) > now.getTime()) {
    return { check: 'validity', status: 'fail', reason: `The credential is not valid before ${dateText(from)}.` };
  }
  if (until && Date.parse(until) < now.getTime()) {
    return { check: 'validity', status: 'fail', reason: `The credential expired on ${dateText(until)}.` };
  }
  return {
    check: 'validity',
    status: 'pass',
    reason: until ? `Valid from ${from ? dateText(from) : 'issue'} until ${dateText(until)}.` : `Valid since ${from ? dateText(from) : 'issue'}, with no end date.`,
  };
}

async function checkStatuses(credential: Json, issuer: string | undefined, options: VerifyOptions, proofOf: (list: Json) => Promise<ProofResult>): Promise<Check[]> {
  const entries = asArray(credential.credentialStatus as Json | Json[] | undefined);
  if (entries.length === 0) {
    const reason = 'The credential carries no status entry, so its issuer cannot revoke or suspend it online.';
    return [
      { check: 'revocation', status: 'not-applicable', reason },
      { check: 'suspension', status: 'not-applicable', reason },
    ];
  }
  const checks: Check[] = [];
  for (const purpose of ['revocation', 'suspension'] as const) {
    const matching = entries.filter((e) => e && typeof e === 'object' && e.statusPurpose === purpose);
    if (matching.length === 0) {
      checks.push({ check: purpose, status: 'not-applicable', reason: `The credential has no ${purpose} status entry.` });
      continue;
    }
    for (const entry of matching) checks.push(await checkOneStatus(entry, purpose, issuer, options, proofOf));
  }
  // A "message" entry says something about the credential in the issuer's own terms; only present where the issuer added one.
  for (const entry of entries.filter((e) => e && typeof e === 'object' && e.statusPurpose === 'message')) {
    checks.push(await checkMessageStatus(entry, issuer, options, proofOf));
  }
  for (const entry of entries) {
    if (!STATUS_TYPES.has(String(entry?.type))) {
      checks.push({ check: 'revocation', status: 'unknown', reason: `The status entry of type "${String(entry?.type)}" is of a kind this verifier does not read.` });
    }
  }
  return checks;
}

type StatusPurposeCheck = 'revocation' | 'suspension' | 'message';
const PURPOSE_WORDS: Record<StatusPurposeCheck, string> = { revocation: 'revocation status', suspension: 'suspension status', message: 'status message' };

/** The entry's list, fetched and checked (genuine, signed by the credential's issuer), or the check that says why not. */
async function statusListOf(
  entry: Json,
  purpose: StatusPurposeCheck,
  issuer: string | undefined,
  options: VerifyOptions,
  proofOf: (list: Json) => Promise<ProofResult>,
): Promise<{ list: Json } | { check: Check }> {
  const url = String(entry.statusListCredential ?? '');
  const what = PURPOSE_WORDS[purpose];
  const unknown = (reason: string) => ({ check: { check: purpose, status: 'unknown', reason } satisfies Check });
  if (!STATUS_TYPES.has(String(entry.type))) return unknown(`The ${what} is of type "${String(entry.type)}", which this verifier does not read.`);
  if (!options.statusLists) return unknown(`The ${what} list (${url}) could not be checked: this verifier has no way to fetch it.`);
  let list: Json;
  try {
    list = await options.statusLists(url);
  } catch (error) {
    return unknown(`The ${what} list could not be fetched from ${url}: ${(error as Error).message}`);
  }
  const proof = await proofOf(list);
  if (!proof.verified && !signedForIssuer(proof, issuer, options.trust)) {
    return unknown(`The ${what} list at ${url} is not genuinely signed, so the status could not be checked.`);
  }
  if (issuerId(list) !== issuer) {
    return unknown(`The ${what} list at ${url} was signed by ${issuerId(list)}, not by the credential's issuer, so it cannot say anything about this credential.`);
  }
  return { list };
}

async function checkOneStatus(
  entry: Json,
  purpose: 'revocation' | 'suspension',
  issuer: string | undefined,
  options: VerifyOptions,
  proofOf: (list: Json) => Promise<ProofResult>,
): Promise<Check> {
  const fetched = await statusListOf(entry, purpose, issuer, options, proofOf);
  if ('check' in fetched) return fetched.check;
  try {
    const { status: value } = await cachedReadStatus(entry, fetched.list);
    if (value === 0) return { check: purpose, status: 'pass', reason: purpose === 'revocation' ? 'The issuer has not revoked the credential.' : 'The issuer has not suspended the credential.' };
    return {
      check: purpose,
      status: 'fail',
      reason: purpose === 'revocation' ? 'The issuer has revoked (withdrawn) the credential.' : 'The issuer has suspended the credential.',
    };
  } catch (error) {
    return { check: purpose, status: 'unknown', reason: `The ${purpose} status could not be read: ${(error as Error).message}` };
  }
}

/**
 * A `message` entry: the issuer committed, when it issued the credential, to a set of messages
 * (statusMessage, one per value) and may have said where they are explained (statusReference).
 * The value neither revokes nor suspends anything, so it never makes the credential invalid: 0
 * (the value every entry starts with) passes, any other value is shown as something to look at.
 */
async function checkMessageStatus(
  entry: Json,
  issuer: string | undefined,
  options: VerifyOptions,
  proofOf: (list: Json) => Promise<ProofResult>,
): Promise<Check> {
  const fetched = await statusListOf(entry, 'message', issuer, options, proofOf);
  if ('check' in fetched) return fetched.check;
  let result: Awaited<ReturnType<typeof readStatus>>;
  try {
    result = await cachedReadStatus(entry, fetched.list);
  } catch (error) {
    return { check: 'message', status: 'unknown', reason: `The status message could not be read: ${(error as Error).message}` };
  }
  const value = `0x${result.status.toString(16)}`;
  const said = result.message === undefined ? `value ${value}, for which it gave no message` : `"${result.message}" (value ${value})`;
  const references = result.statusReference ?? [];
  const explained = references.length > 0 ? ` The issuer explains its messages at ${references.join(' and ')}.` : '';
  const statusMessage: NonNullable<Check['statusMessage']> = {
    value,
    ...(result.message === undefined ? {} : { message: result.message }),
    ...(references.length > 0 ? { statusReference: references } : {}),
  };
  if (result.status === 0) {
    return { check: 'message', status: 'pass', reason: `The issuer's status message for this credential is ${said}, the value it starts with.${explained}`, statusMessage };
  }
  return {
    check: 'message',
    status: 'warn',
    reason: `The issuer has set the status message ${said} on this credential: what it means is the issuer's to say; it does not revoke or suspend the credential.${explained}`,
    statusMessage,
  };
}

/**
 * A Data Integrity proof signs the credential's meaning (its RDF graph), not the text of an inline
 * context, so an edit of the embedded micro-credential vocabulary that leaves the meaning alone (say
 * `@protected: false`) would still verify. Our credentials embed exactly the published vocabulary:
 * anything else was changed after issuing.
 */
function checkEmbeddedVocabulary(credential: Json): Check | undefined {
  const types = asArray(credential.type as string | string[] | undefined);
  const inline = asArray(credential['@context'] as unknown).filter((c): c is Json => c !== null && typeof c === 'object' && !Array.isArray(c));
  // An inline context that names our vocabularies (either marker: one edit cannot remove both) claims to be
  // one we published; a micro-credential's inline contexts must all be.
  const claimsOurs = (c: Json) => c.elm === ELM_NAMESPACE || c.mc === MC_NAMESPACE;
  const mustBePublished = types.includes('MicroCredential') ? inline : inline.filter(claimsOurs);
  if (mustBePublished.every((c) => PUBLISHED_INLINE_CONTEXTS.some((published) => isDeepStrictEqual(c, published)))) return undefined;
  return {
    check: 'format',
    status: 'fail',
    reason: 'The micro-credential vocabulary embedded in the credential differs from the published one: it was changed after issuing.',
  };
}

function checkProfile(credential: Json): Check {
  const types = asArray(credential.type as string | string[] | undefined);
  if (!types.includes('MicroCredential')) {
    return { check: 'profile', status: 'not-applicable', reason: 'The credential does not claim to be an EU micro-credential.' };
  }
  const result = validateMicroCredentialInput(readMicroCredential(credential));
  if (result.ok) return { check: 'profile', status: 'pass', reason: 'It carries every mandatory element of an EU micro-credential (Council Recommendation 2022, Annex I).' };
  const missing = result.issues.map((i) => i.path || 'the whole credential');
  return {
    check: 'profile',
    status: 'warn',
    reason: `It claims to be an EU micro-credential but lacks or misstates these mandatory elements: ${[...new Set(missing)].join(', ')}.`,
  };
}

/**
 * Checks a credential the way an employer relies on: genuine (proof and issuer), current (validity
 * window), not revoked or suspended, issuer trusted, and complete as an EU micro-credential. Never
 * says "valid" when something could not be checked: that is "indeterminate".
 */
export async function verify(input: unknown, options: VerifyOptions = {}): Promise<VerificationReport> {
  const didResolver = options.didResolver ?? createDidResolver();
  const documentLoader = options.documentLoader ?? createDocumentLoader({ didResolver });
  const resolved = { ...options, didResolver, documentLoader };
  const parsed = parseInput(input);
  if (!('error' in parsed) && isPresentation(parsed.value)) {
    return verifyPresentationReport(parsed.value, resolved);
  }
  if (!('error' in parsed) && typeof parsed.value === 'object' && isJadesSeal(parsed.value)) {
    return verifySealedCredential(parsed.value, resolved);
  }
  return verifyCredentialReport(input, resolved);
}

/** A presentation: with an embedded proof, enveloped (a data: URL of a vp+jwt), or the vp+jwt itself. */
export function isPresentation(value: unknown): boolean {
  if (typeof value === 'string') return isPresentationJwt(value.trim());
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  return asArray((value as Json).type as string | string[] | undefined).includes('VerifiablePresentation') || isEnvelope(value, 'presentation');
}

type Resolved = VerifyOptions & { didResolver: DidResolver; documentLoader: DocumentLoader };

/** SHA-256 of a list credential's JSON, once per object (a verification hands the same object to both caches). */
const fingerprints = new WeakMap<object, string>();
function fingerprint(list: Json): string {
  let key = fingerprints.get(list);
  if (key === undefined) {
    key = createHash('sha256').update(JSON.stringify(list)).digest('base64url');
    fingerprints.set(list, key);
  }
  return key;
}

/**
 * Genuine status list credentials, by content, per document loader: every
 * credential of an issuer points to the same two lists, so their proofs are
 * checked once per list version rather than twice per verification. Only a
 * success is kept, and for a minute at most (a DID document may change).
 */
const LIST_PROOF_TTL_MS = 60_000;
const MAX_LIST_PROOFS = 1_000;
const listProofs = new WeakMap<DocumentLoader, Map<string, { until: number; result: ProofResult }>>();

async function listProof(list: Json, loader: DocumentLoader, proofOf: (list: Json) => Promise<ProofResult>): Promise<ProofResult> {
  let cache = listProofs.get(loader);
  if (!cache) {
    cache = new Map();
    listProofs.set(loader, cache);
  }
  const key = fingerprint(list);
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.result;
  const result = await proofOf(list);
  if (result.verified) {
    if (cache.size >= MAX_LIST_PROOFS) cache.delete(cache.keys().next().value as string);
    cache.set(key, { until: now + LIST_PROOF_TTL_MS, result });
  } else {
    cache.delete(key);
  }
  return result;
}

/**
 * readStatus results by (list content, entry): readStatus depends on nothing
 * else, and decompressing the list for every read was a tenth of a
 * verification. A changed list is another list version, so another key.
 * Errors are not kept.
 */
const MAX_STATUS_READS = 10_000;
const statusReads = new Map<string, Awaited<ReturnType<typeof readStatus>>>();

async function cachedReadStatus(entry: Json, list: Json): Promise<Awaited<ReturnType<typeof readStatus>>> {
  const key = `${fingerprint(list)}\u0000${JSON.stringify(entry)}`;
  const hit = statusReads.get(key);
  if (hit) return hit;
  const result = await readStatus(entry, list);
  if (statusReads.size >= MAX_STATUS_READS) statusReads.delete(statusReads.keys().next().value as string);
  statusReads.set(key, result);
  return result;
}

/** Presentation errors that say it could not be read (shape, envelope, media type), not that its proof failed. */
const UNREADABLE = new Set<string>([ErrorCodes.CREDENTIAL_INVALID, ErrorCodes.UNKNOWN_FORMAT]);

/**
 * A presentation is genuine when the holder's proof is (bound to the verifier's challenge and domain);
 * its verdict is the worst of that and of each credential it carries, each with its own report. The
 * same for a presentation secured as a JWT (enveloped or bare): the holder's JWT, with its `nonce` for
 * the challenge and its `aud` for the domain, is its proof.
 */
async function verifyPresentationReport(input: Json | string, options: Resolved): Promise<VerificationReport> {
  const now = options.now ?? new Date();
  const result = await verifyPresentation(input, {
    challenge: options.challenge,
    domain: options.domain,
    documentLoader: options.documentLoader,
    didResolver: options.didResolver,
    now,
  });
  const presentation = result.presentation;
  const credentials = await Promise.all(
    asArray(presentation?.verifiableCredential as unknown).map((credential) => verifyCredentialReport(credential, options)),
  );
  const envelopeIssues = typeof input === 'object' && isEnvelope(input, 'presentation') ? checkEnvelope(input, 'presentation') : [];
  const unreadable = result.errors.filter((e) => UNREADABLE.has(e.code));
  const proofErrors = result.errors.filter((e) => !UNREADABLE.has(e.code));
  const jwt = result.format === 'jwt' ? ', secured as a JWT (vp+jwt)' : '';
  const checks: Check[] = [];
  if (envelopeIssues.length > 0) {
    checks.push({ check: 'format', status: 'fail', reason: `The presentation's envelope breaks the W3C Verifiable Credentials data model: ${describeIssues(envelopeIssues)}.` });
  }
  if (unreadable.length > 0) {
    checks.push({ check: 'format', status: 'fail', reason: `The presentation cannot be read: ${unreadable.map((e) => e.message).join(' ')}` });
  } else {
    if (envelopeIssues.length === 0) {
      checks.push({ check: 'format', status: 'pass', reason: `A Verifiable Presentation holding ${credentials.length} credential${credentials.length === 1 ? '' : 's'}${jwt}.` });
    }
    checks.push(
      proofErrors.length === 0
        ? { check: 'proof', status: 'pass', reason: `The holder${result.holder ? ` ${result.holder}` : ''} signed the presentation for this verifier (challenge${options.domain ? ' and domain' : ''} match).` }
        : proofErrors.every((e) => CANNOT_CHECK.has(e.code))
          ? { check: 'proof', status: 'unknown', reason: `The holder's signature could not be checked: ${proofErrors.map((e) => e.message).join(' ')}` }
          : { check: 'proof', status: 'fail', reason: `The presentation's own proof does not hold: ${proofErrors.map((e) => e.message).join(' ')}` },
    );
  }
  // A presentation may carry no credential at all (VC Data Model 2.0 §4.13): the holder proves who they are.
  if (credentials.length === 0 && presentation && unreadable.length === 0) checks.push({ check: 'format', status: 'warn', reason: 'The presentation carries no credential: it only proves who the holder is.' });
  const own = sortChecks(checks);
  const verdicts = [verdictOf(own), ...credentials.map((c) => c.verdict)];
  const verdict = verdicts.includes('invalid') ? 'invalid' : verdicts.includes('indeterminate') ? 'indeterminate' : 'valid';
  const worst = credentials.find((c) => c.verdict === verdict);
  const label = verdictOf(own) === 'invalid' ? 'Not genuine' : (worst?.label ?? labelOf(own));
  return {
    verdict,
    label,
    headline: verdictOf(own) === 'invalid' ? 'The presentation is not genuine: do not rely on it.' : (worst?.headline ?? headline(label, own)),
    checks: own,
    format: 'presentation',
    holder: result.holder,
    credentials,
    checkedAt: now.toISOString(),
  };
}

async function verifyCredentialReport(input: unknown, options: Resolved): Promise<VerificationReport> {
  const now = options.now ?? new Date();
  const { didResolver, documentLoader } = options;
  const checks: Check[] = [];
  const finish = (extra: Partial<VerificationReport> = {}): VerificationReport => {
    const sorted = sortChecks(checks);
    const verdict = verdictOf(sorted);
    const label = labelOf(sorted);
    return { verdict, label, headline: headline(label, sorted), checks: sorted, checkedAt: now.toISOString(), ...extra };
  };

  const parsed = parseInput(input);
  if ('error' in parsed) {
    checks.push({ check: 'format', status: 'fail', reason: parsed.error });
    return finish();
  }
  const proofOf = (value: Json | string) => verifySecuredCredential(value, { documentLoader, didResolver });
  const proof = await proofOf(parsed.value);
  const credential = proof.credential ?? (typeof parsed.value === 'object' ? parsed.value : jwtPayload(parsed.value));
  if (!credential) {
    checks.push({ check: 'format', status: 'fail', reason: proof.errors[0]?.message ?? 'The input is not a verifiable credential.' });
    return finish();
  }
  const enveloped = typeof parsed.value === 'object' && asArray(parsed.value.type as string | string[] | undefined).includes('EnvelopedVerifiableCredential');
  const modelIssues = [...(enveloped ? checkEnvelope(parsed.value, 'credential') : []), ...checkCredentialDataModel(credential)];
  const codes = new Set(proof.errors.map((e) => e.code));
  const message = proof.errors.map((e) => e.message).join(' ');
  const recognised = proof.format !== undefined && !codes.has('ERR_UNKNOWN_FORMAT') && !codes.has('ERR_CREDENTIAL_INVALID');
  const uncheckable = [...codes].some((code) => CANNOT_CHECK.has(code));
  const issuer = issuerId(credential) ?? proof.issuer;
  if (!recognised) {
    checks.push({ check: 'format', status: 'fail', reason: message || 'The credential carries no proof this verifier knows.' });
  } else if (codes.has('ERR_CONTEXT_NOT_BUNDLED')) {
    checks.push({ check: 'format', status: 'unknown', reason: `The credential uses a vocabulary (JSON-LD context) this verifier does not hold, and contexts are never fetched: ${message}` });
  } else if (modelIssues.length > 0) {
    checks.push({ check: 'format', status: 'fail', reason: `The credential breaks the W3C Verifiable Credentials data model: ${describeIssues(modelIssues)}.` });
  } else {
    checks.push(checkEmbeddedVocabulary(credential) ?? { check: 'format', status: 'pass', reason: formatReason(proof.format, credential, proof.jwtEncoding) });
  }
  // A proof set or chain (the issuer's proof and countersignatures): every proof must be genuine, and one the issuer's.
  const proofSet = proof.proofs && proof.proofs.length > 1 ? proof.proofs : undefined;
  const others = [...new Set((proof.proofs ?? []).filter((p) => p.verified && !p.byIssuer).map((p) => p.controller ?? p.verificationMethod ?? 'an unnamed key'))];
  if (proof.verified) {
    checks.push({
      check: 'proof',
      status: 'pass',
      reason: proofSet
        ? `All ${proofSet.length} signatures are genuine: nothing has changed since the issuer${others.length > 0 ? ` and ${others.join(', ')}` : ''} signed it.`
        : 'The signature is genuine: nothing has changed since the issuer signed it.',
    });
    checks.push({ check: 'issuer', status: 'pass', reason: `Signed by the issuer it names, ${issuer}${others.length > 0 ? `, and countersigned by ${others.join(', ')}` : ''}.` });
  } else if (recognised && proof.proofs !== undefined && proof.proofs.length > 0 && proof.proofs.every((p) => p.verified)) {
    // Each signature is genuine, but none is by a key of the issuer's: the content is intact, who signed it is the question.
    checks.push({
      check: 'proof',
      status: 'pass',
      reason: proof.proofs.length > 1
        ? `All ${proof.proofs.length} signatures are genuine: nothing has changed since they were made.`
        : 'The signature is genuine: nothing has changed since it was made.',
    });
    checks.push(signerCheck(issuer, others, options.trust, options.trustedIssuers));
  } else if (recognised) {
    checks.push(
      uncheckable
        ? { check: 'proof', status: 'unknown', reason: `The signature could not be checked: ${message}` }
        : { check: 'proof', status: 'fail', reason: `The signature does not match: the credential was changed after signing or was not signed by its issuer. ${message}`.trim() },
    );
    checks.push(
      codes.has('ERR_ISSUER_MISMATCH')
        ? { check: 'issuer', status: 'fail', reason: `It was not signed by a key of ${issuer ?? 'the issuer it names'}.` }
        : { check: 'issuer', status: uncheckable ? 'unknown' : 'fail', reason: `It could not be confirmed that ${issuer ?? 'the named issuer'} signed it.` },
    );
  }
  checks.push(checkValidity(credential, now));
  checks.push(...(await checkStatuses(credential, issuer, options, (list) => listProof(list, documentLoader, proofOf))));
  const trusted = new Set([...(options.trustedIssuers ?? []), ...(options.trust?.issuers.keys() ?? [])]);
  const trustedName = issuer ? options.trust?.issuers.get(issuer) : undefined;
  if (issuer && trusted.has(issuer)) checks.push({ check: 'trust', status: 'pass', reason: `The issuer ${trustedName ? `${trustedName} (${issuer})` : issuer} is on your trusted-issuer list.` });
  else checks.push({ check: 'trust', status: 'warn', reason: `The issuer ${issuer ?? '(unnamed)'} is not on your trusted-issuer list: the credential may be genuine, but nobody you trust vouches for who the issuer is.` });
  checks.push(checkProfile(credential));
  return finish({
    format: proof.format,
    issuer,
    credentialId: typeof credential.id === 'string' ? credential.id : undefined,
    summary: summarize(credential, options.language),
  });
}

/**
 * The issuer check for genuine signatures by keys that are not the issuer's own. An issuer that is a DID
 * lists its keys itself, so a signature by another DID's key is not the issuer's: not genuine. An issuer
 * named otherwise (a web address, a urn:) cannot say in the credential which keys are its: Data Integrity
 * binds a key to its DID, not to a web address, and this verifier fetches no controller document from an
 * address it was not told to trust. Only the deployment's trust list can (`signers`): a signer it names
 * confirms the issuer; the issuer on the list with another signer is what a forgery in a trusted issuer's
 * name looks like (not genuine); otherwise who issued it cannot be confirmed (Could not check), so that
 * nobody can have a credential in, say, `https://university.example`'s name accepted by signing it with a
 * key of their own.
 */
function signerCheck(issuer: string | undefined, signers: string[], trust: TrustList | undefined, trustedIssuers: Iterable<string> | undefined): Check {
  const by = signers.join(', ') || 'an unnamed key';
  if (issuer === undefined || issuer.startsWith('did:')) {
    return { check: 'issuer', status: 'fail', reason: `It was not signed by a key of ${issuer ?? 'the issuer it names'}: ${signers.length > 1 ? 'its signatures are' : 'it was signed'} by ${by}.` };
  }
  const named = trust?.signers?.get(issuer) ?? [];
  const bound = signers.find((signer) => named.includes(signer));
  if (bound) return { check: 'issuer', status: 'pass', reason: `Signed by ${bound}, which your trusted-issuer list names as signing for ${issuer}.` };
  if (trust?.issuers.has(issuer) || [...(trustedIssuers ?? [])].includes(issuer)) {
    return {
      check: 'issuer',
      status: 'fail',
      reason: `${issuer} is on your trusted-issuer list, but this credential was signed by ${by}, which your list does not name as signing for it: it may be a forgery in the issuer's name.`,
    };
  }
  const namedAs = /^https?:/i.test(issuer) ? `a web address (${issuer})` : issuer;
  return {
    check: 'issuer',
    status: 'unknown',
    reason:
      `The signature is by ${by}, but the issuer is named by ${namedAs}, not a DID, so nothing shows that this key is the issuer's: ` +
      `it could have been made by anyone. If you know that ${by} signs for ${issuer}, add it to your trusted-issuer list as one of the issuer's "signers".`,
  };
}

/** A list (or credential) whose proofs are all genuine and made by a signer the trust list names for its issuer. */
function signedForIssuer(proof: ProofResult, issuer: string | undefined, trust: TrustList | undefined): boolean {
  if (issuer === undefined || issuer.startsWith('did:') || !proof.proofs?.length || !proof.proofs.every((p) => p.verified)) return false;
  const named = trust?.signers?.get(issuer) ?? [];
  return proof.proofs.some((p) => p.controller !== undefined && named.includes(p.controller));
}

function formatReason(format: string | undefined, credential: Json, jwtEncoding?: string): string {
  const context = credential['@context'];
  const v1 = (Array.isArray(context) ? context[0] : context) === CREDENTIALS_V1;
  switch (format) {
    case 'di': return 'A W3C Verifiable Credential secured with Data Integrity (eddsa-rdfc-2022).';
    case 'eddsa-jcs': return 'A W3C Verifiable Credential secured with Data Integrity (eddsa-jcs-2022).';
    case 'ecdsa': return 'A W3C Verifiable Credential secured with Data Integrity (ecdsa-rdfc-2019).';
    case 'ed25519-2020': return 'A W3C Verifiable Credential secured with Ed25519Signature2020.';
    case 'jwt': return v1 || jwtEncoding === 'vc-jwt-1.1'
      ? `A W3C Verifiable Credential (Data Model ${v1 ? '1.1' : '2.0'}) secured as a JWT (VC-JWT).`
      : 'A W3C Verifiable Credential secured as a JWT (vc+jwt).';
    default: return 'A W3C Verifiable Credential.';
  }
}

export function headline(label: string, checks: Check[]): string {
  const trust = checks.find((c) => c.check === 'trust');
  switch (label) {
    case 'Valid':
      return trust?.status === 'warn'
        ? 'Genuine, current and not revoked, but issued by someone not on your trusted-issuer list.'
        : 'Genuine, current and not revoked or suspended.';
    case 'Not genuine': return 'This credential is not genuine: do not rely on it.';
    case 'Could not check':
      return checks.some((c) => c.check === 'issuer' && c.status === 'unknown' && c.reason.startsWith('The signature is by'))
        ? 'The signature is intact, but nothing confirms who issued it, so this credential cannot be confirmed as valid.'
        : 'Some checks could not be made, so this credential cannot be confirmed as valid.';
    case 'Expired': return 'The credential was genuine but its validity has ended.';
    case 'Not yet valid': return 'The credential is genuine but not valid yet.';
    case 'Revoked (withdrawn)': return 'The issuer has revoked (withdrawn) this credential.';
    case 'Suspended': return 'The issuer has suspended this credential.';
    default: return label;
  }
}
