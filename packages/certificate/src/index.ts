export { renderCertificateSvg, pick, formatDate, PAGE, type CertificateOptions } from './svg.ts';
export { renderCertificatePng, type PngOptions } from './png.ts';
export { renderCertificatePdf, type PdfOptions } from './pdf.ts';
export { LABELS, LABEL_LANGUAGES, labelsFor, type Labels } from './labels.ts';
export { fontFiles, FAMILY_NAMES } from './fonts.ts';
export { escapeXml } from './text.ts';
