import { spawn } from 'node:child_process';
import { createHash, createPrivateKey, randomUUID, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import {
  sealJades,
  sealJadesWithExternalSigner,
  verifyJades,
  type JadesAlgorithm,
  type JadesSeal,
} from '@microcred/securing';
import type { Logger } from './log.ts';
import type { Store, Tenant } from './storage/index.ts';

/*
 * A tenant's electronic seal, for the Europass rendition: an X.509 e-seal certificate (with its
 * chain) and either its private key (PEM or PKCS#12, RSA or P-256/P-384) or an external signer,
 * since qualified seal keys live in secure hardware (a QSCD, an HSM, a remote signing service).
 *
 * It is tenant key material, so it lives in the keys table (key_type `eseal`): the public part
 * (certificates and what they say) as the key's public JSON, the secret part (the private key, or
 * how to reach the signer) as its private text, which never leaves the server. Setting a new seal
 * retires the old one, as key rotation does.
 */

export const SEAL_KEY_TYPE = 'eseal';
/** The service warns this many days before the seal certificate expires. */
export const SEAL_EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

/** How the signature is made: with the stored key, by an HTTP signing service, or by a local command (operator-configured only). */
export type ExternalSigner =
  | { type: 'http'; url: string; headers?: Record<string, string> }
  | { type: 'command'; command: string[] };

export interface SealInput {
  /** PEM: the seal certificate first, then its CA certificates (one string may hold several). */
  certificateChain?: string | string[];
  /** PEM (PKCS#8, PKCS#1 or SEC1) of the seal key. */
  privateKey?: string;
  /** A PKCS#12 (.p12/.pfx) file holding the key and the certificates: bytes, or base64. */
  pkcs12?: Uint8Array | string;
  password?: string;
  signer?: ExternalSigner;
  /** Default: RS256 for RSA, ES256 / ES384 by curve. PS256/384/512 on request for RSA keys. */
  algorithm?: JadesAlgorithm;
}

/** What anybody with a token may see of the seal: nothing secret. */
export interface SealSummary {
  id: string;
  subject: string;
  issuer: string;
  organizationIdentifier: string;
  organization?: string;
  country?: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  algorithm: JadesAlgorithm;
  signer: 'key' | 'http' | 'command';
  /** Whether the certificate carries the QcCompliance statement (a qualified certificate says so). */
  qualified: boolean;
  createdAt: string;
}

interface SealPublic extends Omit<SealSummary, 'id' | 'createdAt'> {
  type: 'X509SealCertificate';
  certificateChain: string[];
}

type SealSecret = { kind: 'key'; privateKeyPem: string } | { kind: 'http'; url: string; headers?: Record<string, string> } | { kind: 'command'; command: string[] };

/** A seal ready to use. */
export interface TenantSeal {
  summary: SealSummary;
  seal(credential: object | string, signingTime: Date): Promise<JadesSeal>;
}

/** Refusals of a seal configuration, with a message the operator can act on. */
export class SealConfigError extends Error {
  readonly code = 'ERR_SEAL_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'SealConfigError';
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function certificatesOf(chain: string | string[] | undefined): X509Certificate[] {
  const text = [chain ?? []].flat().join('\n');
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new SealConfigError('certificateChain must hold the seal certificate (PEM), then its CA certificates.');
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new SealConfigError(`certificateChain[${i}] is not a readable X.509 certificate.`);
    }
  });
}

function privateKeyOf(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    // The key's text is not repeated: it is a secret even when malformed.
    throw new SealConfigError('privateKey is not a readable private key (PEM: PKCS#8, PKCS#1 or SEC1; unencrypted).');
  }
}

/** The key and certificates of a PKCS#12 file (node:crypto cannot read PKCS#12; node-forge decrypts it, node:crypto takes over). */
export function readPkcs12(data: Uint8Array | string, password = ''): { privateKeyPem: string; certificates: string[] } {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'base64') : Buffer.from(data);
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bytes.toString('binary')), password);
  } catch (error) {
    const message = /MAC could not be verified|Invalid password/i.test((error as Error).message)
      ? 'the password is wrong'
      : 'it is not a readable PKCS#12 file';
    throw new SealConfigError(`The PKCS#12 file cannot be opened: ${message}.`);
  }
  const oids = { shrouded: forge.pki.oids.pkcs8ShroudedKeyBag as string, key: forge.pki.oids.keyBag as string, cert: forge.pki.oids.certBag as string };
  const keyBags = [...(p12.getBags({ bagType: oids.shrouded })[oids.shrouded] ?? []), ...(p12.getBags({ bagType: oids.key })[oids.key] ?? [])];
  if (keyBags.length !== 1) throw new SealConfigError(`The PKCS#12 file must hold exactly one private key; it holds ${keyBags.length}.`);
  const bag = keyBags[0] as forge.pkcs12.Bag & { asn1?: forge.asn1.Asn1 };
  // forge parses RSA keys only; an EC key comes back as its (decrypted) PrivateKeyInfo.
  const keyInfo = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key as forge.pki.rsa.PrivateKey)) : bag.asn1;
  if (!keyInfo) throw new SealConfigError('The PKCS#12 file\'s private key cannot be read.');
  const key = createPrivateKey({ key: Buffer.from(forge.asn1.toDer(keyInfo).getBytes(), 'binary'), format: 'der', type: 'pkcs8' });
  const certBags = (p12.getBags({ bagType: oids.cert })[oids.cert] ?? []) as (forge.pkcs12.Bag & { asn1?: forge.asn1.Asn1 })[];
  const certificates = certBags.map((cert) => {
    const der = cert.cert ? forge.asn1.toDer(forge.pki.certificateToAsn1(cert.cert)).getBytes() : cert.asn1 ? forge.asn1.toDer(cert.asn1).getBytes() : undefined;
    if (der === undefined) throw new SealConfigError('A certificate in the PKCS#12 file cannot be read.');
    return new X509Certificate(Buffer.from(der, 'binary'));
  });
  // The seal certificate (the key's) first, then the others in the file's order.
  const leaf = certificates.find((c) => c.checkPrivateKey(key));
  if (!leaf) throw new SealConfigError('The PKCS#12 file holds no certificate of its private key.');
  return {
    privateKeyPem: key.export({ format: 'pem', type: 'pkcs8' }) as string,
    certificates: [leaf, ...certificates.filter((c) => c !== leaf)].map((c) => c.toString()),
  };
}

function defaultAlgorithm(certificate: X509Certificate): JadesAlgorithm {
  const key = certificate.publicKey;
  if (key.asymmetricKeyType === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < 2048) throw new SealConfigError(`The seal key is RSA ${bits} bits; use at least 2048.`);
    return 'RS256';
  }
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return 'ES256';
    if (curve === 'secp384r1') return 'ES384';
    throw new SealConfigError(`The seal key is on curve ${String(curve)}; use P-256 or P-384 (or RSA).`);
  }
  throw new SealConfigError(`The seal key is ${String(key.asymmetricKeyType)}; use RSA or P-256.`);
}

function checkAlgorithm(algorithm: JadesAlgorithm, fallback: JadesAlgorithm): JadesAlgorithm {
  const family = (a: string) => (a.startsWith('ES') ? a : 'RSA');
  if (family(algorithm) !== family(fallback)) throw new SealConfigError(`algorithm ${algorithm} does not fit the seal key (use ${fallback}).`);
  return algorithm;
}

/** The external signer's answer: raw signature bytes, or JSON `{signature}` in base64 / base64url. */
async function signatureFromResponse(response: Response): Promise<Uint8Array> {
  const type = response.headers.get('content-type') ?? '';
  if (/json/i.test(type)) {
    const body = (await response.json()) as { signature?: unknown };
    if (typeof body.signature !== 'string') throw new Error('the signing service answered JSON without a "signature" string');
    return Buffer.from(body.signature.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  }
  return new Uint8Array(await response.arrayBuffer());
}

const SIGNER_TIMEOUT_MS = 30_000;

/** Signs with an external signer. Its errors say what failed, never what was signed or any credential of the signer. */
export function externalSign(signer: ExternalSigner, algorithm: JadesAlgorithm): (input: Uint8Array) => Promise<Uint8Array> {
  if (signer.type === 'http') {
    return async (input) => {
      let response: Response;
      try {
        response = await fetch(signer.url, {
          method: 'POST',
          headers: { ...signer.headers, 'content-type': 'application/octet-stream', accept: 'application/octet-stream, application/json', 'x-signature-algorithm': algorithm },
          body: input,
          redirect: 'error',
          signal: AbortSignal.timeout(SIGNER_TIMEOUT_MS),
        });
      } catch (error) {
        throw new Error(`the signing service at ${new URL(signer.url).origin} cannot be reached: ${(error as Error).message}`);
      }
      if (!response.ok) throw new Error(`the signing service at ${new URL(signer.url).origin} answered HTTP ${response.status}`);
      return signatureFromResponse(response);
    };
  }
  return (input) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const [program, ...args] = signer.command;
      if (!program) return reject(new Error('the signing command is empty'));
      const child = spawn(program, args, {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, MICROCRED_SEAL_ALGORITHM: algorithm },
        timeout: SIGNER_TIMEOUT_MS,
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', (error) => reject(new Error(`the signing command ${program} cannot run: ${error.message}`)));
      child.on('close', (code) => {
        if (code === 0 && out.length > 0) return resolve(new Uint8Array(Buffer.concat(out)));
        const said = Buffer.concat(err).toString('utf8').trim().slice(0, 200);
        reject(new Error(`the signing command ${program} failed (exit ${String(code)})${said ? `: ${said}` : ''}`));
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(Buffer.from(input));
    });
}

/** Where an HTTP signer may be: HTTPS, or plain HTTP on loopback when the operator allows it. */
export function checkSignerUrl(url: string, allowLoopbackHttp: boolean): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SealConfigError(`signer.url ${JSON.stringify(url)} is not a URL.`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback && allowLoopbackHttp)) return;
  throw new SealConfigError('signer.url must be an https:// URL (plain http only to 127.0.0.1 with MICROCRED_ALLOW_LOOPBACK=1).');
}

function buildSeal(id: string, createdAt: string, publicPart: SealPublic, secret: SealSecret): TenantSeal {
  const { type: _type, certificateChain, ...info } = publicPart;
  const summary: SealSummary = { id, ...info, createdAt };
  const seal = (credential: object | string, signingTime: Date): Promise<JadesSeal> =>
    secret.kind === 'key'
      ? sealJades(credential, { privateKey: secret.privateKeyPem, certificateChain, signingTime, algorithm: info.algorithm })
      : sealJadesWithExternalSigner(credential, {
          certificateChain,
          algorithm: info.algorithm,
          signingTime,
          sign: externalSign(secret.kind === 'http' ? { type: 'http', url: secret.url, ...(secret.headers ? { headers: secret.headers } : {}) } : { type: 'command', command: secret.command }, info.algorithm),
        });
  return { summary, seal };
}

/**
 * Reads and checks a seal configuration, then proves it works: it seals a probe and verifies the seal
 * with the project's own JAdES verifier (which also reads the certificate's organisation identifier,
 * the issuer's eIDAS identifier in every Europass credential).
 */
export async function prepareSeal(
  input: SealInput,
  options: { now: Date; allowCommand: boolean; allowLoopbackHttp: boolean },
): Promise<{ publicPart: SealPublic; secret: SealSecret }> {
  if (typeof input !== 'object' || input === null) throw new SealConfigError('The seal configuration must be an object.');
  const ways = [input.privateKey !== undefined, input.pkcs12 !== undefined, input.signer !== undefined].filter(Boolean).length;
  if (ways !== 1) throw new SealConfigError('Give exactly one of privateKey (PEM), pkcs12 (with password) or signer (an external signer).');

  let certificates: X509Certificate[];
  let secret: SealSecret;
  if (input.pkcs12 !== undefined) {
    const read = readPkcs12(input.pkcs12, input.password ?? '');
    // Certificates given beside the file complete its chain (files often carry the seal certificate alone).
    certificates = [...certificatesOf(read.certificates), ...(input.certificateChain ? certificatesOf(input.certificateChain) : [])];
    secret = { kind: 'key', privateKeyPem: read.privateKeyPem };
  } else {
    certificates = certificatesOf(input.certificateChain);
    if (input.privateKey !== undefined) {
      if (typeof input.privateKey !== 'string') throw new SealConfigError('privateKey must be PEM text.');
      const key = privateKeyOf(input.privateKey);
      secret = { kind: 'key', privateKeyPem: key.export({ format: 'pem', type: 'pkcs8' }) as string };
    } else {
      const signer = input.signer as ExternalSigner;
      if (signer?.type === 'http' && typeof signer.url === 'string') {
        checkSignerUrl(signer.url, options.allowLoopbackHttp);
        const headers = signer.headers;
        if (headers !== undefined && (typeof headers !== 'object' || Object.values(headers).some((v) => typeof v !== 'string'))) {
          throw new SealConfigError('signer.headers must map header names to text.');
        }
        secret = { kind: 'http', url: signer.url, ...(headers ? { headers } : {}) };
      } else if (signer?.type === 'command' && Array.isArray(signer.command) && signer.command.length > 0 && signer.command.every((p) => typeof p === 'string')) {
        // A command runs on the server: only the operator (the CLI, on the database) may configure one, never an API token.
        if (!options.allowCommand) throw new SealConfigError('A signing command can be configured only by the operator (microcred seal set --signer-command).');
        secret = { kind: 'command', command: signer.command };
      } else {
        throw new SealConfigError('signer must be {type: "http", url, headers?} or {type: "command", command: [program, ...args]}.');
      }
    }
  }
  const leaf = certificates[0] as X509Certificate;
  if (secret.kind === 'key' && !leaf.checkPrivateKey(createPrivateKey(secret.privateKeyPem))) {
    throw new SealConfigError('The private key is not the key of the seal certificate (the first certificate of the chain).');
  }
  const fallback = defaultAlgorithm(leaf);
  const algorithm = input.algorithm === undefined ? fallback : checkAlgorithm(input.algorithm, fallback);
  if (new Date(leaf.validTo) <= options.now) throw new SealConfigError(`The seal certificate expired on ${new Date(leaf.validTo).toISOString()}.`);
  if (new Date(leaf.validFrom) > options.now) throw new SealConfigError(`The seal certificate is valid only from ${new Date(leaf.validFrom).toISOString()}.`);

  const chain = certificates.map((c) => c.toString());
  const draft: SealPublic = {
    type: 'X509SealCertificate',
    certificateChain: chain,
    subject: '',
    issuer: '',
    organizationIdentifier: '',
    serialNumber: '',
    notBefore: '',
    notAfter: '',
    algorithm,
    signer: secret.kind,
    qualified: false,
  };
  let probe: JadesSeal;
  try {
    probe = await buildSeal('probe', options.now.toISOString(), draft, secret).seal({ probe: 'microcred seal check', at: options.now.toISOString() }, options.now);
  } catch (error) {
    throw new SealConfigError(`The seal does not work: ${(error as Error).message}`);
  }
  const checked = await verifyJades(probe, { now: options.now });
  if (!checked.verified || !checked.certificate) {
    throw new SealConfigError(`The seal does not verify: ${checked.errors.map((e) => e.message).join(' ')}`);
  }
  const info = checked.certificate;
  if (!info.organizationIdentifier) {
    throw new SealConfigError(
      'The seal certificate has no organizationIdentifier (2.5.4.97, e.g. VATBE-0123456789): Europass checks it against the issuer\'s eIDAS identifier.',
    );
  }
  return {
    publicPart: {
      ...draft,
      subject: info.subject,
      issuer: info.issuer,
      organizationIdentifier: info.organizationIdentifier,
      ...(info.organization ? { organization: info.organization } : {}),
      ...(info.country ? { country: info.country } : {}),
      serialNumber: info.serialNumber,
      notBefore: info.notBefore,
      notAfter: info.notAfter,
      qualified: (info.qcStatements ?? []).includes('QcCompliance'),
    },
    secret,
  };
}

/** Sets the tenant's seal (retiring the one before), after prepareSeal checked it. */
export async function setTenantSeal(
  store: Store,
  tenant: Tenant,
  input: SealInput,
  options: { now: Date; actor: string | null; allowCommand: boolean; allowLoopbackHttp: boolean; logger?: Logger },
): Promise<SealSummary> {
  const { publicPart, secret } = await prepareSeal(input, options);
  const fingerprint = createHash('sha256').update(publicPart.certificateChain[0] as string).digest('hex').slice(0, 16);
  const id = `urn:microcred:${tenant.id}:eseal:${fingerprint}:${randomUUID()}`;
  const { activated } = await store.keys.rotate(
    tenant.id,
    { id, keyType: SEAL_KEY_TYPE, publicKey: publicPart, privateKey: JSON.stringify(secret) },
    { actor: options.actor },
  );
  const seal = buildSeal(activated.id, activated.createdAt, publicPart, secret);
  const warning = sealWarning(seal.summary, options.now);
  if (warning) options.logger?.warn(warning, { tenant: tenant.id });
  return seal.summary;
}

/** The tenant's active seal, ready to use, or undefined. */
export async function tenantSeal(store: Store, tenantId: string): Promise<TenantSeal | undefined> {
  const key = await store.keys.getActive(tenantId, SEAL_KEY_TYPE);
  if (!key) return undefined;
  return buildSeal(key.id, key.createdAt, key.publicKey as SealPublic, JSON.parse(key.privateKey) as SealSecret);
}

/** Days until the seal certificate expires (negative once expired). */
export function sealDaysLeft(summary: Pick<SealSummary, 'notAfter'>, now: Date): number {
  return Math.floor((Date.parse(summary.notAfter) - now.getTime()) / DAY_MS);
}

/** The warning to give when the seal certificate expires within SEAL_EXPIRY_WARNING_DAYS, else undefined. */
export function sealWarning(summary: Pick<SealSummary, 'notAfter'>, now: Date): string | undefined {
  const days = sealDaysLeft(summary, now);
  const date = summary.notAfter.slice(0, 10);
  if (Date.parse(summary.notAfter) <= now.getTime()) {
    return `The e-seal certificate expired on ${date}: Europass credentials cannot be sealed until a new one is set.`;
  }
  if (days <= SEAL_EXPIRY_WARNING_DAYS) {
    return `The e-seal certificate expires on ${date} (in ${days} day${days === 1 ? '' : 's'}): renew it and set the new one.`;
  }
  return undefined;
}

/** What GET /tenants/current and GET /tenants/current/seal say about the seal. */
export async function sealStatus(store: Store, tenantId: string, now: Date): Promise<{ seal: (SealSummary & { daysLeft: number }) | null; warnings: string[] }> {
  const seal = await tenantSeal(store, tenantId);
  if (!seal) return { seal: null, warnings: [] };
  const warning = sealWarning(seal.summary, now);
  return { seal: { ...seal.summary, daysLeft: sealDaysLeft(seal.summary, now) }, warnings: warning ? [warning] : [] };
}

/** sealStatus, and the warning logged as well: what GET /tenants/current shows an operator. */
export async function reportSeal(services: { store: Store; clock: () => Date; logger: Logger }, tenantId: string) {
  const status = await sealStatus(services.store, tenantId, services.clock());
  for (const warning of status.warnings) services.logger.warn(warning, { tenant: tenantId });
  return status;
}
