import { fontFiles, labelsFor } from '@microcred/certificate';
import { countryName } from '@microcred/model';
import type { VerificationReport } from '@microcred/verifier';
import PDFDocument from 'pdfkit';
import { learnerName, pickText } from './credential-facts.tsx';
import { formatDay, formatMoment, formatNumber, textsFor, type Language } from './i18n.ts';
import { describeReport, type Tone } from './verdict.ts';

export interface ReportPdfOptions {
  language: Language;
  /** Where the check can be made again (the share link), printed on the report. */
  checkedUrl?: string | undefined;
  issuerName?: string | undefined;
}

/** A4 in points; everything is placed by hand so that the report is always exactly one page. */
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const WIDTH = PAGE.width - 2 * MARGIN;
const BOTTOM = PAGE.height - MARGIN;

const INK = '#1b2430';
const MUTED = '#4f5b69';
const LINE = '#d5dbe3';
const BRAND = '#14325c';
const TONES: Record<Tone, { bg: string; ink: string }> = {
  good: { bg: '#e4f3e9', ink: '#0d5a2c' },
  warn: { bg: '#fdf1dc', ink: '#6e4200' },
  bad: { bg: '#fcebea', ink: '#8c1d18' },
  neutral: { bg: '#eef1f5', ink: '#334155' },
};

/**
 * The verification report as a one-page PDF: the verdict, when it was checked (to the second, UTC),
 * what the credential certifies, and every check in words. Drawn with PDFKit in the certificate's
 * Noto fonts (Latin Extended and Greek), so names print as written.
 */
export function renderReportPdf(report: VerificationReport, options: ReportPdfOptions): Promise<Buffer> {
  const { language } = options;
  const t = textsFor(language);
  const l = labelsFor(language);
  const described = describeReport(report, language);
  const mc = report.summary?.microCredential;
  const title = pickText(mc?.title ?? report.summary?.title, language)?.text;
  const checkedAt = new Date(report.checkedAt);

  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    pdfVersion: '1.7',
    lang: language,
    displayTitle: true,
    info: {
      Title: `${t.reportTitle}${title ? ` — ${title}` : ''}`,
      Subject: `${described.label} · ${formatMoment(report.checkedAt, language)}`,
      Creator: 'microcred',
      ...(Number.isNaN(checkedAt.getTime()) ? {} : { CreationDate: checkedAt }),
    },
  });
  const [sans, sansBold] = fontFiles();
  doc.registerFont('sans', sans as string);
  doc.registerFont('sans-bold', sansBold as string);

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  let y = MARGIN;
  const room = () => BOTTOM - 40 - y;
  /** Draws a text block at y, at most `maxLines` lines, cut with "…" rather than ever starting a second page. */
  const block = (text: string, x: number, width: number, font: string, size: number, color: string, maxLines = 3, gap = 4): number => {
    doc.font(font).fontSize(size);
    const lineHeight = doc.currentLineHeight(true);
    if (room() < lineHeight) return 0;
    const height = Math.min(doc.heightOfString(text, { width }), lineHeight * maxLines, room());
    doc.fillColor(color).text(text, x, y, { width, height, ellipsis: '…', lineBreak: true });
    return height + gap;
  };

  // Heading
  doc.font('sans-bold').fontSize(10).fillColor(BRAND).text('microcred', MARGIN, y, { width: WIDTH, lineBreak: false });
  y += 16;
  y += block(t.reportTitle, MARGIN, WIDTH, 'sans-bold', 20, INK, 1, 10);

  // Verdict band
  const tone = TONES[described.untrusted ? 'warn' : described.tone];
  doc.font('sans').fontSize(10.5);
  const headlineHeight = Math.min(doc.heightOfString(described.headline, { width: WIDTH - 28 }), 3 * doc.currentLineHeight(true));
  const bandHeight = 14 + 26 + headlineHeight + 6 + 14 + 12;
  doc.roundedRect(MARGIN, y, WIDTH, bandHeight, 8).fill(tone.bg);
  const bandTop = y;
  y += 14;
  y += block(described.label, MARGIN + 14, WIDTH - 28, 'sans-bold', 20, tone.ink, 1, 2);
  y += block(described.headline, MARGIN + 14, WIDTH - 28, 'sans', 10.5, tone.ink, 3, 6);
  y += block(`${t.reportCheckedAt} ${formatMoment(report.checkedAt, language)}`, MARGIN + 14, WIDTH - 28, 'sans-bold', 10, tone.ink, 1, 0);
  y = bandTop + bandHeight + 12;

  if (described.untrusted) y += block(t.untrustedNotice, MARGIN, WIDTH, 'sans', 9.5, TONES.warn.ink, 4, 10);

  // Facts: a two-column table
  const labelWidth = 150;
  const row = (label: string, value: string | undefined, maxLines = 2) => {
    if (!value || room() < 14) return;
    const top = y;
    doc.font('sans-bold').fontSize(9);
    doc.fillColor(MUTED).text(label, MARGIN, top, { width: labelWidth - 8, height: 24, ellipsis: '…' });
    const used = block(value, MARGIN + labelWidth, WIDTH - labelWidth, 'sans', 9.5, INK, maxLines, 2);
    y = top + Math.max(used, 14) + 3;
    doc.moveTo(MARGIN, y - 2).lineTo(MARGIN + WIDTH, y - 2).lineWidth(0.5).strokeColor(LINE).stroke();
    y += 2;
  };

  if (options.checkedUrl) row(t.reportAddress, options.checkedUrl);
  if (report.credentialId) row(t.reportCredentialId, report.credentialId);
  if (report.issuer || options.issuerName) row(t.issuer, [options.issuerName, report.issuer].filter(Boolean).join(' · '));
  if (mc) {
    const levels =
      mc.level === 'not-applicable'
        ? [l.notApplicable]
        : [mc.level.eqf !== undefined ? l.eqfLevel(mc.level.eqf) : undefined, mc.level.nqf ? l.nqfLevel(mc.level.nqf.level) : undefined].filter(Boolean);
    const workload = [
      mc.workload.ects !== undefined ? l.ects(formatNumber(mc.workload.ects, language)) : undefined,
      mc.workload.hours !== undefined ? l.hours(formatNumber(mc.workload.hours, language)) : undefined,
    ].filter(Boolean);
    row(textsFor(language).whatItCertifies, title, 2);
    row(t.learner, learnerName(mc));
    row(
      l.awardingBodies,
      mc.awardingBodies.map((body) => `${pickText(body.legalName, language)?.text ?? ''} (${countryName(body.country, language)})`).join('; '),
    );
    row(
      l.dateOfIssue,
      [mc.issued ? formatDay(mc.issued, language) : undefined, pickText(mc.placeOfIssue, language)?.text].filter(Boolean).join(', '),
    );
    row(l.level, levels.join(' · '));
    row(l.workload, workload.join(' · '));
    row(t.validity, mc.validUntil ? `${l.validUntil} ${formatDay(mc.validUntil, language)}` : l.noExpiry);
    row(l.certificateNumber, mc.certificateNumber, 1);
  } else if (title) {
    row(textsFor(language).whatItCertifies, title);
  }

  // Checks
  y += 8;
  if (room() > 40) {
    y += block(t.howChecked, MARGIN, WIDTH, 'sans-bold', 12, INK, 1, 6);
    for (const check of described.checks) {
      if (room() < 24) break;
      const top = y;
      doc.font('sans-bold').fontSize(9).fillColor(INK).text(check.name, MARGIN, top, { width: labelWidth - 8, height: 24, ellipsis: '…' });
      const statusColor = check.status === 'fail' ? TONES.bad.ink : check.status === 'warn' ? TONES.warn.ink : MUTED;
      doc.font('sans').fontSize(8.5).fillColor(statusColor).text(check.statusText, MARGIN, top + 12, { width: labelWidth - 8, height: 12, ellipsis: '…' });
      const used = block(check.sentence, MARGIN + labelWidth, WIDTH - labelWidth, 'sans', 9, INK, 4, 2);
      y = top + Math.max(used, 26) + 4;
    }
  }

  // Footer: what the report is, and where to check again
  const footer = t.reportFooter(options.checkedUrl ?? '/verify');
  doc.font('sans').fontSize(8);
  doc.moveTo(MARGIN, BOTTOM - 34).lineTo(MARGIN + WIDTH, BOTTOM - 34).lineWidth(0.5).strokeColor(LINE).stroke();
  doc.fillColor(MUTED).text(footer, MARGIN, BOTTOM - 28, { width: WIDTH, height: 30, ellipsis: '…' });

  doc.end();
  return done;
}
