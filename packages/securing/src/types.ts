import type { CryptoKey } from 'jose';

export type KeyType = 'Ed25519' | 'P-256' | 'P-384';
export type JwsAlgorithm = 'EdDSA' | 'ES256' | 'ES384';

/** A JSON object (credential, DID document, ...). */
export type JsonObject = Record<string, unknown>;

/** What a jsonld.js document loader returns. */
export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: object;
  /** `'static'`: jsonld.js may cache the processed context process-wide. */
  tag?: 'static';
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/** A verification method as found in DID documents. */
export interface VerificationMethod {
  id: string;
  type: string;
  controller: string;
  publicKeyMultibase?: string;
  publicKeyJwk?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A verification method of type Multikey (what our keys publish). */
export interface MultikeyVerificationMethod extends VerificationMethod {
  type: 'Multikey';
  publicKeyMultibase: string;
}

export interface DidDocument {
  '@context'?: string | Array<string | object>;
  id: string;
  controller?: string | string[];
  verificationMethod?: VerificationMethod[];
  assertionMethod?: Array<string | VerificationMethod>;
  authentication?: Array<string | VerificationMethod>;
  [key: string]: unknown;
}

export interface DidResolver {
  /** Resolves a DID (a fragment, if any, is ignored) to its DID document. */
  resolve(did: string): Promise<DidDocument>;
  /** Resolves a DID URL `did:...#fragment` to one verification method. */
  dereference(didUrl: string): Promise<VerificationMethod>;
}

/** The on-disk key file format. */
export interface KeyFile {
  type: 'Multikey';
  keyType: KeyType;
  id: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
  created: string;
}

/** What `JSON.stringify(keyPair)` shows: everything but the secret. */
export interface PublicKeyDescription {
  type: 'Multikey';
  keyType: KeyType;
  id: string;
  controller: string;
  publicKeyMultibase: string;
  created: string;
}

/** The signer interface the Data Integrity suites expect. */
export interface DataIntegritySigner {
  id: string;
  algorithm: string;
  sign(options: { data: Uint8Array }): Promise<Uint8Array>;
}

/**
 * A key pair ready to sign. It holds the imported key material once, so
 * signing never re-imports the key. The secret never appears in `toJSON()`,
 * `util.inspect` or error messages.
 */
export interface KeyPair {
  readonly keyType: KeyType;
  /** Verification method id, e.g. `did:key:z6Mk...#z6Mk...`. */
  readonly id: string;
  /** The DID controlling the key; the issuer of what it signs. */
  readonly controller: string;
  readonly publicKeyMultibase: string;
  readonly created: string;
  /** The JOSE `alg` used for vc+jwt with this key. */
  readonly jwsAlgorithm: JwsAlgorithm;
  /** The Data Integrity signer (built once). */
  signer(): DataIntegritySigner;
  /** The private key for jose (built once, lazily). */
  joseKey(): Promise<CryptoKey>;
  toJSON(): PublicKeyDescription;
}

/** 'di' = eddsa-rdfc-2022, 'eddsa-jcs' = eddsa-jcs-2022 (both Ed25519), 'ecdsa' = ecdsa-rdfc-2019, 'jwt' = a JWT. */
export type SecuringFormat = 'di' | 'eddsa-jcs' | 'ecdsa' | 'jwt';
export type ProofFormat = SecuringFormat | 'ed25519-2020';

export interface SecuredCredential {
  format: SecuringFormat;
  /** The credential with its `proof`, or, for `jwt`, the JWT payload. */
  credential: JsonObject;
  /** The compact JWS, for `jwt` only. */
  jwt?: string;
}

export interface ProofError {
  code: string;
  message: string;
}

export interface ProofResult {
  verified: boolean;
  /** Detected format; `undefined` only when the input is not recognised at all. */
  format?: ProofFormat;
  /** For format `jwt`, once the JWT could be read: VC-JOSE-COSE `vc+jwt`, or a `vc` claim (VC-JWT 1.1, holding a 1.1 or a 2.0 credential). */
  jwtEncoding?: 'vc+jwt' | 'vc-jwt-1.1';
  credential?: JsonObject;
  issuer?: string;
  verificationMethod?: string;
  /**
   * One entry per proof, for a proof set or chain (several proofs, or a
   * `previousProof`): all must verify, and one must be the issuer's.
   */
  proofs?: ProofSetEntry[];
  errors: ProofError[];
}

/** One proof of a proof set or chain, as verified on its own. */
export interface ProofSetEntry {
  /** The proof's `id`, if it has one. */
  id?: string;
  format?: ProofFormat;
  verificationMethod?: string;
  /** The controller of the verification method (who made the proof), once the proof verified. */
  controller?: string;
  /** The ids this proof names as `previousProof` (it signed those proofs too). */
  previousProof?: string[];
  verified: boolean;
  /** The proof verified and its key's controller is the credential's issuer. */
  byIssuer: boolean;
  errors: ProofError[];
}
