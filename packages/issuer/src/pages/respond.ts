import { readFileSync } from 'node:fs';
import type { Context } from 'hono';
import { chooseLanguage, type Language } from './i18n.ts';

/**
 * Pages carry no inline script or style, so the policy can forbid both; images
 * may be data: URIs (the QR codes on the learner page).
 */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The stylesheet, read once: a file of its own so that it is edited as CSS, not as a string. */
export const PAGE_CSS = readFileSync(new URL('./style.css', import.meta.url), 'utf8');

export function languageOf(c: Context): Language {
  return chooseLanguage(c.req.query('lang'), c.req.header('accept-language'));
}

export function pageHeaders(language: Language, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-language': language,
    'content-security-policy': PAGE_CSP,
    'x-content-type-options': 'nosniff',
    // Learner pages carry a secret in their address; no link may pass it on.
    'referrer-policy': 'no-referrer',
    // Verdicts change with the issuer's status lists; learner pages are private.
    'cache-control': 'no-store',
    vary: 'Accept-Language',
    ...extra,
  };
}

/** Renders a page (with its doctype) under the page headers. */
export async function sendPage(
  c: Context,
  element: { toString(): string | Promise<string> },
  options: { language: Language; status?: number; headers?: Record<string, string> },
): Promise<Response> {
  const html = `<!DOCTYPE html>${await element.toString()}`;
  return new Response(html, { status: options.status ?? 200, headers: pageHeaders(options.language, options.headers) });
}

/** Headers for a file the pages link to (PDF, credential download). */
export function fileHeaders(type: string, filename: string, disposition: 'attachment' | 'inline' = 'attachment'): Record<string, string> {
  const ascii = filename.replace(/[^\w.-]+/g, '-');
  return {
    'content-type': type,
    'content-disposition': `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const JSON_TYPES = new Set(['application/json', 'application/ld+json', 'application/vc+ld+json', 'application/vc']);

/**
 * Whether the client asked for the credential itself rather than the page:
 * a JSON type ranked above HTML (browsers always rank HTML first; `microcred
 * verify <share URL>` asks only for JSON).
 */
export function prefersJson(accept: string | undefined): boolean {
  let html = 0;
  let json = 0;
  for (const part of (accept ?? '').split(',')) {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find((v) => v !== undefined) ?? 1);
    if (Number.isNaN(q)) continue;
    const name = type.trim();
    if (HTML_TYPES.has(name)) html = Math.max(html, q);
    if (JSON_TYPES.has(name) || /^application\/[\w.-]+\+json$/.test(name)) json = Math.max(json, q);
  }
  return json > html;
}
