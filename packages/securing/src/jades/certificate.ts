import { createHash, X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, KeyUsage, type Name } from '@peculiar/asn1-x509';
import { children, content, expectTag, raw, readOid, readTlv, sequence, TAG, tlv, type Tlv } from './der.ts';

export const OID = {
  commonName: '2.5.4.3',
  country: '2.5.4.6',
  organization: '2.5.4.10',
  organizationIdentifier: '2.5.4.97',
  keyUsage: '2.5.29.15',
  qcStatements: '1.3.6.1.5.5.7.1.3',
} as const;

const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.17': 'postalCode',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

/** QCStatement ids (RFC 3739, ETSI EN 319 412-5) and the values of QcType / semantics identifiers. */
const QC_STATEMENTS: Record<string, string> = {
  '0.4.0.1862.1.1': 'QcCompliance',
  '0.4.0.1862.1.2': 'QcLimitValue',
  '0.4.0.1862.1.3': 'QcRetentionPeriod',
  '0.4.0.1862.1.4': 'QcSSCD',
  '0.4.0.1862.1.5': 'QcPDS',
  '0.4.0.1862.1.6': 'QcType',
  '0.4.0.1862.1.7': 'QcCClegislation',
  '1.3.6.1.5.5.7.11.1': 'QcSyntaxV1',
  '1.3.6.1.5.5.7.11.2': 'QcSemantics',
  '0.4.0.19495.2': 'PSD2',
};
const QC_VALUES: Record<string, string> = {
  '0.4.0.1862.1.6.1': 'esign',
  '0.4.0.1862.1.6.2': 'eseal',
  '0.4.0.1862.1.6.3': 'web',
  '0.4.0.194121.1.1': 'natural-person',
  '0.4.0.194121.1.2': 'legal-person',
  '0.4.0.194121.1.3': 'eIDAS-natural-person',
  '0.4.0.194121.1.4': 'eIDAS-legal-person',
};

/** Splits PEM text into DER certificates; a string without PEM armour is taken as base64 DER. */
export function certificatesFromPem(text: string): X509Certificate[] {
  const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  if (blocks.length === 0) return [new X509Certificate(Buffer.from(text.replace(/\s+/g, ''), 'base64'))];
  return blocks.map((m) => new X509Certificate(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64')));
}

/** Certificates from a mixed list of X509Certificate objects and PEM strings (in order). */
export function toCertificates(list: Array<X509Certificate | string>): X509Certificate[] {
  return list.flatMap((item) => (item instanceof X509Certificate ? [item] : certificatesFromPem(item)));
}

export const sha256Base64url = (data: Uint8Array): string => createHash('sha256').update(data).digest('base64url');

function escapeRdnValue(value: string): string {
  let out = value.replace(/([\\",+;<>=])/g, '\\$1');
  if (out.startsWith(' ') || out.startsWith('#')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}

function attributeValue(value: { anyValue?: ArrayBuffer; toString(): string }): string {
  if (value.anyValue) return `#${Buffer.from(value.anyValue).toString('hex')}`;
  return value.toString();
}

/** RFC 4514 string of a Name: most specific RDN first (`CN=…, O=…, C=…`). */
export function formatName(name: Name): string {
  return [...name]
    .reverse()
    .map((rdn) => [...rdn].map((atv) => `${SHORT_NAMES[atv.type] ?? atv.type}=${escapeRdnValue(attributeValue(atv.value))}`).join('+'))
    .join(', ');
}

function nameAttribute(name: Name, oid: string): string | undefined {
  for (const rdn of name) for (const atv of rdn) if (atv.type === oid) return attributeValue(atv.value);
  return undefined;
}

/** QCStatements → readable names (`QcType=eseal`, `QcSemantics=eIDAS-legal-person`, unknown ids as OIDs). */
export function readQcStatements(extnValue: Uint8Array): string[] {
  const top = expectTag(readTlv(extnValue), TAG.SEQUENCE, 'QCStatements');
  const out: string[] = [];
  for (const statement of children(extnValue, top)) {
    const [idTlv, infoTlv] = children(extnValue, expectTag(statement, TAG.SEQUENCE, 'QCStatement'));
    const id = readOid(extnValue, idTlv);
    const name = QC_STATEMENTS[id] ?? id;
    const values: string[] = [];
    try {
      if (infoTlv && name === 'QcType' && infoTlv.tag === TAG.SEQUENCE) {
        for (const t of children(extnValue, infoTlv)) {
          const v = readOid(extnValue, t);
          values.push(QC_VALUES[v] ?? v);
        }
      } else if (infoTlv && (name === 'QcSemantics' || name === 'QcSyntaxV1') && infoTlv.tag === TAG.SEQUENCE) {
        const first = children(extnValue, infoTlv)[0];
        if (first?.tag === TAG.OID) {
          const v = readOid(extnValue, first);
          values.push(QC_VALUES[v] ?? v);
        }
      } else if (infoTlv && name === 'QcRetentionPeriod' && infoTlv.tag === TAG.INTEGER) {
        values.push(`${Buffer.from(content(extnValue, infoTlv)).readUIntBE(0, Math.min(6, infoTlv.end - infoTlv.contentStart))}y`);
      }
    } catch {
      // the statement's name is still useful without its value
    }
    out.push(values.length > 0 ? `${name}=${values.join(',')}` : name);
  }
  return out;
}

export interface ParsedCertificate {
  x509: X509Certificate;
  asn1: Certificate;
  der: Uint8Array;
}

export function parseCertificate(x509: X509Certificate): ParsedCertificate {
  const der = new Uint8Array(x509.raw);
  return { x509, der, asn1: AsnConvert.parse(der, Certificate) };
}

export function certificateExtension(cert: ParsedCertificate, oid: string): Uint8Array | undefined {
  const ext = cert.asn1.tbsCertificate.extensions?.find((e) => e.extnID === oid);
  return ext ? new Uint8Array(ext.extnValue.buffer) : undefined;
}

export function keyUsageOf(cert: ParsedCertificate): string[] | undefined {
  const value = certificateExtension(cert, OID.keyUsage);
  return value ? AsnConvert.parse(value, KeyUsage).toJSON() : undefined;
}

export function describeCertificate(cert: ParsedCertificate, warnings?: string[]): {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  organizationIdentifier?: string;
  organization?: string;
  country?: string;
  commonName?: string;
  qcStatements?: string[];
  sha256: string;
} {
  const tbs = cert.asn1.tbsCertificate;
  const info: ReturnType<typeof describeCertificate> = {
    subject: formatName(tbs.subject),
    issuer: formatName(tbs.issuer),
    serialNumber: cert.x509.serialNumber.toUpperCase(),
    notBefore: tbs.validity.notBefore.getTime().toISOString(),
    notAfter: tbs.validity.notAfter.getTime().toISOString(),
    sha256: sha256Base64url(cert.der),
  };
  const organizationIdentifier = nameAttribute(tbs.subject, OID.organizationIdentifier);
  const organization = nameAttribute(tbs.subject, OID.organization);
  const country = nameAttribute(tbs.subject, OID.country);
  const commonName = nameAttribute(tbs.subject, OID.commonName);
  if (organizationIdentifier !== undefined) info.organizationIdentifier = organizationIdentifier;
  if (organization !== undefined) info.organization = organization;
  if (country !== undefined) info.country = country;
  if (commonName !== undefined) info.commonName = commonName;
  const qc = certificateExtension(cert, OID.qcStatements);
  if (qc) {
    try {
      info.qcStatements = readQcStatements(qc);
    } catch (error) {
      warnings?.push(`The seal certificate's qcStatements extension could not be read (${(error as Error).message}).`);
    }
  }
  return info;
}

/** The TBSCertificate's raw issuer Name and serialNumber INTEGER (exact DER bytes). */
function issuerAndSerialTlvs(der: Uint8Array): { issuer: Uint8Array; serial: Uint8Array } {
  const cert = expectTag(readTlv(der), TAG.SEQUENCE, 'Certificate');
  const tbs = expectTag(children(der, cert)[0], TAG.SEQUENCE, 'TBSCertificate');
  const fields: Tlv[] = children(der, tbs);
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0; // [0] EXPLICIT version
  const serial = expectTag(fields[offset], TAG.INTEGER, 'serialNumber');
  const issuer = expectTag(fields[offset + 2], TAG.SEQUENCE, 'issuer');
  return { issuer: raw(der, issuer), serial: raw(der, serial) };
}

/**
 * The JAdES `kid` as Europass writes it: base64 (not base64url) of the DER of
 * IssuerSerial ::= SEQUENCE { issuer GeneralNames (one directoryName), serialNumber }.
 */
export function issuerSerialKid(der: Uint8Array): string {
  const { issuer, serial } = issuerAndSerialTlvs(der);
  const generalNames = sequence(tlv(0xa4, issuer)); // [4] directoryName, explicit (Name is a CHOICE)
  return Buffer.from(sequence(generalNames, serial)).toString('base64');
}
