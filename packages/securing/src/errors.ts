/**
 * Stable error codes. Callers (and other packages) branch on `code`, never on
 * the message text, which is meant for humans and may change.
 */
export const ErrorCodes = {
  /** A JSON-LD context URL is not bundled; contexts are never fetched. */
  CONTEXT_NOT_BUNDLED: 'ERR_CONTEXT_NOT_BUNDLED',
  /** A string is not a syntactically valid DID / DID URL. */
  DID_INVALID: 'ERR_DID_INVALID',
  /** The DID method is not supported (only did:key and did:web are). */
  DID_METHOD_UNSUPPORTED: 'ERR_DID_METHOD_UNSUPPORTED',
  /** Resolution failed: network error, timeout, HTTP status, redirect, ... */
  DID_NOT_RESOLVED: 'ERR_DID_NOT_RESOLVED',
  /** did:web would need plain HTTP or a loopback/private host without `allowHttp`. */
  DID_WEB_INSECURE: 'ERR_DID_WEB_INSECURE',
  /** The DID document is not acceptable (too large, not JSON, wrong `id`). */
  DID_DOCUMENT_INVALID: 'ERR_DID_DOCUMENT_INVALID',
  /** The DID document has no verification method with that id. */
  VERIFICATION_METHOD_NOT_FOUND: 'ERR_VERIFICATION_METHOD_NOT_FOUND',
  /** A key (file) is malformed, inconsistent or not one of ours. */
  KEY_INVALID: 'ERR_KEY_INVALID',
  /** The key type cannot be used for the requested securing format. */
  KEY_TYPE_MISMATCH: 'ERR_KEY_TYPE_MISMATCH',
  /** The credential does not follow the VC data model (no @context, type, issuer, ...). */
  CREDENTIAL_INVALID: 'ERR_CREDENTIAL_INVALID',
  /** The securing format is not recognised / not supported. */
  UNKNOWN_FORMAT: 'ERR_UNKNOWN_FORMAT',
  /** The proof / signature does not verify. */
  PROOF_INVALID: 'ERR_PROOF_INVALID',
  /** The signing key is not the issuer's (controller or assertionMethod binding fails). */
  ISSUER_MISMATCH: 'ERR_ISSUER_MISMATCH',
  /** A presentation's signing key is not the holder's. */
  HOLDER_MISMATCH: 'ERR_HOLDER_MISMATCH',
  /** File system error while reading or writing a key file. */
  KEY_FILE_IO: 'ERR_KEY_FILE_IO',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class SecuringError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecuringError';
    this.code = code;
  }

  toJSON(): { name: string; code: ErrorCode; message: string } {
    return { name: this.name, code: this.code, message: this.message };
  }
}

export function isSecuringError(error: unknown): error is SecuringError {
  return error instanceof SecuringError;
}

/**
 * Finds a SecuringError in an error chain. jsonld.js and jsonld-signatures
 * wrap errors thrown by document loaders (`cause`, `details.cause`), so the
 * original, coded error has to be dug out.
 */
export function findSecuringError(error: unknown, depth = 0): SecuringError | undefined {
  if (depth > 8 || error === null || typeof error !== 'object') return undefined;
  if (error instanceof SecuringError) return error;
  const e = error as { cause?: unknown; details?: { cause?: unknown } };
  return findSecuringError(e.cause, depth + 1) ?? findSecuringError(e.details?.cause, depth + 1);
}

/**
 * A readable message for library errors. jsonld.js safe-mode errors only say
 * "Safe mode validation error."; the useful part (which property or value
 * was dropped) is in `details.event`.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const event = (error as { details?: { event?: { message?: unknown; details?: Record<string, unknown> } } }).details?.event;
  if (!event) return error.message;
  const what = event.details?.property ?? event.details?.type ?? event.details?.value;
  return `${error.message} ${String(event.message ?? '')}${what === undefined ? '' : ` (${JSON.stringify(what)})`}`.trim();
}
