/**
 * Stable error codes. Callers (verifier, issuer HTTP layer) switch on `code`,
 * so existing codes must never be renamed.
 */
export type StatusListErrorCode =
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_STATUS_SIZE_INVALID'
  | 'ERR_STATUS_VALUE_OUT_OF_RANGE'
  | 'ERR_STATUS_INDEX_OUT_OF_RANGE'
  | 'ERR_STATUS_LIST_LENGTH'
  | 'ERR_STATUS_LIST_TOO_LARGE'
  | 'ERR_STATUS_LIST_DECODE'
  | 'ERR_STATUS_ENTRY_INVALID'
  | 'ERR_STATUS_LIST_CREDENTIAL_INVALID'
  | 'ERR_STATUS_LIST_TYPE_MISMATCH'
  | 'ERR_STATUS_LIST_PURPOSE_MISMATCH'
  | 'ERR_STATUS_LIST_CREDENTIAL_MISMATCH'
  | 'ERR_STATUS_SIZE_MISMATCH'
  | 'ERR_STATUS_MESSAGE_INVALID'
  | 'ERR_STATUS_REFERENCE_INVALID'
  | 'ERR_STATUS_LIST_FULL';

/**
 * The error names of the Bitstring Status List v1.0 "Processing Errors"
 * section, so an HTTP layer can report the spec's problem type
 * (https://www.w3.org/ns/credentials/status-list#<name>).
 */
export type StatusListSpecError =
  | 'STATUS_RETRIEVAL_ERROR'
  | 'STATUS_VERIFICATION_ERROR'
  | 'STATUS_LIST_LENGTH_ERROR'
  | 'RANGE_ERROR'
  | 'MALFORMED_VALUE_ERROR';

const SPEC_ERROR: Partial<Record<StatusListErrorCode, StatusListSpecError>> = {
  ERR_STATUS_INDEX_OUT_OF_RANGE: 'RANGE_ERROR',
  ERR_STATUS_LIST_LENGTH: 'STATUS_LIST_LENGTH_ERROR',
  ERR_STATUS_LIST_TOO_LARGE: 'MALFORMED_VALUE_ERROR',
  ERR_STATUS_LIST_DECODE: 'MALFORMED_VALUE_ERROR',
  ERR_STATUS_ENTRY_INVALID: 'MALFORMED_VALUE_ERROR',
  ERR_STATUS_LIST_CREDENTIAL_INVALID: 'MALFORMED_VALUE_ERROR',
  ERR_STATUS_MESSAGE_INVALID: 'MALFORMED_VALUE_ERROR',
  ERR_STATUS_REFERENCE_INVALID: 'MALFORMED_VALUE_ERROR',
  ERR_STATUS_SIZE_INVALID: 'MALFORMED_VALUE_ERROR',
  ERR_STATUS_LIST_TYPE_MISMATCH: 'STATUS_VERIFICATION_ERROR',
  ERR_STATUS_LIST_PURPOSE_MISMATCH: 'STATUS_VERIFICATION_ERROR',
  ERR_STATUS_LIST_CREDENTIAL_MISMATCH: 'STATUS_VERIFICATION_ERROR',
  ERR_STATUS_SIZE_MISMATCH: 'STATUS_VERIFICATION_ERROR',
};

export class StatusListError extends Error {
  readonly code: StatusListErrorCode;
  readonly specError: StatusListSpecError | undefined;

  constructor(code: StatusListErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StatusListError';
    this.code = code;
    this.specError = SPEC_ERROR[code];
  }
}
