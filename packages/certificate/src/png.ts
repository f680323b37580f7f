import { Resvg } from '@resvg/resvg-js';
import { FAMILY_NAMES, fontFiles } from './fonts.ts';

export interface PngOptions {
  /** Width in pixels (default 1240: A4 at 150 dpi); the height follows the page's proportions. */
  width?: number;
}

/**
 * The certificate SVG as a PNG, drawn by resvg with the certificate's own font files only (no system
 * fonts), so it looks the same on every machine.
 */
export function renderCertificatePng(svg: string, options: PngOptions = {}): Buffer {
  const width = Math.round(options.width ?? 1240);
  if (!Number.isFinite(width) || width < 16 || width > 10_000) throw new RangeError('width must be from 16 to 10000 pixels');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: '#ffffff',
    font: {
      fontFiles: fontFiles(),
      loadSystemFonts: false,
      defaultFontFamily: FAMILY_NAMES.sans,
      sansSerifFamily: FAMILY_NAMES.sans,
      serifFamily: FAMILY_NAMES.serif,
    },
    shapeRendering: 2,
    textRendering: 1,
    imageRendering: 0,
  });
  return resvg.render().asPng();
}
