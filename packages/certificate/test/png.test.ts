import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { renderCertificatePng, renderCertificateSvg } from '../src/index.ts';
import { covers } from '../src/fonts.ts';
import { decodeQr, fixture, pngSize, textElements, VERIFY_URL } from './helpers.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The share of pixels in a region that are dark (of an RGBA image). */
function ink(png: Buffer, x0: number, y0: number, x1: number, y1: number): number {
  const image = PNG.sync.read(png);
  let dark = 0;
  for (let y = Math.round(y0 * image.height); y < Math.round(y1 * image.height); y++) {
    for (let x = Math.round(x0 * image.width); x < Math.round(x1 * image.width); x++) {
      const i = (y * image.width + x) * 4;
      if (image.data[i]! + image.data[i + 1]! + image.data[i + 2]! < 3 * 128) dark++;
    }
  }
  return dark / ((Math.round(y1 * image.height) - Math.round(y0 * image.height)) * (Math.round(x1 * image.width) - Math.round(x0 * image.width)));
}

describe('renderCertificatePng', () => {
  it('renders an A4 page at 150 dpi by default, its QR code decoding to the verification URL', () => {
    const svg = renderCertificateSvg(fixture('digital-skills-bootcamp'), { verificationUrl: VERIFY_URL });
    const png = renderCertificatePng(svg);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(png)).toEqual({ width: 1240, height: 1754 });
    const image = PNG.sync.read(png);
    expect([image.width, image.height]).toEqual([1240, 1754]);
    expect(decodeQr(png)).toBe(VERIFY_URL);
  });

  it.each(['crane-operator-certificate', 'minimal'] as const)('decodes the QR code of %s, in German too', (name) => {
    const url = `${VERIFY_URL}?fixture=${name}&lang=de`;
    const png = renderCertificatePng(renderCertificateSvg(fixture(name), { language: 'de', verificationUrl: url }));
    expect(decodeQr(png)).toBe(url);
  });

  it('renders at the width asked for', () => {
    const svg = renderCertificateSvg(fixture('minimal'), { verificationUrl: VERIFY_URL });
    expect(pngSize(renderCertificatePng(svg, { width: 600 }))).toEqual({ width: 600, height: 849 });
    expect(pngSize(renderCertificatePng(svg, { width: 2480 }))).toEqual({ width: 2480, height: Math.round((2480 * 297) / 210) });
    expect(() => renderCertificatePng(svg, { width: 0 })).toThrow(RangeError);
  });

  it('draws the text with the bundled fonts (no system fonts needed)', () => {
    // The learner's name (Latin Extended and Greek) is drawn: the band it sits in has ink.
    const svg = renderCertificateSvg(fixture('crane-operator-certificate'));
    const png = renderCertificatePng(svg, { width: 800 });
    const nameY = Number(/<text x="105" y="([\d.]+)"[^>]*>Łukasz/.exec(svg)![1]) / 297;
    expect(ink(png, 0.15, nameY - 0.025, 0.85, nameY)).toBeGreaterThan(0.05);
    // Every character of every text on the page has a glyph in the font it is drawn in.
    for (const t of textElements(svg)) expect(covers(t.text, t.font.family, t.font.style), t.text).toBe(true);
    expect(covers('č š ł ž ő Μαρία Παπαδοπούλου Ελένη Жанна', 'serif', 'bold')).toBe(true);
  });
});
