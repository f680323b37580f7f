import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { renderCertificatePdf, renderCertificatePng, renderCertificateSvg } from '../src/index.ts';
import { decodeQr, fixture, VERIFY_URL } from './helpers.ts';

interface Read {
  pages: number;
  width: number;
  height: number;
  text: string;
  info: Record<string, unknown>;
  /** The most sub-paths any one drawn path has (the QR code is one path of hundreds). */
  largestPath: number;
}

/** The PDF as a PDF reader sees it (pdf.js): pages, text, metadata, fonts and paths of page 1. */
async function read(pdf: Buffer): Promise<Read> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const page = await doc.getPage(1);
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
    const ops = await page.getOperatorList();
    let largestPath = 0;
    ops.fnArray.forEach((fn, i) => {
      if (fn !== OPS.constructPath) return;
      const subOps = (ops.argsArray[i] as [number[]])[0];
      largestPath = Math.max(largestPath, subOps.filter((op) => op === OPS.moveTo).length);
    });
    const info = (await doc.getMetadata()).info as unknown as Record<string, unknown>;
    return { pages: doc.numPages, width: x1 - x0, height: y1 - y0, text, info, largestPath };
  } finally {
    await doc.destroy();
  }
}

describe('renderCertificatePdf', () => {
  it('makes one A4 page whose text a PDF reader extracts, names with diacritics and Greek intact', async () => {
    const mc = fixture('crane-operator-certificate');
    const warnings: string[] = [];
    const svg = renderCertificateSvg(mc, { verificationUrl: VERIFY_URL, issuerName: 'Example Certification Services GmbH' });
    const pdf = await renderCertificatePdf(svg, { onWarning: (w) => warnings.push(w) });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const r = await read(pdf);
    expect(r.pages).toBe(1);
    expect(r.width).toBeCloseTo(595.28, 1);
    expect(r.height).toBeCloseTo(841.89, 1);
    expect(r.text).toContain('Certified Mobile Crane Operator');
    expect(r.text).toContain('Łukasz Dvořák-Παπαδόπουλος');
    expect(r.text).toContain('Zuzana Šimková');
    expect(r.text).toContain('PCB-CRANE-2026-0042');
    expect(r.text).toContain('CERTIFICATE NUMBER');
    expect(r.text).toContain('Plan a lift including load charts, ground bearing and slinging');
    expect(r.text).toContain(VERIFY_URL);
    expect(r.info.Title).toBe('Certified Mobile Crane Operator — Łukasz Dvořák-Παπαδόπουλος');
    expect(warnings).toEqual([]);
    // Only the bundled Noto fonts, embedded (subset); none of the PDF standard fonts.
    const raw = pdf.toString('latin1');
    const fonts = [...raw.matchAll(/\/BaseFont \/[A-Z]{6}\+([\w-]+)/g)].map((m) => m[1]);
    expect(new Set(fonts)).toEqual(new Set(['NotoSans-Regular', 'NotoSans-Bold', 'NotoSerif-Regular', 'NotoSerif-Bold', 'NotoSerif-Italic']));
    expect(raw.match(/\/FontFile2/g)).toHaveLength(5);
    expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
  });

  it('draws the QR code of the same SVG, which decodes (from the PNG of that SVG) to the URL', async () => {
    const mc = fixture('digital-skills-bootcamp');
    const svg = renderCertificateSvg(mc, { verificationUrl: VERIFY_URL });
    const withQr = await read(await renderCertificatePdf(svg));
    const withoutQr = await read(await renderCertificatePdf(renderCertificateSvg(mc)));
    // The QR code is one path of many module runs; nothing else on the page comes near.
    expect(withQr.largestPath).toBeGreaterThan(200);
    expect(withoutQr.largestPath).toBeLessThan(20);
    expect(decodeQr(renderCertificatePng(svg))).toBe(VERIFY_URL);
  });

  it('renders from the micro-credential too, in the language asked for, with metadata', async () => {
    const pdf = await renderCertificatePdf(fixture('digital-skills-bootcamp'), {
      language: 'de',
      verificationUrl: VERIFY_URL,
      issuerName: 'Example Technological University',
    });
    expect(pdf.toString('latin1')).toContain('/Lang (de)');
    const r = await read(pdf);
    expect(r.pages).toBe(1);
    expect(r.text).toContain('Data Analysis with Python for Public');
    expect(r.text).toContain('Aoife Ní Bhriain');
    expect(r.text).toContain('EQR-Niveau 6');
    expect(r.text).toContain('LERNERGEBNISSE');
    expect(r.info.Author).toBe('Example Technological University');
  });

  it('keeps to one page with 30 long learning outcomes', async () => {
    const input = fixture('digital-skills-bootcamp');
    const mc = {
      ...input,
      learningOutcomes: Array.from({ length: 30 }, (_, i) => ({ title: { en: `Outcome ${i + 1} ${'lorem ipsum dolor '.repeat(16)}` } })),
    };
    const r = await read(await renderCertificatePdf(mc, { verificationUrl: VERIFY_URL }));
    expect(r.pages).toBe(1);
    expect(r.text).toMatch(/and \d+ more learning outcomes/);
  });
});
