import { createHash, X509Certificate } from 'node:crypto';
import { children, content, expectTag, readOid, readTime, readTlv, TAG } from './der.ts';
import type { JadesTimestamp } from './types.ts';

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

interface TstInfo {
  genTime: Date;
  hash?: string;
  imprint: Uint8Array;
}

/** Reads genTime and the message imprint from an RFC 3161 TimeStampToken (CMS SignedData over TSTInfo). */
export function readTimestampToken(der: Uint8Array): TstInfo {
  const contentInfo = expectTag(readTlv(der), TAG.SEQUENCE, 'ContentInfo');
  const [, explicit] = children(der, contentInfo);
  const signedData = expectTag(children(der, expectTag(explicit, 0xa0, '[0] content'))[0], TAG.SEQUENCE, 'SignedData');
  const encap = expectTag(children(der, signedData)[2], TAG.SEQUENCE, 'EncapsulatedContentInfo');
  const [, eContentExplicit] = children(der, encap);
  const octets = expectTag(children(der, expectTag(eContentExplicit, 0xa0, '[0] eContent'))[0], TAG.OCTET_STRING, 'eContent');
  const tst = content(der, octets);
  const info = children(tst, expectTag(readTlv(tst), TAG.SEQUENCE, 'TSTInfo'));
  const imprint = children(tst, expectTag(info[2], TAG.SEQUENCE, 'MessageImprint'));
  const algorithm = children(tst, expectTag(imprint[0], TAG.SEQUENCE, 'AlgorithmIdentifier'));
  const genTime = expectTag(info[4], TAG.GENERALIZED_TIME, 'genTime');
  const result: TstInfo = {
    genTime: readTime(tst, genTime),
    imprint: content(tst, expectTag(imprint[1], TAG.OCTET_STRING, 'hashedMessage')),
  };
  const hash = HASHES[readOid(tst, algorithm[0])];
  if (hash) result.hash = hash;
  return result;
}

/** The etsiU elements as objects (they are base64url-encoded JSON, or plain JSON objects). */
function etsiUElements(unprotectedHeader: Record<string, unknown> | undefined, warnings?: string[]): Record<string, unknown>[] {
  const etsiU = unprotectedHeader?.etsiU;
  if (!Array.isArray(etsiU)) return [];
  const out: Record<string, unknown>[] = [];
  for (const element of etsiU) {
    let obj: unknown = element;
    if (typeof element === 'string') {
      try {
        obj = JSON.parse(Buffer.from(element, 'base64url').toString('utf8'));
      } catch {
        warnings?.push('An etsiU element is neither a JSON object nor base64url-encoded JSON; ignored.');
        continue;
      }
    }
    if (obj !== null && typeof obj === 'object' && !Array.isArray(obj)) out.push(obj as Record<string, unknown>);
  }
  return out;
}

/** Certificates in etsiU `xVals` (validation data: the CAs of the seal and of the TSAs). Unreadable ones are skipped. */
export function validationCertificates(unprotectedHeader: Record<string, unknown> | undefined): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const element of etsiUElements(unprotectedHeader)) {
    const xVals = element.xVals;
    if (!Array.isArray(xVals)) continue;
    for (const x of xVals) {
      const val = (x as { x509Cert?: { val?: unknown } })?.x509Cert?.val;
      if (typeof val !== 'string') continue;
      try {
        out.push(new X509Certificate(Buffer.from(val, 'base64')));
      } catch {
        // not a certificate: ignored, it only helps path building
      }
    }
  }
  return out;
}

function timestampContainer(value: unknown): string[] {
  const tokens = (value as { tstTokens?: unknown })?.tstTokens;
  if (!Array.isArray(tokens)) return [];
  return tokens.map((t) => (t as { val?: unknown })?.val).filter((v): v is string => typeof v === 'string');
}

/**
 * Timestamps of a seal: `adoTst` (protected header) and `sigTst` / `arcTst`
 * (unprotected `etsiU`, whose elements are base64url-encoded JSON or plain objects).
 * Imprints checked: adoTst = H(payload bytes) (b64=false), sigTst = H(ASCII(BASE64URL(signature))).
 * The TSA's signature and certificate are NOT validated.
 */
export function readTimestamps(
  protectedHeader: Record<string, unknown>,
  unprotectedHeader: Record<string, unknown> | undefined,
  imprintInputs: { payload?: Uint8Array; signature: string },
  warnings: string[],
): JadesTimestamp[] {
  const found: Array<{ type: JadesTimestamp['type']; val: string }> = [];
  for (const val of timestampContainer(protectedHeader.adoTst)) found.push({ type: 'adoTst', val });
  for (const element of etsiUElements(unprotectedHeader, warnings)) {
    for (const type of ['sigTst', 'arcTst'] as const) {
      for (const val of timestampContainer(element[type])) found.push({ type, val });
    }
  }
  const out: JadesTimestamp[] = [];
  for (const { type, val } of found) {
    const entry: JadesTimestamp = { type };
    try {
      const info = readTimestampToken(Buffer.from(val, 'base64'));
      entry.genTime = info.genTime.toISOString();
      const input = type === 'sigTst'
        ? Buffer.from(imprintInputs.signature, 'ascii')
        : type === 'adoTst' ? imprintInputs.payload : undefined;
      if (input && info.hash) {
        entry.imprintMatches = Buffer.from(createHash(info.hash).update(input).digest()).equals(Buffer.from(info.imprint));
        if (!entry.imprintMatches) warnings.push(`The ${type} timestamp's message imprint does not match what it should cover.`);
      }
    } catch (error) {
      warnings.push(`A ${type} timestamp token could not be read (${(error as Error).message}).`);
    }
    out.push(entry);
  }
  if (out.length > 0) {
    warnings.push('Timestamp tokens were read (time and imprint) but their TSA signatures and certificates were not validated.');
  }
  return out;
}
