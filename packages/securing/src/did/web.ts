import { BlockList, isIP } from 'node:net';
import { AddressRefusedError, guardedFetch, type ResolveHost } from './guarded-fetch.ts';
import { SecuringError, ErrorCodes } from '../errors.ts';
import { freezeJsonLd } from '../contexts.ts';
import type { DidDocument } from '../types.ts';

export interface DidWebOptions {
  /** Plain HTTP, for 127.0.0.1 / localhost only (tests). Default false. */
  allowHttp?: boolean;
  /**
   * Default: a fetch whose connections reach only public addresses (loopback too with allowHttp), whatever
   * the host name resolves to. A fetch given here is used as it is: its network policy is the caller's.
   */
  fetch?: typeof fetch;
  /** How host names resolve for the default fetch (dns.lookup); for tests. */
  resolveHost?: ResolveHost;
  /** Whole request timeout. Default 5000 ms. */
  timeoutMs?: number;
  /** Maximum document size. Default 256 KiB. */
  maxBytes?: number;
}

export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_MAX_BYTES = 256 * 1024;

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Address ranges never contacted for did:web (SSRF guard), loopback aside. */
const privateRanges = new BlockList();
privateRanges.addSubnet('0.0.0.0', 8, 'ipv4');
privateRanges.addSubnet('10.0.0.0', 8, 'ipv4');
privateRanges.addSubnet('100.64.0.0', 10, 'ipv4');
privateRanges.addSubnet('127.0.0.0', 8, 'ipv4');
privateRanges.addSubnet('169.254.0.0', 16, 'ipv4');
privateRanges.addSubnet('172.16.0.0', 12, 'ipv4');
privateRanges.addSubnet('192.168.0.0', 16, 'ipv4');
privateRanges.addSubnet('::', 128, 'ipv6');
privateRanges.addSubnet('::1', 128, 'ipv6');
privateRanges.addSubnet('fc00::', 7, 'ipv6');
privateRanges.addSubnet('fe80::', 10, 'ipv6');

/**
 * Maps a did:web DID to the URL of its DID document (DID Web method spec):
 * `did:web:example.com` → `https://example.com/.well-known/did.json`,
 * `did:web:example.com:tenants:a` → `https://example.com/tenants/a/did.json`,
 * `did:web:127.0.0.1%3A8080` → port 8080 (plain http only with `allowHttp`).
 */
export function didWebUrl(did: string, options: { allowHttp?: boolean } = {}): URL {
  if (!did.startsWith('did:web:') || /[#?/]/.test(did)) {
    throw new SecuringError(ErrorCodes.DID_INVALID, `Invalid did:web DID "${did}".`);
  }
  const [hostPart = '', ...pathParts] = did.slice('did:web:'.length).split(':');
  let host: string;
  let segments: string[];
  try {
    host = decodeURIComponent(hostPart).toLowerCase();
    segments = pathParts.map((part) => decodeURIComponent(part));
  } catch {
    throw new SecuringError(ErrorCodes.DID_INVALID, `Invalid percent-encoding in did:web DID "${did}".`);
  }
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(host)) {
    throw new SecuringError(ErrorCodes.DID_INVALID, `Invalid host "${host}" in did:web DID "${did}".`);
  }
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || /[/?#\\]/.test(segment)) {
      throw new SecuringError(ErrorCodes.DID_INVALID, `Invalid path segment in did:web DID "${did}".`);
    }
  }

  let url: URL;
  try {
    url = new URL(`https://${host}`);
  } catch {
    throw new SecuringError(ErrorCodes.DID_INVALID, `Invalid host "${host}" in did:web DID "${did}".`);
  }
  const hostname = url.hostname;
  const bareIp = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const ipVersion = isIP(bareIp);
  const loopback =
    LOOPBACK_NAMES.has(hostname) || (ipVersion === 4 && bareIp.startsWith('127.'));
  if (loopback) {
    if (!options.allowHttp) {
      throw new SecuringError(
        ErrorCodes.DID_WEB_INSECURE,
        `did:web host "${host}" is a loopback address; it is only resolved (over plain HTTP) with allowHttp, for tests.`,
      );
    }
    url.protocol = 'http:';
  } else if (ipVersion !== 0 && privateRanges.check(bareIp, ipVersion === 4 ? 'ipv4' : 'ipv6')) {
    throw new SecuringError(
      ErrorCodes.DID_WEB_INSECURE,
      `did:web host "${host}" is a private or reserved address; refused.`,
    );
  }
  url.pathname =
    segments.length === 0
      ? '/.well-known/did.json'
      : `/${segments.map((segment) => encodeURIComponent(segment)).join('/')}/did.json`;
  return url;
}

/** Resolves a did:web DID (no fragment) to its DID document. */
export async function resolveDidWeb(did: string, options: DidWebOptions = {}): Promise<DidDocument> {
  const url = didWebUrl(did, options);
  const fetchImpl = options.fetch ?? guardedFetch({ allowLoopback: options.allowHttp ?? false, ...(options.resolveHost ? { resolveHost: options.resolveHost } : {}) });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const signal = AbortSignal.timeout(timeoutMs);

  let response: Response;
  try {
    response = await fetchImpl(url, {
      // Redirects are never followed: the DID document must live at the
      // URL the DID names.
      redirect: 'manual',
      signal,
      headers: { accept: 'application/did+json, application/did+ld+json, application/json' },
    });
  } catch (error) {
    if (error instanceof AddressRefusedError) throw new SecuringError(ErrorCodes.DID_WEB_INSECURE, `Resolving ${did}: ${error.message}`);
    throw new SecuringError(
      ErrorCodes.DID_NOT_RESOLVED,
      signal.aborted
        ? `Resolving ${did}: ${url.href} did not answer within ${timeoutMs} ms.`
        : `Resolving ${did}: ${url.href} could not be fetched.`,
      { cause: error },
    );
  }

  const refuse = async (code: (typeof ErrorCodes)[keyof typeof ErrorCodes], message: string): Promise<never> => {
    await response.body?.cancel().catch(() => undefined);
    throw new SecuringError(code, `Resolving ${did}: ${message}`);
  };

  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    return refuse(ErrorCodes.DID_NOT_RESOLVED, `${url.href} answered with a redirect (${response.status}); redirects are refused.`);
  }
  if (!response.ok) {
    return refuse(ErrorCodes.DID_NOT_RESOLVED, `${url.href} answered HTTP ${response.status}.`);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return refuse(ErrorCodes.DID_DOCUMENT_INVALID, `the DID document is larger than ${maxBytes} bytes.`);
  }

  let bytes: Uint8Array;
  try {
    bytes = await readLimited(response, maxBytes);
  } catch (error) {
    if (error instanceof SecuringError) throw new SecuringError(error.code, `Resolving ${did}: ${error.message}`);
    throw new SecuringError(
      ErrorCodes.DID_NOT_RESOLVED,
      signal.aborted
        ? `Resolving ${did}: ${url.href} did not answer within ${timeoutMs} ms.`
        : `Resolving ${did}: reading ${url.href} failed.`,
      { cause: error },
    );
  }

  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new SecuringError(ErrorCodes.DID_DOCUMENT_INVALID, `Resolving ${did}: the DID document is not valid JSON.`);
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new SecuringError(ErrorCodes.DID_DOCUMENT_INVALID, `Resolving ${did}: the DID document is not a JSON object.`);
  }
  const id = (document as { id?: unknown }).id;
  if (id !== did) {
    throw new SecuringError(
      ErrorCodes.DID_DOCUMENT_INVALID,
      `Resolving ${did}: the DID document's id ${JSON.stringify(id)} is not the DID.`,
    );
  }
  return freezeJsonLd(absolutizeIds(document as DidDocument));
}

async function readLimited(response: Response, maxBytes: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new SecuringError(ErrorCodes.DID_DOCUMENT_INVALID, `the DID document is larger than ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The properties of a DID document that hold verification methods. */
export const RELATIONSHIPS = [
  'verificationMethod',
  'assertionMethod',
  'authentication',
  'capabilityInvocation',
  'capabilityDelegation',
  'keyAgreement',
] as const;

/**
 * DID Core: relative DID URLs (`#key-1`) are relative to the DID. Make them
 * absolute so that proof purposes, which compare ids as strings, match.
 */
function absolutizeIds(document: DidDocument): DidDocument {
  const did = document.id;
  const abs = (value: unknown): unknown => (typeof value === 'string' && value.startsWith('#') ? did + value : value);
  for (const relationship of RELATIONSHIPS) {
    const entries = document[relationship];
    if (!Array.isArray(entries)) continue;
    (document as Record<string, unknown>)[relationship] = entries.map((entry: unknown) => {
      if (entry !== null && typeof entry === 'object') {
        const vm = { ...(entry as Record<string, unknown>) };
        vm.id = abs(vm.id);
        vm.controller = abs(vm.controller ?? did);
        return vm;
      }
      return abs(entry);
    });
  }
  return document;
}

/**
 * Builds a did:web DID from `host[:port][/path]`: `example.com` →
 * `did:web:example.com`, `127.0.0.1:8080` → `did:web:127.0.0.1%3A8080`,
 * `example.com/tenants/a` → `did:web:example.com:tenants:a`.
 */
export function didWebFromDomain(domain: string): string {
  if (typeof domain !== 'string') {
    throw new SecuringError(ErrorCodes.DID_INVALID, 'A did:web domain must be a string like "example.com[:port][/path]".');
  }
  const trimmed = domain.trim().replace(/\/+$/, '');
  if (trimmed.includes('://') || /[?#@\s]/.test(trimmed)) {
    throw new SecuringError(
      ErrorCodes.DID_INVALID,
      `Invalid did:web domain ${JSON.stringify(domain)}: expected "host[:port][/path]" without scheme, query or fragment.`,
    );
  }
  const [hostPort = '', ...path] = trimmed.split('/');
  const host = hostPort.toLowerCase();
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(:\d{1,5})?$/.test(host)) {
    throw new SecuringError(ErrorCodes.DID_INVALID, `Invalid did:web host ${JSON.stringify(hostPort)}.`);
  }
  for (const segment of path) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new SecuringError(ErrorCodes.DID_INVALID, `Invalid did:web path in ${JSON.stringify(domain)}.`);
    }
  }
  return ['did:web', encodeURIComponent(host), ...path.map((segment) => encodeURIComponent(segment))].join(':');
}
