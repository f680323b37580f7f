import type { MiddlewareHandler } from 'hono';

/**
 * The policy of an HTML page that serves every asset itself (ARCHITECTURE.md
 * "No CDN"): nothing from elsewhere, no inline script or style, no framing,
 * forms post only back here.
 */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Documents that are data (JSON, SVG): a browser that opens one runs nothing in it. */
export const DATA_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

export interface SecurityHeadersOptions {
  /** Sends Strict-Transport-Security: the service is reached over HTTPS (its public URL says so). */
  https: boolean;
}

/**
 * Headers every response carries, added after the route has answered and
 * only where the route did not set its own (a page sets its CSP itself; this
 * is the net under the ones that forget). Answers to authenticated requests
 * are never stored by caches: they are one tenant's data.
 */
export function securityHeaders(options: SecurityHeadersOptions): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const present = c.res.headers;
    const wanted: [string, string][] = [
      ['x-content-type-options', 'nosniff'],
      ['referrer-policy', 'no-referrer'],
      ['x-frame-options', 'DENY'],
      ['cross-origin-opener-policy', 'same-origin'],
    ];
    if (options.https) wanted.push(['strict-transport-security', 'max-age=31536000; includeSubDomains']);
    const type = present.get('content-type') ?? '';
    if (/^text\/html/i.test(type)) wanted.push(['content-security-policy', PAGE_CSP]);
    else if (/json|svg/i.test(type)) wanted.push(['content-security-policy', DATA_CSP]);
    if (c.req.header('authorization') !== undefined) wanted.push(['cache-control', 'no-store']);
    // c.header copies a finished response before changing it: its headers may be immutable, or
    // (@hono/node-server's lightweight responses) not the ones its body is later read with.
    for (const [name, value] of wanted) if (!present.has(name)) c.header(name, value);
  };
}
