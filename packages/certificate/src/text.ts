import { emWidth, type FontFamily, type FontStyle } from './fonts.ts';

/** Characters XML 1.0 does not allow (control characters, lone surrogates, U+FFFE/U+FFFF). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text made safe for XML character data and attribute values. */
export function escapeXml(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Whitespace (including line breaks) collapsed to single spaces, as SVG text renders it anyway. */
export function collapse(value: string): string {
  return value.replace(NOT_XML, '').replace(/\s+/g, ' ').trim();
}

export interface Font {
  family: FontFamily;
  style: FontStyle;
  size: number;
  /** Extra space after each character, in the same units as size. */
  letterSpacing?: number;
}

export function measure(text: string, font: Font): number {
  const spacing = font.letterSpacing ? font.letterSpacing * Math.max(0, [...text].length - 1) : 0;
  return emWidth(text, font.family, font.style) * font.size + spacing;
}

const ELLIPSIS = '…';

/** The longest start of a text (cut at a word where it can) that, followed by "…", fits the width. */
export function truncate(text: string, width: number, font: Font): string {
  if (measure(text, font) <= width) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(chars.slice(0, mid).join('').trimEnd() + ELLIPSIS, font) <= width) lo = mid;
    else hi = mid - 1;
  }
  let cut = chars.slice(0, lo).join('');
  const space = cut.lastIndexOf(' ');
  if (space > cut.length * 0.6) cut = cut.slice(0, space);
  return cut.trimEnd().replace(/[\s,;:.–-]+$/, '') + ELLIPSIS;
}

/** Words of a text split so that none is wider than the width (long words are broken by characters). */
function words(text: string, width: number, font: Font): string[] {
  const out: string[] = [];
  for (const word of text.split(' ')) {
    if (word === '') continue;
    if (measure(word, font) <= width) {
      out.push(word);
      continue;
    }
    let piece = '';
    for (const ch of word) {
      if (piece !== '' && measure(piece + ch, font) > width) {
        out.push(piece);
        piece = '';
      }
      piece += ch;
    }
    if (piece) out.push(piece);
  }
  return out;
}

/**
 * A text broken into lines no wider than the width. With maxLines, the last line kept ends in "…" when
 * the text was longer.
 */
export function wrap(value: string, width: number, font: Font, maxLines = Infinity): string[] {
  let text = collapse(value);
  // No line holds more than width / (0.2 em) characters: what lies beyond maxLines of those is never shown.
  const most = maxLines * Math.ceil(width / (0.2 * font.size)) + 1;
  if (text.length > most) text = text.slice(0, most);
  if (text === '') return [];
  const lines: string[] = [];
  let line = '';
  const all = words(text, width, font);
  for (let i = 0; i < all.length; i++) {
    const word = all[i]!;
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && measure(candidate, font) > width) {
      lines.push(line);
      if (lines.length === maxLines) {
        const rest = [line, ...all.slice(i)].join(' ');
        lines[lines.length - 1] = truncate(rest, width, font);
        return lines;
      }
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
