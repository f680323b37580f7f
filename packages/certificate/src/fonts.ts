import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

/**
 * The certificate's fonts: Noto Sans and Noto Serif (SIL Open Font License 1.1), as TrueType files from the
 * `@expo-google-fonts/*` npm packages. They cover Latin (with Latin Extended: č š ł ž ő), Greek and
 * Cyrillic. The SVG names them by family; the PNG renderer (resvg) and the PDF renderer (PDFKit) are both
 * given exactly these files, and the layout measures text with them, so all three agree on every glyph.
 */
export type FontFamily = 'sans' | 'serif';
export type FontStyle = 'regular' | 'bold' | 'italic';

export const FAMILY_NAMES: Record<FontFamily, string> = { sans: 'Noto Sans', serif: 'Noto Serif' };

const require = createRequire(import.meta.url);

const FILES: Record<FontFamily, Record<FontStyle, string>> = {
  sans: {
    regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
    italic: '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  },
  serif: {
    regular: '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
    bold: '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf',
    italic: '@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
  },
};

/** The absolute path of one font file. */
export function fontFile(family: FontFamily, style: FontStyle): string {
  return require.resolve(FILES[family][style]);
}

/** Every font file the certificate uses (for resvg's `font.fontFiles`). */
export function fontFiles(): string[] {
  return (['sans', 'serif'] as const).flatMap((family) =>
    (['regular', 'bold', 'italic'] as const).map((style) => fontFile(family, style)),
  );
}

interface Metrics {
  font: fontkit.Font;
  unitsPerEm: number;
  widths: Map<string, number>;
}

const metrics = new Map<string, Metrics>();

function metricsOf(family: FontFamily, style: FontStyle): Metrics {
  const key = `${family}-${style}`;
  let m = metrics.get(key);
  if (!m) {
    const font = fontkit.create(readFileSync(fontFile(family, style))) as fontkit.Font;
    m = { font, unitsPerEm: font.unitsPerEm, widths: new Map() };
    metrics.set(key, m);
  }
  return m;
}

/** The advance width of a text at a font size of 1 (in ems), shaped with kerning as the renderers do. */
export function emWidth(text: string, family: FontFamily, style: FontStyle): number {
  const m = metricsOf(family, style);
  let width = m.widths.get(text);
  if (width === undefined) {
    width = m.font.layout(text).advanceWidth / m.unitsPerEm;
    if (m.widths.size > 20_000) m.widths.clear();
    m.widths.set(text, width);
  }
  return width;
}

/** Whether the font has a glyph for every character of a text. */
export function covers(text: string, family: FontFamily = 'sans', style: FontStyle = 'regular'): boolean {
  const { font } = metricsOf(family, style);
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0x20 && !font.hasGlyphForCodePoint(cp)) return false;
  }
  return true;
}
