import QRCode from 'qrcode';

export interface QrDrawing {
  /** SVG elements: a white square (with the quiet zone) and one path of dark modules. */
  svg: string;
  /** Modules per side, without the quiet zone. */
  modules: number;
}

const QUIET_ZONE = 4;

/**
 * A QR code of a text as SVG drawn into the square (x, y, size), the quiet zone of 4 modules included.
 * Dark modules are merged along rows into one path, which resvg and svg-to-pdfkit both fill exactly.
 */
export function qrSvg(text: string, x: number, y: number, size: number): QrDrawing {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const unit = size / (n + 2 * QUIET_ZONE);
  const f = (v: number) => Number(v.toFixed(3));
  let d = '';
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && qr.modules.get(row, col)) col++;
      const px = x + (start + QUIET_ZONE) * unit;
      const py = y + (row + QUIET_ZONE) * unit;
      d += `M${f(px)} ${f(py)}h${f((col - start) * unit)}v${f(unit)}h${f(-(col - start) * unit)}z`;
    }
  }
  const svg =
    `<g class="qr-code"><rect x="${f(x)}" y="${f(y)}" width="${f(size)}" height="${f(size)}" fill="#ffffff"/>` +
    `<path d="${d}" fill="#000000" shape-rendering="crispEdges"/></g>`;
  return { svg, modules: n };
}
