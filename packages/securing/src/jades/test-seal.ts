import { createHash, generateKeyPair, randomBytes, sign as cryptoSign, X509Certificate, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
} from '@peculiar/asn1-x509';
import { OID } from './certificate.ts';
import { encodeOid, sequence } from './der.ts';
import { JadesError, JadesErrorCodes } from './types.ts';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface GenerateTestSealOptions {
  /** The organisation (subject O, and CN unless `commonName` is given). */
  organization: string;
  /** Subject attribute 2.5.4.97, ETSI EN 319 412-1 form: `VATBE-0123456789`, `NTRBE-0123456789`, `LEIXG-…`. */
  organizationIdentifier: string;
  /** ISO 3166 two-letter country code (subject C). */
  country: string;
  keyType: 'RSA' | 'P-256';
  /** Validity of the seal certificate in days from `notBefore` (default 365). */
  validDays?: number;
  /** Start of the seal certificate's validity (default: 5 minutes ago). */
  notBefore?: Date;
  commonName?: string;
}

export interface TestSeal {
  /** PKCS#8 PEM of the seal key. */
  privateKeyPem: string;
  /** The seal certificate (PEM), issued by the test CA. */
  certificatePem: string;
  /** The self-signed test CA (PEM): the trust anchor to configure when verifying. */
  caCertificatePem: string;
}

const DAY_MS = 86_400_000;
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const QC_SEMANTICS_V2 = '1.3.6.1.5.5.7.11.2';
const SEMANTICS_LEGAL_PERSON = '0.4.0.194121.1.2';
const QC_TYPE = '0.4.0.1862.1.6';
const QC_TYPE_ESEAL = '0.4.0.1862.1.6.2';

const PRINTABLE_RE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

function attribute(type: string, value: string): RelativeDistinguishedName {
  const encoded = type === OID.country || (type === OID.organizationIdentifier && PRINTABLE_RE.test(value))
    ? new AttributeValue({ printableString: value })
    : new AttributeValue({ utf8String: value });
  return new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: encoded })]);
}

function name(attributes: Array<[string, string | undefined]>): Name {
  return new Name(attributes.filter((a): a is [string, string] => a[1] !== undefined).map(([type, value]) => attribute(type, value)));
}

function extension(extnID: string, critical: boolean, value: ArrayBuffer | Uint8Array): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(value instanceof Uint8Array ? value : new Uint8Array(value)) });
}

/** The subject key identifier: SHA-1 of the subjectPublicKey BIT STRING contents (RFC 5280 method 1). */
const keyIdentifier = (spki: SubjectPublicKeyInfo): Uint8Array => createHash('sha1').update(new Uint8Array(spki.subjectPublicKey)).digest();

function serialNumber(): ArrayBuffer {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] as number) & 0x7f) | 0x40; // positive, minimal DER
  return new Uint8Array(bytes).buffer;
}

interface CertificateSpec {
  subject: Name;
  issuer: Name;
  notBefore: Date;
  notAfter: Date;
  publicKey: KeyObject;
  signingKey: KeyObject;
  extensions: Extension[];
}

function buildCertificate(spec: CertificateSpec): X509Certificate {
  const spki = AsnConvert.parse(spec.publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo);
  const signatureAlgorithm = spec.signingKey.asymmetricKeyType === 'rsa'
    ? new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null })
    : new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 });
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: serialNumber(),
    signature: signatureAlgorithm,
    issuer: spec.issuer,
    validity: new Validity({ notBefore: spec.notBefore, notAfter: spec.notAfter }),
    subject: spec.subject,
    subjectPublicKeyInfo: spki,
    extensions: new Extensions(spec.extensions),
  });
  const tbs = Buffer.from(AsnConvert.serialize(tbsCertificate));
  const signature = cryptoSign('sha256', tbs, spec.signingKey); // ECDSA: DER, as X.509 wants
  const certificate = new Certificate({ tbsCertificate, signatureAlgorithm, signatureValue: new Uint8Array(signature).buffer });
  return new X509Certificate(Buffer.from(AsnConvert.serialize(certificate)));
}

async function newKey(keyType: 'RSA' | 'P-256'): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return keyType === 'RSA'
    ? generateKeyPairAsync('rsa', { modulusLength: 2048 })
    : generateKeyPairAsync('ec', { namedCurve: 'prime256v1' });
}

/**
 * FOR TESTS AND DEVELOPMENT ONLY: a self-signed test CA and an e-seal certificate issued by it,
 * with the organisation identifier (2.5.4.97) and QCStatements QcType=eseal and the legal-person
 * semantics identifier — but NOT QcCompliance: these are not qualified certificates, and the
 * Europass wallet will not trust them. Configure `caCertificatePem` as the trust anchor.
 */
export async function generateTestSeal(options: GenerateTestSealOptions): Promise<TestSeal> {
  const { organization, organizationIdentifier, country, keyType } = options;
  if (typeof organization !== 'string' || organization.trim() === '') throw new JadesError(JadesErrorCodes.INVALID_INPUT, 'organization is required.');
  if (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country)) throw new JadesError(JadesErrorCodes.INVALID_INPUT, 'country must be a two-letter ISO 3166 code (e.g. BE).');
  if (typeof organizationIdentifier !== 'string' || !/^[A-Z]{3}[A-Z]{2}(:[A-Za-z0-9]{1,2})?-\S+$/.test(organizationIdentifier)) {
    throw new JadesError(
      JadesErrorCodes.INVALID_INPUT,
      'organizationIdentifier must follow ETSI EN 319 412-1: type (VAT, NTR, PSD, LEI, …), country, "-", identifier — e.g. VATBE-0123456789.',
    );
  }
  if (keyType !== 'RSA' && keyType !== 'P-256') throw new JadesError(JadesErrorCodes.INVALID_INPUT, 'keyType must be RSA or P-256.');
  const validDays = options.validDays ?? 365;
  if (!Number.isFinite(validDays) || validDays <= 0) throw new JadesError(JadesErrorCodes.INVALID_INPUT, 'validDays must be a positive number.');
  const notBefore = new Date(Math.floor((options.notBefore ?? new Date(Date.now() - 5 * 60_000)).getTime() / 1000) * 1000);
  if (Number.isNaN(notBefore.getTime())) throw new JadesError(JadesErrorCodes.INVALID_INPUT, 'notBefore is not a valid date.');
  const notAfter = new Date(notBefore.getTime() + validDays * DAY_MS);

  const [caKeys, sealKeys] = await Promise.all([newKey(keyType), newKey(keyType)]);
  const caName = name([
    [OID.country, country],
    [OID.organization, organization],
    [OID.commonName, `${organization} TEST CA (not for production)`],
  ]);
  const caSpki = AsnConvert.parse(caKeys.publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo);
  const caKeyId = keyIdentifier(caSpki);
  const ca = buildCertificate({
    subject: caName,
    issuer: caName,
    notBefore: new Date(notBefore.getTime() - DAY_MS),
    notAfter: new Date(notAfter.getTime() + 365 * DAY_MS),
    publicKey: caKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      extension(id_ce_basicConstraints, true, AsnConvert.serialize(new BasicConstraints({ cA: true, pathLenConstraint: 0 }))),
      extension(id_ce_keyUsage, true, AsnConvert.serialize(new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign))),
      extension(id_ce_subjectKeyIdentifier, false, AsnConvert.serialize(new SubjectKeyIdentifier(caKeyId))),
    ],
  });

  const sealSpki = AsnConvert.parse(sealKeys.publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo);
  const qcStatements = sequence(
    sequence(encodeOid(QC_SEMANTICS_V2), sequence(encodeOid(SEMANTICS_LEGAL_PERSON))),
    sequence(encodeOid(QC_TYPE), sequence(encodeOid(QC_TYPE_ESEAL))),
  );
  const seal = buildCertificate({
    subject: name([
      [OID.country, country],
      [OID.organization, organization],
      [OID.organizationIdentifier, organizationIdentifier],
      [OID.commonName, options.commonName ?? organization],
    ]),
    issuer: caName,
    notBefore,
    notAfter,
    publicKey: sealKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      extension(id_ce_basicConstraints, true, AsnConvert.serialize(new BasicConstraints({ cA: false }))),
      extension(id_ce_keyUsage, true, AsnConvert.serialize(new KeyUsage(KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation))),
      extension(id_ce_subjectKeyIdentifier, false, AsnConvert.serialize(new SubjectKeyIdentifier(keyIdentifier(sealSpki)))),
      extension(id_ce_authorityKeyIdentifier, false, AsnConvert.serialize(new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(caKeyId) }))),
      extension(OID.qcStatements, false, qcStatements),
    ],
  });

  return {
    privateKeyPem: sealKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    certificatePem: seal.toString(),
    caCertificatePem: ca.toString(),
  };
}
