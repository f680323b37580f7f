import type { KeyObject, X509Certificate } from 'node:crypto';

/**
 * Stable JAdES error codes. Callers branch on `code`, never on the message.
 * `verifyJades` reports them in `errors`; `sealJades*` and `generateTestSeal`
 * throw a `JadesError` with one of them.
 */
export const JadesErrorCodes = {
  /** Not a JWS JSON serialization (or compact JWS) of the expected shape: fields, types, encodings. */
  MALFORMED: 'ERR_JADES_MALFORMED',
  /** `alg` is not one of RS256/384/512, PS256/384/512, ES256/384/512, or does not fit the certificate's key. */
  UNSUPPORTED_ALGORITHM: 'ERR_JADES_UNSUPPORTED_ALGORITHM',
  /** `crit` names a header parameter this implementation does not understand (or a detached `sigD`). */
  UNSUPPORTED_CRITICAL: 'ERR_JADES_UNSUPPORTED_CRITICAL',
  /** `x5c` is missing, empty, or holds something that is not an X.509 certificate. */
  CERTIFICATE_INVALID: 'ERR_JADES_CERTIFICATE_INVALID',
  /** `x5t#S256` (or `x5t#o` / `x5t`) is missing or does not match the first `x5c` certificate. */
  CERTIFICATE_DIGEST_MISMATCH: 'ERR_JADES_CERTIFICATE_DIGEST_MISMATCH',
  /** The signature does not verify with the public key of the first `x5c` certificate. */
  SIGNATURE_INVALID: 'ERR_JADES_SIGNATURE_INVALID',
  /** `sigT` is missing, not a valid UTC time, or lies in the future. */
  SIGNING_TIME: 'ERR_JADES_SIGNING_TIME',
  /** The seal certificate was not valid (notBefore ≤ sigT ≤ notAfter) when the seal was made. */
  CERTIFICATE_NOT_VALID_AT_SIGNING_TIME: 'ERR_JADES_CERTIFICATE_NOT_VALID_AT_SIGNING_TIME',
  /** The payload is not a JSON object (the credential). */
  PAYLOAD_INVALID: 'ERR_JADES_PAYLOAD_INVALID',
  /** Only with `requireTrustedChain`: the certificate does not chain to a configured trust anchor. */
  CHAIN_UNTRUSTED: 'ERR_JADES_CHAIN_UNTRUSTED',
  /** Sealing: the private key, certificate chain or options are not usable. */
  INVALID_INPUT: 'ERR_JADES_INVALID_INPUT',
} as const;

export type JadesErrorCode = (typeof JadesErrorCodes)[keyof typeof JadesErrorCodes];

export class JadesError extends Error {
  readonly code: JadesErrorCode;

  constructor(code: JadesErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JadesError';
    this.code = code;
  }

  toJSON(): { name: string; code: JadesErrorCode; message: string } {
    return { name: this.name, code: this.code, message: this.message };
  }
}

export type JadesAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512';

/** What `verifyJades` reads out of the seal certificate (the first `x5c` certificate). */
export interface JadesCertificateInfo {
  /** RFC 4514 style, most specific first: `CN=…, O=…, C=…`. */
  subject: string;
  issuer: string;
  /** Upper-case hex, as node:crypto prints it. */
  serialNumber: string;
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  /** Subject attribute 2.5.4.97 (eIDAS legal person identifier), e.g. `VATBE-0123456789`, `NTRBE-…`. */
  organizationIdentifier?: string;
  organization?: string;
  country?: string;
  commonName?: string;
  /** QCStatements (RFC 3739 / ETSI EN 319 412-5) by name, e.g. `QcCompliance`, `QcType=eseal`. */
  qcStatements?: string[];
  /** SHA-256 of the DER certificate, base64url (the `x5t#S256` value). */
  sha256: string;
}

export interface JadesChainResult {
  /** True only when the certificate path from `x5c` reaches one of the configured trust anchors. */
  trusted: boolean;
  /** Subject of the trust anchor reached. */
  anchor?: string;
  /** Plain-language explanation, set in every case. */
  reason: string;
  /** Subjects along the path, seal certificate first. */
  path?: string[];
}

/** A timestamp token found in the seal (`adoTst` protected, `sigTst`/`arcTst` in `etsiU`). Read, not validated. */
export interface JadesTimestamp {
  type: 'adoTst' | 'sigTst' | 'arcTst';
  /** TSTInfo genTime (ISO 8601). */
  genTime?: string;
  /** Whether the token's message imprint matches what it should cover (undefined: not computed). */
  imprintMatches?: boolean;
}

export interface JadesResult {
  /**
   * The seal is well-formed, its signature verifies with the key of the first `x5c`
   * certificate, the certificate digest matches and the certificate was valid at `sigT`.
   * Whether that certificate is one you trust is `chain.trusted` (see `requireTrustedChain`).
   */
  verified: boolean;
  /** The parsed payload (the credential), when it is a JSON object. */
  credential?: object;
  algorithm?: string;
  /** `sigT`, as written in the seal. */
  signingTime?: string;
  certificate?: JadesCertificateInfo;
  chain: JadesChainResult;
  timestamps?: JadesTimestamp[];
  /** `general` or `flattened` JWS JSON serialization, or `compact`. */
  serialization?: 'general' | 'flattened' | 'compact';
  /** The protected header, decoded. */
  protectedHeader?: Record<string, unknown>;
  errors: { code: JadesErrorCode; message: string }[];
  warnings: string[];
}

export interface VerifyJadesOptions {
  /** Trust anchors (root or intermediate CA certificates): X509Certificate objects or PEM (a PEM string may hold several). */
  trustAnchors?: Array<X509Certificate | string>;
  /** The time of checking (default: now). Used for "sigT is not in the future" and the "expired since" warning. */
  now?: Date;
  /** When true, a seal whose certificate does not chain to a trust anchor is not `verified` (ERR_JADES_CHAIN_UNTRUSTED). Default false. */
  requireTrustedChain?: boolean;
}

export interface SealJadesOptions {
  /** The seal's private key: a KeyObject or PEM (PKCS#8, PKCS#1 or SEC1). */
  privateKey: KeyObject | string;
  /** PEM strings (one may hold several certificates) or X509Certificate objects, seal certificate first. */
  certificateChain: Array<string | X509Certificate>;
  /** `sigT` (default: now). Whole seconds are kept, as in the official samples. */
  signingTime?: Date;
  /** Default: RS256 for RSA keys, ES256 / ES384 / ES512 for P-256 / P-384 / P-521 keys. */
  algorithm?: JadesAlgorithm;
}

export interface ExternalSignerOptions {
  certificateChain: Array<string | X509Certificate>;
  /**
   * Signs the JWS signing input (`BASE64URL(protected) || "." || payload`) and returns the
   * signature: RSA PKCS#1 v1.5 / PSS bytes, or for ECDSA either JOSE's r||s or DER (converted).
   */
  sign: (signingInput: Uint8Array) => Promise<Uint8Array>;
  algorithm: JadesAlgorithm;
  signingTime?: Date;
}

/** A JAdES seal in JWS JSON general serialization, as Europass produces it. */
export interface JadesSeal {
  payload: string;
  signatures: Array<{ protected: string; header?: Record<string, unknown>; signature: string }>;
}
