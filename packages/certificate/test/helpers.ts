import { loadFixture, normalizeMicroCredential, type FixtureName, type MicroCredentialInput, type NormalizedMicroCredential } from '@microcred/model';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { measure, type Font } from '../src/text.ts';

export const VERIFY_URL = 'https://certs.example.eu/verify/urn:uuid:6c1f3c5e-2d8b-4f43-9a55-2f0e8b7d1a90';

export function fixture(name: FixtureName): NormalizedMicroCredential {
  return normalizeMicroCredential(loadFixture(name), 'en');
}

export function fromInput(input: MicroCredentialInput): NormalizedMicroCredential {
  return normalizeMicroCredential(input, 'en');
}

const unescape = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

export interface TextElement {
  text: string;
  x: number;
  y: number;
  font: Font;
  anchor: 'start' | 'middle' | 'end';
  watermark: boolean;
}

/** Every <text> element of the SVG, with its position and font. */
export function textElements(svg: string): TextElement[] {
  const out: TextElement[] = [];
  const watermark = /<g class="watermark"[^>]*>[\s\S]*?<\/g>/.exec(svg)?.[0] ?? '';
  for (const match of svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)) {
    const attrs = Object.fromEntries([...match[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const bold = attrs['font-weight'] === 'bold';
    const italic = attrs['font-style'] === 'italic';
    out.push({
      text: unescape(match[2]!),
      x: Number(attrs.x),
      y: Number(attrs.y),
      font: {
        family: /serif/i.test(attrs['font-family'] ?? '') && !/sans/i.test(attrs['font-family'] ?? '') ? 'serif' : 'sans',
        style: bold ? 'bold' : italic ? 'italic' : 'regular',
        size: Number(attrs['font-size']),
        ...(attrs['letter-spacing'] ? { letterSpacing: Number(attrs['letter-spacing']) } : {}),
      },
      anchor: (attrs['text-anchor'] as TextElement['anchor'] | undefined) ?? 'start',
      watermark: watermark.includes(match[0]),
    });
  }
  return out;
}

/** The box a text's glyphs take (ascent of capitals and accents to descenders), in page millimetres. */
export function box(t: TextElement): { x0: number; x1: number; y0: number; y1: number } {
  const width = measure(t.text, t.font);
  const x0 = t.anchor === 'start' ? t.x : t.anchor === 'middle' ? t.x - width / 2 : t.x - width;
  return { x0, x1: x0 + width, y0: t.y - 0.72 * t.font.size, y1: t.y + 0.2 * t.font.size };
}

/** Pairs of texts whose boxes overlap (the watermark, drawn across the page on purpose, left out). */
export function overlaps(svg: string): [string, string][] {
  const texts = textElements(svg).filter((t) => !t.watermark);
  const boxes = texts.map(box);
  const out: [string, string][] = [];
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) out.push([texts[i]!.text, texts[j]!.text]);
    }
  }
  return out;
}

/** The text decoded from the QR code in a PNG, or undefined. */
export function decodeQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  const result = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
  return result?.data;
}

export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** A text of exactly `length` characters made of words. */
export function words(length: number, seed = 'Apply łódź žluťoučký Μαρία outcome text'): string {
  return (seed + ' ').repeat(Math.ceil(length / (seed.length + 1))).slice(0, length - 1).trim() + '.';
}
