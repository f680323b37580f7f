/** The files a learner (or the issuer) can download for one achievement: the names of `GET /micro-credentials/:id/renditions/:name`. */
export const RENDITION_NAMES = ['vc', 'vc-jwt', 'ob3', 'edc'] as const;
export type RenditionName = (typeof RENDITION_NAMES)[number];

export interface RenditionKind {
  /** What the file is, in a few words a learner understands. */
  title: string;
  /**
   * The media type it is served with: VC 2.0 registers `application/vc` for a credential with an
   * embedded proof and VC-JOSE-COSE `application/vc+jwt`; a JAdES seal in JWS JSON serialization is
   * `application/jose+json` (RFC 7515).
   */
  mediaType: string;
  /** Appended to the certificate number to name the file. */
  fileSuffix: string;
}

export const RENDITIONS: Record<RenditionName, RenditionKind> = {
  vc: { title: 'Verifiable Credential (W3C VC 2.0, Data Integrity)', mediaType: 'application/vc', fileSuffix: '-vc.json' },
  'vc-jwt': { title: 'Verifiable Credential as a JWT (vc+jwt)', mediaType: 'application/vc+jwt', fileSuffix: '-vc.jwt' },
  ob3: { title: 'Open Badge 3.0', mediaType: 'application/vc', fileSuffix: '-open-badge.json' },
  edc: { title: 'Europass Digital Credential (sealed)', mediaType: 'application/jose+json', fileSuffix: '-europass.json' },
};

export function isRenditionName(value: unknown): value is RenditionName {
  return typeof value === 'string' && (RENDITION_NAMES as readonly string[]).includes(value);
}

/** A file name safe in a Content-Disposition header and on every file system: the certificate number plus the suffix. */
export function renditionFileName(certificateNumber: string, name: RenditionName): string {
  const base = certificateNumber.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 100) || 'credential';
  return `${base}${RENDITIONS[name].fileSuffix}`;
}
