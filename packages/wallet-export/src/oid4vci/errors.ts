/**
 * OID4VCI and OAuth 2.0 answer errors in their own shape (`{error, error_description}`, RFC 6749 §5.2,
 * OID4VCI 1.0 §8.3.1.2): wallets branch on `error`. These are the codes this issuer uses.
 */
export type Oid4vciErrorCode =
  | 'invalid_request'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  | 'invalid_token'
  | 'invalid_proof'
  | 'invalid_nonce'
  | 'invalid_credential_request'
  | 'unknown_credential_configuration'
  | 'credential_request_denied';

/** HTTP status of each code: 400 for requests, 401 for the bearer token (RFC 6750 §3.1). */
const STATUS: Record<Oid4vciErrorCode, 400 | 401> = {
  invalid_request: 400,
  invalid_grant: 400,
  unsupported_grant_type: 400,
  invalid_token: 401,
  invalid_proof: 400,
  invalid_nonce: 400,
  invalid_credential_request: 400,
  unknown_credential_configuration: 400,
  credential_request_denied: 400,
};

export class Oid4vciError extends Error {
  readonly error: Oid4vciErrorCode;
  readonly status: 400 | 401;
  constructor(error: Oid4vciErrorCode, description: string) {
    super(description);
    this.name = 'Oid4vciError';
    this.error = error;
    this.status = STATUS[error];
  }

  toJSON(): { error: Oid4vciErrorCode; error_description: string } {
    return { error: this.error, error_description: this.message };
  }
}
