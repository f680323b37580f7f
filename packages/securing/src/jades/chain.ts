import type { X509Certificate } from 'node:crypto';
import { formatName, parseCertificate } from './certificate.ts';
import type { JadesChainResult } from './types.ts';

export const NO_ANCHORS_REASON =
  'no trust anchors are configured, so it is not known who issued the seal certificate (pass trustAnchors: the CA certificates you trust)';
export const NOT_CHAINED_REASON = 'the seal certificate does not chain to any trust anchor you configured';

const MAX_PATH = 10;

function subjectOf(cert: X509Certificate): string {
  try {
    return formatName(parseCertificate(cert).asn1.tbsCertificate.subject);
  } catch {
    return cert.subject.split('\n').reverse().join(', ');
  }
}

function issuerOf(cert: X509Certificate): string {
  try {
    return formatName(parseCertificate(cert).asn1.tbsCertificate.issuer);
  } catch {
    return cert.issuer.split('\n').reverse().join(', ');
  }
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

const sameCertificate = (a: X509Certificate, b: X509Certificate): boolean => a.fingerprint256 === b.fingerprint256;

function validAt(cert: X509Certificate, at: Date): boolean {
  return new Date(cert.validFrom).getTime() <= at.getTime() && at.getTime() <= new Date(cert.validTo).getTime();
}

/**
 * Builds the path from the seal certificate through the other `x5c` certificates (each
 * verified by the next) up to a trust anchor: an anchor that is itself on the path, or one
 * whose name matches the issuer and whose key verifies the certificate's signature.
 * CA certificates on the path must be CA certificates and valid at `at` (the signing time,
 * as seals are checked at signing time); anchors are trusted as configured.
 */
export function buildChain(
  leaf: X509Certificate,
  others: X509Certificate[],
  anchors: X509Certificate[],
  at: Date | undefined,
): JadesChainResult {
  if (anchors.length === 0) return { trusted: false, reason: NO_ANCHORS_REASON };
  const path: X509Certificate[] = [leaf];
  const remaining = [...others];
  let current = leaf;
  for (let depth = 0; depth < MAX_PATH; depth++) {
    const anchor = anchors.find((a) => sameCertificate(a, current)) ?? anchors.find((a) => issuedBy(current, a));
    if (anchor) {
      const subjects = path.map(subjectOf);
      if (!sameCertificate(anchor, current)) subjects.push(subjectOf(anchor));
      return { trusted: true, anchor: subjectOf(anchor), reason: `the seal certificate chains to the trust anchor ${subjectOf(anchor)}`, path: subjects };
    }
    const index = remaining.findIndex((c) => issuedBy(current, c));
    if (index < 0) break;
    const next = remaining.splice(index, 1)[0] as X509Certificate;
    if (!next.ca) {
      return { trusted: false, reason: `${NOT_CHAINED_REASON}: ${subjectOf(next)} in x5c is not a CA certificate`, path: path.map(subjectOf) };
    }
    if (at && !validAt(next, at)) {
      return { trusted: false, reason: `${NOT_CHAINED_REASON}: the CA certificate ${subjectOf(next)} was not valid at the signing time`, path: path.map(subjectOf) };
    }
    path.push(next);
    current = next;
  }
  return {
    trusted: false,
    reason: `${NOT_CHAINED_REASON} (the path ends at ${subjectOf(current)}, issued by ${issuerOf(current)})`,
    path: path.map(subjectOf),
  };
}
