import type { NormalizedMicroCredential } from '@microcred/model';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { fontFile, type FontFamily, type FontStyle } from './fonts.ts';
import { pick, renderCertificateSvg, type CertificateOptions } from './svg.ts';

export interface PdfOptions extends CertificateOptions {
  /** The PDF's title (document information); default: the SVG's <title>. */
  title?: string;
  /** The PDF's author (document information); default: issuerName, else the first awarding body. */
  author?: string;
  /** Told about any SVG feature the PDF drawing skipped (there should be none). */
  onWarning?: (message: string) => void;
}

/** A4 in PDF points. */
const A4 = { width: 595.28, height: 841.89 } as const;

const fontName = (family: FontFamily, style: FontStyle) => `${family}-${style}`;

function unescapeXml(value: string): string {
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * The printable certificate: ONE A4 page drawn from the certificate SVG (the same picture as the PNG),
 * its text as real, extractable text in the embedded (subset) Noto fonts, the QR code as vector paths.
 * Give the SVG from `renderCertificateSvg`, or the micro-credential to render it with these options.
 */
export function renderCertificatePdf(
  source: string | NormalizedMicroCredential,
  options: PdfOptions = {},
): Promise<Buffer> {
  const svg = typeof source === 'string' ? source : renderCertificateSvg(source, options);
  const svgTitle = /<title>([^<]*)<\/title>/.exec(svg)?.[1];
  const language = options.language ?? /xml:lang="([^"]+)"/.exec(svg)?.[1] ?? 'en';
  const mc = typeof source === 'string' ? undefined : source;
  const author =
    options.author ??
    options.issuerName ??
    (mc?.awardingBodies[0] ? pick(mc.awardingBodies[0].legalName, language) : undefined);

  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: true,
    pdfVersion: '1.7',
    lang: language,
    displayTitle: true,
    info: {
      Title: options.title ?? (svgTitle ? unescapeXml(svgTitle) : 'Micro-credential certificate'),
      ...(author ? { Author: author } : {}),
      Subject: 'Micro-credential certificate',
      ...(mc?.certificateNumber ? { Keywords: mc.certificateNumber } : {}),
      Creator: 'microcred',
    },
  });
  for (const family of ['sans', 'serif'] as const) {
    for (const style of ['regular', 'bold', 'italic'] as const) {
      doc.registerFont(fontName(family, style), fontFile(family, style));
    }
  }
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  SVGtoPDF(doc, svg, 0, 0, {
    width: A4.width,
    height: A4.height,
    preserveAspectRatio: 'xMidYMid meet',
    fontCallback: (family, bold, italic) =>
      fontName(/serif/i.test(family) && !/sans/i.test(family) ? 'serif' : 'sans', bold ? 'bold' : italic ? 'italic' : 'regular'),
    warningCallback: (warning) => options.onWarning?.(warning),
  });
  doc.end();
  return done;
}
