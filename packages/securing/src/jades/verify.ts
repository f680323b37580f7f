import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import { ALGORITHMS, isJadesAlgorithm, keyInput, keyMismatch } from './algorithms.ts';
import { buildChain } from './chain.ts';
import {
  describeCertificate,
  issuerSerialKid,
  keyUsageOf,
  parseCertificate,
  toCertificates,
  type ParsedCertificate,
} from './certificate.ts';
import { readTimestamps, validationCertificates } from './timestamps.ts';
import { JadesErrorCodes, type JadesErrorCode, type JadesResult, type VerifyJadesOptions } from './types.ts';

/** Header parameters registered by RFC 7515 / 7518: they must never be listed in `crit`. */
const JWS_REGISTERED = new Set(['alg', 'jku', 'jwk', 'kid', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'typ', 'cty', 'crit', 'enc', 'zip']);
/** Critical parameters that are checked here. */
const CRIT_EVALUATED = new Set(['b64', 'sigT', 'adoTst', 'x5t#o']);
/** JAdES (ETSI TS 119 182-1) parameters that are understood but not evaluated (a warning says so). */
const CRIT_NOT_EVALUATED = new Set(['sigX5ts', 'srCms', 'sigPl', 'srAts', 'sigPId']);

const SIGNATURE_MEMBERS = new Set(['protected', 'header', 'signature']);
const GENERAL_MEMBERS = new Set(['payload', 'signatures']);
const FLATTENED_MEMBERS = new Set(['payload', 'protected', 'header', 'signature']);

const BASE64URL_RE = /^[A-Za-z0-9_-]*$/;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;
const SIG_T_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;
/** Clock skew tolerated for a `sigT` in the future. */
const FUTURE_SKEW_MS = 5 * 60_000;

/** xmldsig digest method URIs (for `x5t#o`). */
const DIGEST_URIS: Record<string, string> = {
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
  'http://www.w3.org/2007/05/xmldsig-more#sha3-256': 'sha3-256',
  'http://www.w3.org/2007/05/xmldsig-more#sha3-384': 'sha3-384',
  'http://www.w3.org/2007/05/xmldsig-more#sha3-512': 'sha3-512',
};

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Strict base64url: right alphabet, no padding, canonical trailing bits. */
function decodeBase64url(text: string): Buffer | undefined {
  if (!BASE64URL_RE.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

class Stop extends Error {}

interface Serialized {
  /** The parsed JSON object (JSON serializations). */
  object?: Json;
  kind: 'general' | 'flattened' | 'compact';
  payload: unknown;
  protected: unknown;
  header: unknown;
  signature: unknown;
}

/**
 * Checks a JAdES seal (JWS JSON serialization, general or flattened, or a compact JWS) over a
 * credential: structure, `b64`, `crit`, the signature with the first `x5c` certificate's key,
 * `x5t#S256`, `sigT` and the certificate's validity at `sigT`, and the certificate path to the
 * configured trust anchors. Never throws: problems are reported in `errors` / `warnings`.
 */
export async function verifyJades(input: string | object, options: VerifyJadesOptions = {}): Promise<JadesResult> {
  const result: JadesResult = {
    verified: false,
    chain: { trusted: false, reason: 'not checked: the seal could not be read' },
    errors: [],
    warnings: [],
  };
  const fail = (code: JadesErrorCode, message: string): void => {
    result.errors.push({ code, message });
  };
  let signatureValid = false;
  try {
    signatureValid = check(input, options, result, fail);
  } catch (error) {
    if (!(error instanceof Stop)) fail(JadesErrorCodes.MALFORMED, `The seal could not be checked: ${(error as Error)?.message ?? String(error)}`);
  }
  if (options.requireTrustedChain && signatureValid && !result.chain.trusted) {
    fail(JadesErrorCodes.CHAIN_UNTRUSTED, `The seal certificate is not trusted: ${result.chain.reason}.`);
  }
  result.verified = signatureValid && result.errors.length === 0;
  return result;
}

function readInput(input: unknown, fail: (code: JadesErrorCode, message: string) => void): Serialized {
  const stop = (message: string): never => {
    fail(JadesErrorCodes.MALFORMED, message);
    throw new Stop();
  };
  let value: unknown = input;
  if (value instanceof Uint8Array) value = Buffer.from(value).toString('utf8');
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{')) {
      try {
        value = JSON.parse(text);
      } catch (error) {
        stop(`The seal is not valid JSON (${(error as Error).message}).`);
      }
    } else {
      const first = text.indexOf('.');
      const last = text.lastIndexOf('.');
      if (first < 0 || first === last) stop('The seal is neither a JWS JSON serialization nor a compact JWS.');
      return {
        kind: 'compact',
        protected: text.slice(0, first),
        payload: text.slice(first + 1, last),
        header: undefined,
        signature: text.slice(last + 1),
      };
    }
  }
  if (!isObject(value)) return stop('The seal must be a JSON object (JWS JSON serialization).');
  if ('signatures' in value) {
    const extra = Object.keys(value).filter((k) => !GENERAL_MEMBERS.has(k));
    if (extra.some((k) => FLATTENED_MEMBERS.has(k))) stop(`A general JWS JSON serialization must not also have ${extra.filter((k) => FLATTENED_MEMBERS.has(k)).join(', ')} at the top level.`);
    const signatures = value.signatures;
    if (!Array.isArray(signatures) || signatures.length === 0) stop('"signatures" must be a non-empty array.');
    const list = signatures as unknown[];
    if (list.length > 1) stop(`The seal has ${list.length} signatures; a JAdES credential seal has exactly one.`);
    const sig = list[0];
    if (!isObject(sig)) return stop('"signatures[0]" must be an object.');
    return { object: value, kind: 'general', payload: value.payload, protected: sig.protected, header: sig.header, signature: sig.signature };
  }
  if ('signature' in value) {
    return { object: value, kind: 'flattened', payload: value.payload, protected: value.protected, header: value.header, signature: value.signature };
  }
  return stop('The seal has neither "signatures" (general JWS JSON serialization) nor "signature" (flattened).');
}

function check(
  input: unknown,
  options: VerifyJadesOptions,
  result: JadesResult,
  fail: (code: JadesErrorCode, message: string) => void,
): boolean {
  const stop = (code: JadesErrorCode, message: string): never => {
    fail(code, message);
    throw new Stop();
  };
  const warn = (message: string): void => {
    result.warnings.push(message);
  };
  const now = options.now ?? new Date();

  // ---- structure
  const jws = readInput(input, fail);
  result.serialization = jws.kind;
  if (jws.object) {
    // RFC 7515 §7.2.1: members that are not understood must be ignored; they are reported.
    const top = Object.keys(jws.object).filter((k) => !(jws.kind === 'general' ? GENERAL_MEMBERS : FLATTENED_MEMBERS).has(k));
    if (top.length > 0) warn(`Ignored unknown top-level member(s): ${top.join(', ')}.`);
    if (jws.kind === 'general') {
      const sig = (jws.object.signatures as Json[])[0] as Json;
      const inner = Object.keys(sig).filter((k) => !SIGNATURE_MEMBERS.has(k));
      if (inner.length > 0) warn(`Ignored unknown member(s) of the signature object: ${inner.join(', ')}.`);
    }
  }
  if (jws.payload === undefined) {
    stop(JadesErrorCodes.MALFORMED, 'The seal has no payload: detached seals are not supported (a credential seal is enveloping).');
  }
  if (typeof jws.payload !== 'string') stop(JadesErrorCodes.MALFORMED, '"payload" must be a string.');
  if (typeof jws.protected !== 'string' || jws.protected === '') {
    stop(JadesErrorCodes.MALFORMED, 'The seal has no protected header; JAdES requires one.');
  }
  if (typeof jws.signature !== 'string') stop(JadesErrorCodes.MALFORMED, '"signature" must be a base64url string.');
  if (jws.header !== undefined && !isObject(jws.header)) stop(JadesErrorCodes.MALFORMED, '"header" must be a JSON object.');
  const payload = jws.payload as string;
  const protectedB64 = jws.protected as string;
  const signatureB64 = jws.signature as string;
  const unprotected = jws.header as Json | undefined;

  const protectedBytes = decodeBase64url(protectedB64);
  if (!protectedBytes) return stop(JadesErrorCodes.MALFORMED, 'The protected header is not valid base64url.');
  let header: Json;
  try {
    const parsed: unknown = JSON.parse(utf8Decoder.decode(protectedBytes));
    if (!isObject(parsed)) return stop(JadesErrorCodes.MALFORMED, 'The protected header is not a JSON object.');
    header = parsed;
  } catch (error) {
    if (error instanceof Stop) throw error;
    return stop(JadesErrorCodes.MALFORMED, 'The protected header is not UTF-8 JSON.');
  }
  result.protectedHeader = header;
  const signature = decodeBase64url(signatureB64);
  if (!signature || signature.length === 0) return stop(JadesErrorCodes.MALFORMED, 'The signature is not valid base64url.');

  if (unprotected) {
    const both = Object.keys(unprotected).filter((k) => Object.hasOwn(header, k));
    if (both.length > 0) stop(JadesErrorCodes.MALFORMED, `Header parameter(s) in both the protected and the unprotected header: ${both.join(', ')}.`);
    for (const name of ['alg', 'b64', 'crit', 'sigT']) {
      if (Object.hasOwn(unprotected, name)) stop(JadesErrorCodes.MALFORMED, `"${name}" must be in the protected header.`);
    }
  }

  // ---- alg
  const alg = header.alg;
  if (!isJadesAlgorithm(alg)) {
    return stop(JadesErrorCodes.UNSUPPORTED_ALGORITHM, `Unsupported "alg" ${JSON.stringify(alg)}: expected RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 or ES512.`);
  }
  result.algorithm = alg;

  // ---- crit and b64
  const crit = header.crit;
  const critNames: string[] = [];
  if (crit !== undefined) {
    if (!Array.isArray(crit) || crit.length === 0 || crit.some((c) => typeof c !== 'string')) {
      stop(JadesErrorCodes.MALFORMED, '"crit" must be a non-empty array of header parameter names.');
    }
    critNames.push(...(crit as string[]));
    if (new Set(critNames).size !== critNames.length) stop(JadesErrorCodes.MALFORMED, '"crit" lists a parameter twice.');
    for (const name of critNames) {
      if (JWS_REGISTERED.has(name)) stop(JadesErrorCodes.MALFORMED, `"crit" must not list the JWS parameter "${name}".`);
      if (!Object.hasOwn(header, name)) stop(JadesErrorCodes.MALFORMED, `"crit" lists "${name}", which is not in the protected header.`);
      if (name === 'sigD') {
        stop(JadesErrorCodes.UNSUPPORTED_CRITICAL, 'The seal is detached ("sigD"): only enveloping seals (the credential is the payload) are supported.');
      }
      if (!CRIT_EVALUATED.has(name) && !CRIT_NOT_EVALUATED.has(name)) {
        stop(JadesErrorCodes.UNSUPPORTED_CRITICAL, `Unsupported critical header parameter "${name}".`);
      }
      if (CRIT_NOT_EVALUATED.has(name)) warn(`The critical JAdES parameter "${name}" was recognised but not evaluated.`);
    }
  }
  let b64 = true;
  if (Object.hasOwn(header, 'b64')) {
    if (typeof header.b64 !== 'boolean') stop(JadesErrorCodes.MALFORMED, '"b64" must be a boolean.');
    b64 = header.b64 as boolean;
    if (!critNames.includes('b64')) stop(JadesErrorCodes.MALFORMED, '"b64" is present but not listed in "crit" (RFC 7797).');
  }
  if (Object.hasOwn(header, 'sigT') && !critNames.includes('sigT')) warn('"sigT" is not listed in "crit", as JAdES requires.');

  // ---- payload bytes and signing input (RFC 7797)
  let payloadBytes: Buffer;
  if (b64) {
    const decoded = decodeBase64url(payload);
    if (!decoded) return stop(JadesErrorCodes.MALFORMED, 'The payload is not valid base64url (and "b64" is not false).');
    payloadBytes = decoded;
  } else {
    payloadBytes = Buffer.from(payload, 'utf8');
    if (payloadBytes.toString('utf8') !== payload) stop(JadesErrorCodes.MALFORMED, 'The payload contains unpaired surrogates: its UTF-8 bytes are not defined.');
    if (jws.kind === 'compact' && payload.includes('.')) warn('A compact JWS with "b64": false and a "." in the payload (RFC 7797 §5.2).');
  }
  const signingInput = Buffer.concat([
    Buffer.from(protectedB64, 'ascii'),
    Buffer.from('.', 'ascii'),
    b64 ? Buffer.from(payload, 'ascii') : payloadBytes,
  ]);

  // ---- the credential
  try {
    const parsed: unknown = JSON.parse(utf8Decoder.decode(payloadBytes));
    if (isObject(parsed)) result.credential = parsed;
    else fail(JadesErrorCodes.PAYLOAD_INVALID, 'The payload is JSON but not an object (a credential).');
  } catch {
    fail(JadesErrorCodes.PAYLOAD_INVALID, 'The payload is not UTF-8 JSON (a credential).');
  }

  // ---- certificates
  const x5cProtected = Object.hasOwn(header, 'x5c');
  const x5c = x5cProtected ? header.x5c : unprotected?.x5c;
  if (x5c === undefined) {
    stop(JadesErrorCodes.CERTIFICATE_INVALID, 'The seal has no "x5c": the seal certificate is needed to check it.');
  }
  if (!Array.isArray(x5c) || x5c.length === 0 || x5c.some((c) => typeof c !== 'string')) {
    stop(JadesErrorCodes.CERTIFICATE_INVALID, '"x5c" must be a non-empty array of base64 DER certificates.');
  }
  const certificates: X509Certificate[] = [];
  for (const [i, text] of (x5c as string[]).entries()) {
    if (!BASE64_RE.test(text)) {
      if (BASE64URL_RE.test(text)) warn(`x5c[${i}] is base64url; RFC 7515 requires base64.`);
      else stop(JadesErrorCodes.CERTIFICATE_INVALID, `x5c[${i}] is not base64.`);
    }
    try {
      certificates.push(new X509Certificate(Buffer.from(text, BASE64_RE.test(text) ? 'base64' : 'base64url')));
    } catch (error) {
      stop(JadesErrorCodes.CERTIFICATE_INVALID, `x5c[${i}] is not an X.509 certificate (${(error as Error).message}).`);
    }
  }
  const leafX509 = certificates[0] as X509Certificate;
  let leaf: ParsedCertificate;
  try {
    leaf = parseCertificate(leafX509);
    result.certificate = describeCertificate(leaf, result.warnings);
  } catch (error) {
    return stop(JadesErrorCodes.CERTIFICATE_INVALID, `The seal certificate could not be read (${(error as Error).message}).`);
  }
  const leafDigest = createHash('sha256').update(leaf.der).digest('base64url');

  // ---- signing certificate reference: x5t#S256 (x5t#o, x5t)
  let referenced = false;
  if (Object.hasOwn(header, 'x5t#S256')) {
    referenced = true;
    if (header['x5t#S256'] !== leafDigest) {
      fail(JadesErrorCodes.CERTIFICATE_DIGEST_MISMATCH, '"x5t#S256" does not match the SHA-256 digest of the first x5c certificate.');
    }
  }
  if (Object.hasOwn(header, 'x5t#o')) {
    referenced = true;
    const o = header['x5t#o'];
    const hash = isObject(o) && typeof o.digAlg === 'string' ? DIGEST_URIS[o.digAlg] : undefined;
    if (!isObject(o) || !hash || typeof o.digVal !== 'string') {
      fail(JadesErrorCodes.CERTIFICATE_DIGEST_MISMATCH, '"x5t#o" is malformed or uses an unsupported digest algorithm.');
    } else {
      const digest = createHash(hash).update(leaf.der).digest();
      const given = Buffer.from(o.digVal, /[+/=]/.test(o.digVal) ? 'base64' : 'base64url');
      if (!digest.equals(given)) fail(JadesErrorCodes.CERTIFICATE_DIGEST_MISMATCH, '"x5t#o" does not match the first x5c certificate.');
    }
  }
  if (Object.hasOwn(header, 'x5t')) {
    if (header.x5t !== createHash('sha1').update(leaf.der).digest('base64url')) {
      fail(JadesErrorCodes.CERTIFICATE_DIGEST_MISMATCH, '"x5t" does not match the SHA-1 digest of the first x5c certificate.');
    }
  }
  if (!referenced && !Object.hasOwn(header, 'sigX5ts')) {
    if (x5cProtected) warn('The protected header has no "x5t#S256"; JAdES requires a signing certificate digest.');
    else fail(JadesErrorCodes.CERTIFICATE_DIGEST_MISMATCH, 'The certificate is in the unprotected header and no "x5t#S256" binds it to the signature.');
  }
  if (typeof header.kid === 'string') {
    let expected: string | undefined;
    try {
      expected = issuerSerialKid(leaf.der);
    } catch {
      expected = undefined;
    }
    if (header.kid !== expected) warn('"kid" is not the issuer and serial number of the x5c certificate (it is only a hint; not used).');
  }

  // ---- signature
  const key = leafX509.publicKey;
  const mismatch = keyMismatch(alg, key);
  if (mismatch) return stop(JadesErrorCodes.UNSUPPORTED_ALGORITHM, `${mismatch}.`);
  const spec = ALGORITHMS[alg];
  const modulusBits = key.asymmetricKeyDetails?.modulusLength;
  if (spec.family !== 'ES' && modulusBits !== undefined && modulusBits < 2048) warn(`The seal key is a ${modulusBits}-bit RSA key (under 2048 bits).`);
  let signatureValid = false;
  if (spec.size !== undefined && signature.length !== spec.size * 2) {
    fail(JadesErrorCodes.SIGNATURE_INVALID, `An ${alg} signature is ${spec.size * 2} bytes (r || s), this one is ${signature.length}.`);
  } else {
    try {
      signatureValid = cryptoVerify(spec.hash, signingInput, keyInput(alg, key), signature);
    } catch {
      signatureValid = false;
    }
    if (!signatureValid) {
      fail(JadesErrorCodes.SIGNATURE_INVALID, 'The signature does not verify with the public key of the first x5c certificate: the seal or the credential was changed, or another key signed it.');
    }
  }
  const usage = keyUsageOf(leaf);
  if (usage && !usage.includes('digitalSignature') && !usage.includes('nonRepudiation')) {
    warn('The seal certificate\'s key usage allows neither digitalSignature nor nonRepudiation.');
  }

  // ---- sigT and the certificate's validity at sigT
  const notBefore = leaf.asn1.tbsCertificate.validity.notBefore.getTime();
  const notAfter = leaf.asn1.tbsCertificate.validity.notAfter.getTime();
  let signingTime: Date | undefined;
  const sigT = header.sigT;
  if (sigT === undefined) {
    fail(JadesErrorCodes.SIGNING_TIME, 'The protected header has no "sigT" (signing time), which JAdES requires.');
  } else if (typeof sigT !== 'string' || !SIG_T_RE.test(sigT)) {
    fail(JadesErrorCodes.SIGNING_TIME, `"sigT" ${JSON.stringify(sigT)} is not a UTC time (YYYY-MM-DDThh:mm:ssZ).`);
  } else {
    result.signingTime = sigT;
    const date = new Date(sigT);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 19) !== sigT.slice(0, 19)) {
      fail(JadesErrorCodes.SIGNING_TIME, `"sigT" ${sigT} is not a valid date and time.`);
    } else if (date.getTime() > now.getTime() + FUTURE_SKEW_MS) {
      fail(JadesErrorCodes.SIGNING_TIME, `"sigT" ${sigT} is in the future.`);
    } else {
      signingTime = date;
      if (date < notBefore || date > notAfter) {
        fail(
          JadesErrorCodes.CERTIFICATE_NOT_VALID_AT_SIGNING_TIME,
          `The seal certificate was not valid at the signing time ${sigT} (valid from ${notBefore.toISOString()} to ${notAfter.toISOString()}).`,
        );
      } else if (now > notAfter) {
        warn(`The seal certificate expired on ${notAfter.toISOString()}, after the seal was made (${sigT}); seals are checked at the signing time.`);
      }
    }
  }

  // ---- timestamps (read, not validated)
  const timestamps = readTimestamps(header, unprotected, { payload: b64 ? undefined : payloadBytes, signature: signatureB64 }, result.warnings);
  if (timestamps.length > 0) result.timestamps = timestamps;

  // ---- chain to the trust anchors
  const anchors: X509Certificate[] = [];
  for (const [i, anchor] of (options.trustAnchors ?? []).entries()) {
    try {
      anchors.push(...toCertificates([anchor]));
    } catch (error) {
      warn(`Trust anchor ${i} is not a certificate and was ignored (${(error as Error).message}).`);
    }
  }
  // x5c usually holds only the seal certificate; the issuing CAs are often in etsiU xVals.
  // Both are untrusted path candidates: only a configured anchor makes the path trusted.
  result.chain = buildChain(leafX509, [...certificates.slice(1), ...validationCertificates(unprotected)], anchors, signingTime);

  return signatureValid;
}
