import { createPrivateKey, createPublicKey, sign as cryptoSign, verify as cryptoVerify, type KeyObject, type X509Certificate } from 'node:crypto';
import { ALGORITHMS, defaultAlgorithm, isJadesAlgorithm, keyInput, keyMismatch } from './algorithms.ts';
import { issuerSerialKid, sha256Base64url, toCertificates } from './certificate.ts';
import { DerError, ecdsaDerToJose } from './der.ts';
import {
  JadesError,
  JadesErrorCodes,
  type ExternalSignerOptions,
  type JadesAlgorithm,
  type JadesSeal,
  type SealJadesOptions,
} from './types.ts';

/** The payload string: the credential's compact JSON, or the given JSON text unchanged. */
function payloadOf(credential: object | string): string {
  if (typeof credential === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(credential);
    } catch (error) {
      throw new JadesError(JadesErrorCodes.INVALID_INPUT, `The credential is not JSON (${(error as Error).message}).`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new JadesError(JadesErrorCodes.INVALID_INPUT, 'The credential must be a JSON object.');
    }
    if (Buffer.from(credential, 'utf8').toString('utf8') !== credential) {
      throw new JadesError(JadesErrorCodes.INVALID_INPUT, 'The credential text contains unpaired surrogates.');
    }
    return credential;
  }
  if (credential === null || typeof credential !== 'object' || Array.isArray(credential)) {
    throw new JadesError(JadesErrorCodes.INVALID_INPUT, 'The credential must be a JSON object.');
  }
  const text = JSON.stringify(credential);
  if (Buffer.from(text, 'utf8').toString('utf8') !== text) {
    throw new JadesError(JadesErrorCodes.INVALID_INPUT, 'The credential contains unpaired surrogates.');
  }
  return text;
}

function chainOf(list: Array<string | X509Certificate>): X509Certificate[] {
  let chain: X509Certificate[];
  try {
    chain = toCertificates(list ?? []);
  } catch (error) {
    throw new JadesError(JadesErrorCodes.INVALID_INPUT, `The certificate chain holds something that is not a certificate (${(error as Error).message}).`);
  }
  if (chain.length === 0) throw new JadesError(JadesErrorCodes.INVALID_INPUT, 'The certificate chain is empty: the seal certificate comes first.');
  return chain;
}

/** `sigT`: UTC, whole seconds (`2023-09-27T11:54:17Z`), as in the official samples. */
function sigTOf(date: Date | undefined): { sigT: string; at: Date } {
  const at = date ?? new Date();
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new JadesError(JadesErrorCodes.INVALID_INPUT, 'signingTime is not a valid date.');
  const sigT = `${at.toISOString().slice(0, 19)}Z`;
  return { sigT, at: new Date(sigT) };
}

/**
 * The protected header, with the parameters and order of the Europass samples:
 * alg, cty, kid (IssuerSerial), x5t#S256, x5c, typ, b64: false, sigT, crit.
 * (The official samples also carry `adoTst`, a data-object timestamp from a TSA; not made here.)
 */
function protectedHeader(alg: JadesAlgorithm, chain: X509Certificate[], sigT: string): Record<string, unknown> {
  const leaf = new Uint8Array(chain[0]!.raw);
  return {
    alg,
    cty: 'octet-stream',
    kid: issuerSerialKid(leaf),
    'x5t#S256': sha256Base64url(leaf),
    x5c: chain.map((c) => c.raw.toString('base64')),
    typ: 'jose+json',
    b64: false,
    sigT,
    crit: ['b64', 'sigT'],
  };
}

/**
 * Seals with a signer outside this process (HSM, QSCD, remote signing service): `sign`
 * receives the exact JWS signing input, ASCII(BASE64URL(protected)) || "." || UTF-8(payload),
 * and returns the signature. The result is checked with the certificate's key before it is returned.
 */
export async function sealJadesWithExternalSigner(credential: object | string, options: ExternalSignerOptions): Promise<JadesSeal> {
  const payload = payloadOf(credential);
  const chain = chainOf(options.certificateChain);
  const leaf = chain[0] as X509Certificate;
  const alg = options.algorithm;
  if (!isJadesAlgorithm(alg)) throw new JadesError(JadesErrorCodes.UNSUPPORTED_ALGORITHM, `Unsupported algorithm ${JSON.stringify(alg)}.`);
  const mismatch = keyMismatch(alg, leaf.publicKey);
  if (mismatch) throw new JadesError(JadesErrorCodes.UNSUPPORTED_ALGORITHM, `${mismatch}.`);
  if (typeof options.sign !== 'function') throw new JadesError(JadesErrorCodes.INVALID_INPUT, 'sign must be a function.');
  const { sigT, at } = sigTOf(options.signingTime);
  const notBefore = new Date(leaf.validFrom);
  const notAfter = new Date(leaf.validTo);
  if (at < notBefore || at > notAfter) {
    throw new JadesError(
      JadesErrorCodes.CERTIFICATE_NOT_VALID_AT_SIGNING_TIME,
      `The seal certificate is not valid at ${sigT} (valid from ${notBefore.toISOString()} to ${notAfter.toISOString()}).`,
    );
  }

  const protectedB64 = Buffer.from(JSON.stringify(protectedHeader(alg, chain, sigT)), 'utf8').toString('base64url');
  const signingInput = Buffer.concat([Buffer.from(`${protectedB64}.`, 'ascii'), Buffer.from(payload, 'utf8')]);
  let signature = Buffer.from(await options.sign(new Uint8Array(signingInput)));
  const size = ALGORITHMS[alg].size;
  if (size !== undefined && signature.length !== size * 2 && signature[0] === 0x30) {
    try {
      signature = Buffer.from(ecdsaDerToJose(signature, size));
    } catch (error) {
      if (!(error instanceof DerError)) throw error;
    }
  }
  let valid = false;
  try {
    valid = cryptoVerify(ALGORITHMS[alg].hash, signingInput, keyInput(alg, leaf.publicKey), signature);
  } catch {
    valid = false;
  }
  if (!valid) {
    throw new JadesError(
      JadesErrorCodes.SIGNATURE_INVALID,
      `The signer's ${alg} signature does not verify with the seal certificate's public key (wrong key, algorithm or signature format).`,
    );
  }
  return { payload, signatures: [{ protected: protectedB64, signature: signature.toString('base64url') }] };
}

function privateKeyOf(privateKey: KeyObject | string): KeyObject {
  try {
    const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
    if (key.type !== 'private') throw new Error('not a private key');
    return key;
  } catch (error) {
    throw new JadesError(JadesErrorCodes.INVALID_INPUT, `The seal's private key is not usable (${(error as Error).message}).`);
  }
}

/**
 * Seals a credential with JAdES as Europass does: JWS JSON general serialization, enveloping
 * (`payload` = the credential's JSON text), `b64: false`, `x5c`, `x5t#S256`, `sigT`, `crit: ["b64", "sigT"]`.
 */
export async function sealJades(credential: object | string, options: SealJadesOptions): Promise<JadesSeal> {
  const key = privateKeyOf(options.privateKey);
  const chain = chainOf(options.certificateChain);
  const spki = (k: KeyObject): string => k.export({ type: 'spki', format: 'der' }).toString('base64');
  if (spki(createPublicKey(key)) !== spki((chain[0] as X509Certificate).publicKey)) {
    throw new JadesError(JadesErrorCodes.INVALID_INPUT, 'The private key does not belong to the seal certificate (the first certificate of the chain).');
  }
  const algorithm = options.algorithm ?? defaultAlgorithm(key);
  if (!algorithm) throw new JadesError(JadesErrorCodes.UNSUPPORTED_ALGORITHM, `No JAdES algorithm for a ${key.asymmetricKeyType ?? 'unknown'} key.`);
  return sealJadesWithExternalSigner(credential, {
    certificateChain: chain,
    algorithm,
    ...(options.signingTime ? { signingTime: options.signingTime } : {}),
    sign: async (input) => cryptoSign(ALGORITHMS[algorithm].hash, input, keyInput(algorithm, key)),
  });
}
