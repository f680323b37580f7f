import { countryName, type LanguageMap, type NormalizedMicroCredential } from '@microcred/model';
import { FAMILY_NAMES } from './fonts.ts';
import { labelsFor, type Labels } from './labels.ts';
import { qrSvg } from './qr.ts';
import { collapse, escapeXml, measure, truncate, wrap, type Font } from './text.ts';

export interface CertificateOptions {
  /** Language of the labels and the texts taken from the credential's language maps (default "en"). */
  language?: string;
  /** The URL a QR code on the certificate encodes (the credential's verification page). */
  verificationUrl?: string;
  /** The issuing organisation (tenant), printed as "Issued by". */
  issuerName?: string;
  /** The date of issue (ISO 8601), when the credential itself does not give it or to override it. */
  issuedAt?: string;
  /** The credential's status: active / valid, revoked, suspended, expired (others print as given). */
  status?: string;
  /** Print the learner's date of birth under the name (default false: the image may be shared publicly). */
  showDateOfBirth?: boolean;
}

/** The page: A4 portrait, in millimetres. */
export const PAGE = { width: 210, height: 297 } as const;

const COLOR = {
  ink: '#1f2933',
  navy: '#14325c',
  muted: '#5b6675',
  gold: '#b08d3c',
  panel: '#f3f5f9',
  panelLine: '#d9dee7',
  warning: '#b3261e',
};

const LEFT = 20;
const RIGHT = 190;
const WIDTH = RIGHT - LEFT;
const CENTER = PAGE.width / 2;
/** Where the footer (certificate number, signatory, QR code) begins; the body must end above it. */
const FOOTER_TOP = 232;

/** Statuses that mean the credential is not (or no longer) the current one: marked across the page and in the warning colour. */
const MARKED_STATUSES = ['revoked', 'suspended', 'expired', 'superseded'];

const sans = (size: number, style: Font['style'] = 'regular', letterSpacing?: number): Font => ({
  family: 'sans',
  style,
  size,
  ...(letterSpacing ? { letterSpacing } : {}),
});
const serif = (size: number, style: Font['style'] = 'regular', letterSpacing?: number): Font => ({
  family: 'serif',
  style,
  size,
  ...(letterSpacing ? { letterSpacing } : {}),
});

const num = (v: number) => Number(v.toFixed(2));

type Anchor = 'start' | 'middle' | 'end';

/** Collects the SVG elements of the page. */
class Page {
  readonly parts: string[] = [];

  text(x: number, y: number, value: string, font: Font, fill = COLOR.ink, anchor: Anchor = 'start'): void {
    if (value === '') return;
    const attrs = [
      `x="${num(x)}"`,
      `y="${num(y)}"`,
      `font-family="${FAMILY_NAMES[font.family]}"`,
      `font-size="${num(font.size)}"`,
      font.style === 'bold' ? 'font-weight="bold"' : '',
      font.style === 'italic' ? 'font-style="italic"' : '',
      font.letterSpacing ? `letter-spacing="${num(font.letterSpacing)}"` : '',
      anchor !== 'start' ? `text-anchor="${anchor}"` : '',
      `fill="${fill}"`,
    ].filter(Boolean);
    this.parts.push(`<text ${attrs.join(' ')}>${escapeXml(value)}</text>`);
  }

  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number): void {
    this.parts.push(
      `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${stroke}" stroke-width="${num(width)}"/>`,
    );
  }

  rect(x: number, y: number, w: number, h: number, attrs: string): void {
    this.parts.push(`<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" ${attrs}/>`);
  }

  raw(svg: string): void {
    this.parts.push(svg);
  }
}

/** The text of a language map in a language: that language, its base language, English, untagged, else the first. */
export function pick(map: LanguageMap | undefined, language: string): string | undefined {
  if (!map) return undefined;
  const keys = Object.keys(map);
  if (keys.length === 0) return undefined;
  const lower = language.toLowerCase();
  const base = lower.split('-')[0];
  const find = (pred: (k: string) => boolean) => keys.find((k) => pred(k.toLowerCase()));
  const key =
    find((k) => k === lower) ??
    find((k) => k === base) ??
    find((k) => k.split('-')[0] === base) ??
    find((k) => k === 'en') ??
    find((k) => k.startsWith('en-')) ??
    find((k) => k === 'und') ??
    keys[0]!;
  return map[key];
}

/** "2026-09-01…" as a long date in the language; the date part as written (the issuer's local date). */
export function formatDate(value: string, language: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  // Plain "en" is written the European way (29 May 2026), not the American one.
  const locale = language.toLowerCase() === 'en' ? 'en-GB' : language;
  if (!match) return value;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  try {
    return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
}

function formatNumber(value: number, language: string): string {
  try {
    return new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(value);
  } catch {
    return String(value);
  }
}

/** A code's label, or for a concept IRI from another scheme its last segment made readable. */
function codeLabel(code: string, labels: Labels): string {
  const known = labels.codes[code];
  if (known) return known;
  const segment = decodeURIComponent(code.replace(/[/#]+$/, '').split(/[/#:]/).pop() ?? code);
  const words = segment.replace(/[-_]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : code;
}

function learnerName(mc: NormalizedMicroCredential): string {
  const l = mc.learner;
  return collapse(l.fullName ?? [l.givenName, l.familyName].filter(Boolean).join(' '));
}

/** A text drawn on one line: the largest size from the list at which it fits, else the smallest, truncated. */
function fitLine(value: string, width: number, font: Font, sizes: number[]): { text: string; font: Font } {
  const text = collapse(value);
  for (const size of sizes) {
    const f = { ...font, size };
    if (measure(text, f) <= width) return { text, font: f };
  }
  const f = { ...font, size: sizes[sizes.length - 1] ?? font.size };
  return { text: truncate(text, width, f), font: f };
}

interface Block {
  label: string;
  paragraphs: string[];
}

interface LaidBlock {
  label: string;
  lines: string[];
  height: number;
}

const DETAIL_LABEL = sans(2.05, 'bold', 0.18);
const DETAIL_VALUE = sans(2.75);
const DETAIL_LINE = 3.6;
const DETAIL_COLUMN_GAP = 10;
const DETAIL_COLUMN = (WIDTH - DETAIL_COLUMN_GAP) / 2;

function layBlock(block: Block, maxLines: number): LaidBlock {
  const lines: string[] = [];
  for (const paragraph of block.paragraphs) {
    const left = maxLines - lines.length;
    if (left <= 0) {
      lines[lines.length - 1] = truncate(lines[lines.length - 1] + ' …', DETAIL_COLUMN, DETAIL_VALUE);
      break;
    }
    lines.push(...wrap(paragraph, DETAIL_COLUMN, DETAIL_VALUE, left));
  }
  return { label: block.label, lines, height: 3.6 + lines.length * DETAIL_LINE + 2.6 };
}

/** Blocks in two columns, filled in order, the split chosen to make the taller column as short as can be. */
function columns(blocks: LaidBlock[]): { left: LaidBlock[]; right: LaidBlock[]; height: number } {
  let best = { left: blocks, right: [] as LaidBlock[], height: blocks.reduce((s, b) => s + b.height, 0) };
  for (let split = 0; split <= blocks.length; split++) {
    const left = blocks.slice(0, split);
    const right = blocks.slice(split);
    const height = Math.max(
      left.reduce((s, b) => s + b.height, 0),
      right.reduce((s, b) => s + b.height, 0),
    );
    if (height < best.height) best = { left, right, height };
  }
  return best;
}

interface Outcomes {
  size: number;
  lineHeight: number;
  gap: number;
  /** Each outcome's lines; in two columns, the first `split` of them on the left. */
  items: string[][];
  columns: 1 | 2;
  split: number;
  more: number;
  height: number;
}

const OUTCOME_HEADING = 7.5;
const OUTCOME_INDENT = 5;
const OUTCOME_COLUMN_GAP = 8;
const OUTCOME_COLUMN = (WIDTH - OUTCOME_COLUMN_GAP) / 2;

/**
 * The learning outcomes in the height available: all of them in one column at the largest size that
 * fits (or in two columns, when they are short enough for that to make them fit); else as many as fit at
 * the smallest size, followed by an "and N more" line.
 */
function layOutcomes(outcomes: string[], available: number, compact: boolean): Outcomes {
  const metrics = (size: number) => ({ font: sans(size), lineHeight: size * 1.38, gap: size * 0.55 });
  const heightOf = (list: string[][], lineHeight: number, gap: number) =>
    list.reduce((s, lines) => s + lines.length * lineHeight + gap, 0);

  const single = (size: number, maxLines: number): Outcomes => {
    const { font, lineHeight, gap } = metrics(size);
    const items = outcomes.map((o) => wrap(o, WIDTH - OUTCOME_INDENT, font, maxLines));
    const height = OUTCOME_HEADING + heightOf(items, lineHeight, gap);
    return { size, lineHeight, gap, items, columns: 1, split: items.length, more: 0, height };
  };

  const double = (size: number, maxLines: number): Outcomes => {
    const { font, lineHeight, gap } = metrics(size);
    const items = outcomes.map((o) => wrap(o, OUTCOME_COLUMN - OUTCOME_INDENT, font, maxLines));
    let best = { split: items.length, height: Infinity };
    for (let split = Math.ceil(items.length / 2) - 1; split <= items.length; split++) {
      const height = Math.max(heightOf(items.slice(0, split), lineHeight, gap), heightOf(items.slice(split), lineHeight, gap));
      if (height < best.height) best = { split, height };
    }
    return { size, lineHeight, gap, items, columns: 2, split: best.split, more: 0, height: OUTCOME_HEADING + best.height };
  };

  const truncated = (size: number, maxLines: number): Outcomes => {
    const all = single(size, maxLines);
    const { font, lineHeight, gap } = metrics(size);
    const moreHeight = lineHeight + gap;
    const items = all.items;
    let kept = items.length;
    while (kept > 0 && OUTCOME_HEADING + heightOf(items.slice(0, kept), lineHeight, gap) + moreHeight > available) kept--;
    if (kept === 0 && items.length > 0) {
      // At least the first outcome, on as many lines as there is room for.
      const lines = Math.max(1, Math.floor((available - OUTCOME_HEADING - moreHeight - gap) / lineHeight));
      items[0] = wrap(outcomes[0]!, WIDTH - OUTCOME_INDENT, font, Math.min(lines, maxLines));
      kept = 1;
    }
    const shown = items.slice(0, kept);
    return {
      ...all,
      items: shown,
      split: shown.length,
      more: items.length - kept,
      height: OUTCOME_HEADING + heightOf(shown, lineHeight, gap) + moreHeight,
    };
  };

  const tries: [number, number][] = compact
    ? [
        [2.85, 4],
        [2.6, 3],
        [2.4, 2],
      ]
    : [
        [3.1, 6],
        [2.85, 5],
        [2.6, 4],
        [2.4, 3],
      ];
  for (const [size, maxLines] of tries) {
    const one = single(size, maxLines);
    if (one.height <= available) return one;
    if (outcomes.length > 1) {
      const two = double(size, maxLines);
      if (two.height <= available) return two;
    }
  }
  const [size, maxLines] = tries[tries.length - 1]!;
  return truncated(size, maxLines);
}

/**
 * The certificate as one SVG (A4 portrait, viewBox in millimetres): the source of the PNG and of the PDF.
 * Every text is measured with the fonts the renderers get, wrapped, shrunk or cut to stay on the page.
 */
export function renderCertificateSvg(mc: NormalizedMicroCredential, options: CertificateOptions = {}): string {
  // Laid out up to twice. When everything fits, the room left over gives the header some air; when the
  // learning outcomes do not all fit, a compact header and shorter details make room for more of them.
  const first = compose(mc, options, { air: 0, compact: false });
  let chosen = first;
  if (first.hidden === 0 && !first.overflow) {
    const air = Math.min(first.slack / 5, 9);
    const airy = air > 0.5 ? compose(mc, options, { air, compact: false }) : first;
    if (airy.hidden === 0 && !airy.overflow) chosen = airy;
  } else {
    const compact = compose(mc, options, { air: -2.5, compact: true });
    if (first.overflow || compact.hidden < first.hidden) chosen = compact;
  }
  const { parts } = chosen;
  const language = options.language ?? 'en';
  const title = pick(mc.title, language) ?? '';
  const docTitle = escapeXml(collapse(`${title} — ${learnerName(mc)}`));
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${PAGE.width}mm" height="${PAGE.height}mm" ` +
    `viewBox="0 0 ${PAGE.width} ${PAGE.height}" xml:lang="${escapeXml(language)}">\n` +
    `<title>${docTitle}</title>\n` +
    parts.join('\n') +
    `\n</svg>\n`
  );
}

interface Mode {
  /** Millimetres more (or less) space at three places of the header. */
  air: number;
  /** Fewer lines for the header's texts and the details, smaller learning outcomes. */
  compact: boolean;
}

/** The page's elements; the room left over; how many learning outcomes did not fit. */
function compose(
  mc: NormalizedMicroCredential,
  options: CertificateOptions,
  { air, compact }: Mode,
): { parts: string[]; slack: number; hidden: number; overflow: boolean } {
  const language = options.language ?? 'en';
  const L = labelsFor(language);
  const t = (map: LanguageMap | undefined) => (map ? collapse(pick(map, language) ?? '') : '');
  const page = new Page();

  // Frame
  page.rect(0, 0, PAGE.width, PAGE.height, 'fill="#ffffff"');
  page.rect(7, 7, PAGE.width - 14, PAGE.height - 14, `fill="none" stroke="${COLOR.navy}" stroke-width="0.8"`);
  page.rect(9.2, 9.2, PAGE.width - 18.4, PAGE.height - 18.4, `fill="none" stroke="${COLOR.gold}" stroke-width="0.3"`);
  for (const [x, y] of [
    [9.2, 9.2],
    [PAGE.width - 9.2, 9.2],
    [9.2, PAGE.height - 9.2],
    [PAGE.width - 9.2, PAGE.height - 9.2],
  ] as const) {
    page.raw(
      `<path d="M${x} ${y - 1.6}L${x + 1.6} ${y}L${x} ${y + 1.6}L${x - 1.6} ${y}Z" fill="${COLOR.gold}"/>`,
    );
  }

  // Awarding bodies, as the letterhead
  let y = 22;
  const bodies = mc.awardingBodies.map((b) => t(b.legalName)).filter(Boolean);
  const headFont = sans(3.1, 'bold', 0.25);
  const headLines = wrap(bodies.join('  ·  ').toLocaleUpperCase(language), WIDTH, headFont, compact ? 1 : 2);
  for (const line of headLines) {
    page.text(CENTER, y, line, headFont, COLOR.navy, 'middle');
    y += 4.6;
  }
  y += 1;
  page.line(CENTER - 22, y, CENTER + 22, y, COLOR.gold, 0.35);
  page.raw(`<path d="M${CENTER} ${num(y - 1.3)}L${CENTER + 1.3} ${y}L${CENTER} ${num(y + 1.3)}L${CENTER - 1.3} ${y}Z" fill="${COLOR.gold}"/>`);
  y += 11 + air;

  // Heading
  const heading = fitLine(L.heading.toLocaleUpperCase(language), WIDTH, serif(6.2, 'regular', 0.5), [6.2, 5.6, 5, 4.4]);
  page.text(CENTER, y, heading.text, heading.font, COLOR.navy, 'middle');
  y += 11 + air;

  // Learner
  page.text(CENTER, y, L.certifiesThat, serif(3.6, 'italic'), COLOR.muted, 'middle');
  y += 12;
  const name = fitLine(learnerName(mc), WIDTH, serif(9.5, 'bold'), [9.5, 8.5, 7.5, 6.5, 5.5]);
  page.text(CENTER, y, name.text, name.font, COLOR.ink, 'middle');
  y += 3;
  const underline = Math.min(WIDTH, Math.max(90, measure(name.text, name.font) + 16)) / 2;
  page.line(CENTER - underline, y, CENTER + underline, y, COLOR.gold, 0.3);
  if (options.showDateOfBirth && mc.learner.dateOfBirth) {
    y += 4.6;
    page.text(CENTER, y, L.bornOn(formatDate(mc.learner.dateOfBirth, language)), sans(2.8), COLOR.muted, 'middle');
  }
  y += 8;
  page.text(CENTER, y, L.hasAchieved, serif(3.6, 'italic'), COLOR.muted, 'middle');
  y += 10;

  // Title
  const title = t(mc.title);
  let titleLines: string[] = [];
  let titleFont = serif(7.4, 'bold');
  // Large, on two lines at most; a long title smaller on up to three (two when space is short).
  const titleSizes = compact ? [6.6, 5.8, 5.2] : [7.4, 6.6, 5.8, 5.2];
  const titleMaxLines = compact ? 2 : 3;
  for (const size of titleSizes) {
    titleFont = serif(size, 'bold');
    const last = size === titleSizes[titleSizes.length - 1];
    titleLines = wrap(title, WIDTH - 10, titleFont, last ? titleMaxLines : Infinity);
    if (titleLines.length <= (size >= 6.6 ? 2 : titleMaxLines)) break;
  }
  for (const line of titleLines) {
    page.text(CENTER, y, line, titleFont, COLOR.navy, 'middle');
    y += titleFont.size * 1.25;
  }
  const description = t(mc.description);
  if (description) {
    y += 0.5;
    for (const line of wrap(description, WIDTH - 20, sans(2.9, 'italic'), compact ? 1 : 2)) {
      page.text(CENTER, y, line, sans(2.9, 'italic'), COLOR.muted, 'middle');
      y += 4;
    }
  }
  y += 3 + air;

  // Key facts: level, workload, date of issue, validity
  type Cell = { label: string; value: string; sub?: string };
  const cells: Cell[] = [];
  const level = mc.level;
  if (level === 'not-applicable') cells.push({ label: L.level, value: L.notApplicable });
  else {
    const parts = [
      level.eqf !== undefined ? L.eqfLevel(level.eqf) : undefined,
      level.nqf ? L.nqfLevel(collapse(level.nqf.level)) : undefined,
      level.qfEhea ? L.qfEhea[level.qfEhea] : undefined,
    ].filter((p): p is string => p !== undefined);
    cells.push({ label: L.level, value: parts[0] ?? L.notApplicable, sub: parts.slice(1).join(' · ') || undefined });
  }
  const ects = mc.workload.ects !== undefined ? L.ects(formatNumber(mc.workload.ects, language)) : undefined;
  const hours = mc.workload.hours !== undefined ? L.hours(formatNumber(mc.workload.hours, language)) : undefined;
  cells.push({ label: L.workload, value: ects ?? hours ?? '', sub: ects ? hours : undefined });
  const issued = options.issuedAt ?? mc.issued;
  cells.push({
    label: L.dateOfIssue,
    value: issued ? formatDate(issued, language) : '—',
    sub: t(mc.placeOfIssue) || undefined,
  });
  if (mc.validUntil) cells.push({ label: L.validUntil, value: formatDate(mc.validUntil, language) });

  const cellWidth = WIDTH / cells.length;
  const cellText = cellWidth - 6;
  const cellLabel = sans(2.05, 'bold', 0.18);
  const cellSub = sans(2.6);
  const laid = cells.map((c) => ({
    label: fitLine(c.label.toLocaleUpperCase(language), cellText, cellLabel, [2.05, 1.85]),
    value: fitLine(c.value, cellText, sans(3.7, 'bold'), [3.7, 3.3, 2.9, 2.6]),
    sub: c.sub ? wrap(c.sub, cellText, cellSub, compact ? 1 : 2) : [],
  }));
  const subLines = Math.max(0, ...laid.map((c) => c.sub.length));
  const boxHeight = 14 + subLines * 3.5;
  page.rect(LEFT, y, WIDTH, boxHeight, `fill="${COLOR.panel}" stroke="${COLOR.panelLine}" stroke-width="0.25" rx="1.2"`);
  laid.forEach((c, i) => {
    const cx = LEFT + cellWidth * i + cellWidth / 2;
    if (i > 0) page.line(LEFT + cellWidth * i, y + 3, LEFT + cellWidth * i, y + boxHeight - 3, COLOR.panelLine, 0.25);
    page.text(cx, y + 5.2, c.label.text, c.label.font, COLOR.muted, 'middle');
    page.text(cx, y + 10.6, c.value.text, c.value.font, COLOR.navy, 'middle');
    c.sub.forEach((line, j) => page.text(cx, y + 14.4 + j * 3.5, line, cellSub, COLOR.muted, 'middle'));
  });
  y += boxHeight + 7;

  // Details (the remaining Annex I and ISO/IEC 17024 elements)
  const blocks: Block[] = [];
  blocks.push({
    label: L.awardingBodies,
    paragraphs: mc.awardingBodies.map((b) => `${t(b.legalName)} (${countryName(b.country, language)})`),
  });
  const bodyCountries = new Set(mc.awardingBodies.map((b) => b.country));
  const issuerCountries = mc.issuerCountries.map((c) =>
    typeof c === 'string' ? countryName(c, language) : `${countryName(c.country, language)} (${t(c.region)})`,
  );
  if (mc.issuerCountries.some((c) => typeof c !== 'string' || !bodyCountries.has(c))) {
    blocks.push({ label: L.issuerCountries, paragraphs: [issuerCountries.join(', ')] });
  }
  const assessmentDescription = t(mc.assessment.description);
  blocks.push({
    label: L.assessment,
    paragraphs: [codeLabel(mc.assessment.type, L) + (assessmentDescription ? ` — ${assessmentDescription}` : '')],
  });
  blocks.push({
    label: L.participation,
    paragraphs: [`${codeLabel(mc.participation.mode, L)} · ${L.settings[mc.participation.setting] ?? mc.participation.setting}`],
  });
  if (mc.supervision) blocks.push({ label: L.supervision, paragraphs: [codeLabel(mc.supervision, L)] });
  const qaDescription = t(mc.qualityAssurance.description);
  blocks.push({
    label: L.qualityAssurance,
    paragraphs: [codeLabel(mc.qualityAssurance.type, L) + (qaDescription ? ` — ${qaDescription}` : '')],
  });
  if (mc.grade) blocks.push({ label: L.grade, paragraphs: [t(mc.grade)] });
  if (mc.prerequisites) blocks.push({ label: L.prerequisites, paragraphs: [t(mc.prerequisites)] });
  if (mc.stackability) {
    const towards = mc.stackability.type === 'stackable' ? t(mc.stackability.towards) : '';
    blocks.push({
      label: L.stackability,
      paragraphs: [mc.stackability.type === 'stand-alone' ? L.standAlone : towards ? L.stackableTowards(towards) : L.stackable],
    });
  }
  if (mc.certificationScheme) {
    const v = mc.certificationScheme.version;
    blocks.push({
      label: L.certificationScheme,
      paragraphs: [t(mc.certificationScheme.name) + (v ? `, ${L.version(collapse(v))}` : '')],
    });
  }
  if (mc.scope) blocks.push({ label: L.scope, paragraphs: [t(mc.scope)] });
  if (mc.furtherInformation) blocks.push({ label: L.furtherInformation, paragraphs: [t(mc.furtherInformation)] });

  const outcomeTexts = mc.learningOutcomes.map((o) => t(o.title)).filter(Boolean);
  const bodyBottom = FOOTER_TOP - 5;
  const available = bodyBottom - y;
  // The details keep all their lines if the learning outcomes fit beside them (at some size), else give
  // up lines until they do; failing that, the layout that shows the most outcomes.
  const SECTION_GAP = 5;
  let best: { details: ReturnType<typeof columns>; outcomes: Outcomes; fits: boolean } | undefined;
  for (const maxLines of compact ? [2, 1] : [4, 3, 2, 1]) {
    const details = columns(blocks.map((b) => layBlock(b, maxLines)));
    const outcomes = layOutcomes(outcomeTexts, available - details.height - SECTION_GAP, compact);
    const fits = details.height + SECTION_GAP + outcomes.height <= available + 0.01;
    if (!best || (fits && !best.fits) || (fits === best.fits && outcomes.more < best.outcomes.more)) {
      best = { details, outcomes, fits };
    }
    if (fits && outcomes.more === 0) break;
  }
  const { details, outcomes } = best!;

  // Share out the room left over: a little more air between the sections, the rest below them.
  const room = available - details.height - SECTION_GAP - outcomes.height;
  const slack = Math.max(0, room);
  const extra = Math.min(slack / 2, 12);

  // Learning outcomes
  y += extra / 2;
  const sectionFont = sans(2.5, 'bold', 0.2);
  const drawSectionHeading = (label: string) => {
    const text = label.toLocaleUpperCase(language);
    page.text(LEFT, y, text, sectionFont, COLOR.navy);
    const end = LEFT + measure(text, sectionFont) + 3;
    page.line(end, y - 0.85, RIGHT, y - 0.85, COLOR.gold, 0.3);
  };
  drawSectionHeading(L.learningOutcomes);
  y += OUTCOME_HEADING;
  const outcomeFont = sans(outcomes.size);
  const drawOutcomes = (list: string[][], x: number, top: number): number => {
    let oy = top;
    for (const lines of list) {
      const bx = x + 1.6;
      const by = oy - outcomes.size * 0.33;
      const br = outcomes.size * 0.24;
      page.raw(`<path d="M${num(bx)} ${num(by - br)}L${num(bx + br)} ${num(by)}L${num(bx)} ${num(by + br)}L${num(bx - br)} ${num(by)}Z" fill="${COLOR.gold}"/>`);
      for (const line of lines) {
        page.text(x + OUTCOME_INDENT, oy, line, outcomeFont, COLOR.ink);
        oy += outcomes.lineHeight;
      }
      oy += outcomes.gap;
    }
    return oy;
  };
  if (outcomes.columns === 2) {
    const left = drawOutcomes(outcomes.items.slice(0, outcomes.split), LEFT, y);
    const right = drawOutcomes(outcomes.items.slice(outcomes.split), LEFT + OUTCOME_COLUMN + OUTCOME_COLUMN_GAP, y);
    y = Math.max(left, right);
  } else {
    y = drawOutcomes(outcomes.items, LEFT, y);
  }
  if (outcomes.more > 0) {
    page.text(LEFT + OUTCOME_INDENT, y, L.andMore(outcomes.more), sans(outcomes.size, 'italic'), COLOR.muted);
    y += outcomes.lineHeight + outcomes.gap;
  }
  y += SECTION_GAP - outcomes.gap + extra / 2;

  // Details in two columns
  page.line(LEFT, y - 3.2, RIGHT, y - 3.2, COLOR.panelLine, 0.25);
  y += 1.2;
  const drawColumn = (list: LaidBlock[], x: number) => {
    let cy = y;
    for (const block of list) {
      page.text(x, cy, truncate(block.label.toLocaleUpperCase(language), DETAIL_COLUMN, DETAIL_LABEL), DETAIL_LABEL, COLOR.muted);
      cy += 3.6;
      for (const line of block.lines) {
        page.text(x, cy, line, DETAIL_VALUE, COLOR.ink);
        cy += DETAIL_LINE;
      }
      cy += 2.6;
    }
  };
  drawColumn(details.left, LEFT);
  drawColumn(details.right, LEFT + DETAIL_COLUMN + DETAIL_COLUMN_GAP);

  drawFooter(page, mc, options, L, language);

  const status = options.status?.toLowerCase();
  if (status && MARKED_STATUSES.includes(status)) {
    const word = (L.statuses[status] ?? status).toLocaleUpperCase(language);
    const mark = fitLine(word, 200, sans(28, 'bold', 2), [28, 22, 18]);
    page.raw(
      `<g class="watermark" transform="rotate(-35 ${CENTER} ${PAGE.height / 2})" opacity="0.16">` +
        `<text x="${CENTER}" y="${PAGE.height / 2 + mark.font.size / 3}" font-family="${FAMILY_NAMES.sans}" font-size="${mark.font.size}" font-weight="bold" letter-spacing="2" text-anchor="middle" fill="${COLOR.warning}">${escapeXml(mark.text)}</text></g>`,
    );
  }

  return { parts: page.parts, slack, hidden: outcomes.more, overflow: room < -0.01 };
}

function drawFooter(
  page: Page,
  mc: NormalizedMicroCredential,
  options: CertificateOptions,
  L: Labels,
  language: string,
): void {
  const top = FOOTER_TOP;
  page.line(LEFT, top, RIGHT, top, COLOR.gold, 0.3);
  const qrSize = 30;
  const hasQr = options.verificationUrl !== undefined && options.verificationUrl !== '';
  const textRight = hasQr ? RIGHT - qrSize - 8 : RIGHT;
  const columnWidth = (textRight - LEFT - 8) / 2;
  const label = sans(2.05, 'bold', 0.18);
  const upper = (s: string) => s.toLocaleUpperCase(language);

  // Left: certificate number, issuer and status
  let y = top + 7;
  if (mc.certificateNumber) {
    page.text(LEFT, y, truncate(upper(L.certificateNumber), columnWidth, label), label, COLOR.muted);
    // Never cut: a long number goes smaller, then onto up to three lines (at most 100 characters).
    let number = sans(3.6, 'bold');
    let lines = [collapse(mc.certificateNumber)];
    // Never cut (it has at most 100 characters): smaller, then on up to four lines.
    for (const size of [3.6, 3.1, 2.7, 2.5, 2.3, 2.1, 1.9]) {
      number = sans(size, 'bold');
      lines = wrap(mc.certificateNumber, columnWidth, number);
      if (lines.length <= (size > 2.7 ? 1 : 4)) break;
    }
    if (lines.length > 4) lines = wrap(mc.certificateNumber, columnWidth, number, 4);
    lines.forEach((line, i) => page.text(LEFT, y + 4.8 + i * 3, line, number, COLOR.navy));
    y += 11.5 + (lines.length - 1) * 3;
  }
  if (options.issuerName) {
    page.text(LEFT, y, truncate(upper(L.issuedBy), columnWidth, label), label, COLOR.muted);
    for (const [i, line] of wrap(options.issuerName, columnWidth, sans(2.8), 2).entries()) {
      page.text(LEFT, y + 4.4 + i * 3.6, line, sans(2.8), COLOR.ink);
    }
    y += 11.5 + (wrap(options.issuerName, columnWidth, sans(2.8), 2).length - 1) * 3.6;
  }
  if (options.status && y < top + 33) {
    const status = L.statuses[options.status.toLowerCase()] ?? collapse(options.status);
    page.text(LEFT, y, truncate(upper(L.status), columnWidth, label), label, COLOR.muted);
    const bad = MARKED_STATUSES.includes(options.status.toLowerCase());
    page.text(LEFT, y + 4.4, truncate(status, columnWidth, sans(2.8, 'bold')), sans(2.8, 'bold'), bad ? COLOR.warning : COLOR.ink);
  }

  // Middle: the signatory
  if (mc.signatory) {
    const x = LEFT + columnWidth + 8;
    const lineY = top + 22;
    page.line(x, lineY, x + columnWidth, lineY, COLOR.ink, 0.25);
    const signatory = fitLine(mc.signatory.name, columnWidth, serif(3.4, 'bold'), [3.4, 3, 2.6]);
    page.text(x, lineY + 4.6, signatory.text, signatory.font, COLOR.ink);
    const role = mc.signatory.role ? collapse(pick(mc.signatory.role, language) ?? '') : '';
    wrap(role, columnWidth, sans(2.6), 2).forEach((line, i) =>
      page.text(x, lineY + 8.4 + i * 3.3, line, sans(2.6), COLOR.muted),
    );
  }

  // Right: the QR code
  if (hasQr) {
    const x = RIGHT - qrSize;
    const qr = qrSvg(options.verificationUrl!, x, top + 3, qrSize);
    page.raw(qr.svg);
    page.text(x + qrSize / 2, top + 3 + qrSize + 3.2, truncate(L.scanToVerify, qrSize + 8, sans(2.5, 'bold')), sans(2.5, 'bold'), COLOR.navy, 'middle');
  }

  // Foot of the page: what the paper is, and where to verify it
  const small = sans(2.05);
  const notes = wrap(L.footnote, WIDTH, small, 2);
  let y2 = PAGE.height - 19 + (notes.length < 2 ? 3 : 0);
  if (hasQr) y2 -= 3;
  for (const line of notes) {
    page.text(CENTER, y2, line, small, COLOR.muted, 'middle');
    y2 += 3;
  }
  if (hasQr) {
    page.text(CENTER, y2, truncate(collapse(options.verificationUrl!), WIDTH, sans(2.05, 'bold')), sans(2.05, 'bold'), COLOR.navy, 'middle');
  }
}
