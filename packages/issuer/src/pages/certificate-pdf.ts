import { renderCertificatePdf, renderCertificateSvg } from '@microcred/certificate';
import { readMicroCredential, type NormalizedMicroCredential } from '@microcred/model';
import type { Services } from '../context.ts';
import { primaryCredentialOf } from '../issuance.ts';
import { problems } from '../problem.ts';
import { newSecret } from '../secrets.ts';
import type { CredentialRecord, ShareLink, Tenant } from '../storage/index.ts';
import type { Language } from './i18n.ts';

/** The micro-credential a stored record carries, or a 404 saying it has none (VC-API credentials need not be one). */
export function microCredentialOf(record: CredentialRecord): NormalizedMicroCredential {
  try {
    return readMicroCredential(primaryCredentialOf(record));
  } catch {
    throw problems.notFound(`Credential ${record.id} is not a micro-credential, so it has no printable certificate.`);
  }
}

export function shareUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/v/${token}`;
}

/**
 * The share link printed in the certificate's QR code. It is a link of its
 * own (origin "certificate"), so the learner can withdraw the links they
 * handed out without breaking what is printed, and see that the print has
 * one. Made on first print, reused after; made again if it was withdrawn.
 */
export async function certificateShareLink(services: Pick<Services, 'store'>, record: CredentialRecord): Promise<ShareLink> {
  const links = await services.store.shareLinks.list(record.tenantId, record.id);
  const existing = links.find((link) => link.origin === 'certificate' && link.state === 'active');
  if (existing) return existing;
  return services.store.shareLinks.create(record.tenantId, record.id, { token: newSecret(), origin: 'certificate' });
}

/** The certificate's one SVG rendering, its QR code encoding the certificate's share link. */
export async function certificateSvg(
  services: Pick<Services, 'store' | 'publicUrl'>,
  record: CredentialRecord,
  tenant: Tenant | undefined,
  language: Language,
): Promise<{ svg: string; verificationUrl: string; mc: NormalizedMicroCredential }> {
  const mc = microCredentialOf(record);
  const link = await certificateShareLink(services, record);
  const verificationUrl = shareUrl(services.publicUrl, link.token);
  const svg = renderCertificateSvg(mc, {
    language,
    verificationUrl,
    ...(tenant ? { issuerName: tenant.name } : {}),
    status: record.effectiveStatus,
  });
  return { svg, verificationUrl, mc };
}

/** One A4 page, drawn from that SVG. */
export async function certificatePdf(
  services: Pick<Services, 'store' | 'publicUrl'>,
  record: CredentialRecord,
  tenant: Tenant | undefined,
  language: Language,
): Promise<{ pdf: Buffer; verificationUrl: string }> {
  const { svg, verificationUrl } = await certificateSvg(services, record, tenant, language);
  return { pdf: await renderCertificatePdf(svg, { language }), verificationUrl };
}

export function certificateFilename(record: CredentialRecord): string {
  return `certificate-${record.certificateNumber}.pdf`;
}
