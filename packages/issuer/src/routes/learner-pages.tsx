import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import QRCode from 'qrcode';
import { credentialPathSegment, parseBody, type AppEnv, type Services } from '../context.ts';
import { certificateFilename, certificatePdf, microCredentialOf, shareUrl } from '../pages/certificate-pdf.ts';
import type { Language } from '../pages/i18n.ts';
import { withLanguage } from '../pages/layout.tsx';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { fileHeaders, languageOf, sendPage } from '../pages/respond.ts';
import { EXPIRY_CHOICES, WalletPage, type WalletShareLink } from '../pages/wallet-page.tsx';
import { Problem, problems } from '../problem.ts';
import { newSecret } from '../secrets.ts';
import { hashToken, StorageError, type CredentialRecord, type Tenant } from '../storage/index.ts';
import { TOKEN } from './employer-pages.tsx';
import { expiryOf, newShareLinkBody, shareLinkJson } from './share-links.ts';

const SMALL_BODY = 64 * 1024;

type Held = { claimToken: string; record: CredentialRecord; tenant: Tenant | undefined };

/** A form post (answer: a redirect or a page) or JSON (answer: JSON); anything else is refused. */
function bodyKind(c: Context): 'form' | 'json' {
  const type = c.req.header('content-type') ?? '';
  if (/^application\/x-www-form-urlencoded|^multipart\/form-data/i.test(type)) return 'form';
  if (/^application\/([\w.+-]*\+)?json\s*(;|$)/i.test(type)) return 'json';
  throw problems.unsupportedMediaType(type || undefined);
}

async function qrDataUri(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

/**
 * The learner's side, reached with the claim link the issuer handed over
 * (`/wallet/:claimToken`; only the token's hash is stored): the page, the
 * certificate, and share links to make, list and withdraw. Forms post and
 * redirect back (POST-redirect-GET), so nothing needs JavaScript; the same
 * endpoints answer JSON to programs.
 */
export function learnerPages(services: Services): Hono<AppEnv> {
  const { store, publicUrl, publicLimiter } = services;
  const app = new Hono<AppEnv>();
  const small = bodyLimit({ maxSize: SMALL_BODY, onError: () => { throw problems.payloadTooLarge(SMALL_BODY); } });

  async function held(claimToken: string): Promise<Held | undefined> {
    if (!TOKEN.test(claimToken)) return undefined;
    const found = await store.credentials.findByClaimTokenHash(hashToken(claimToken));
    if (!found) return undefined;
    const record = await store.credentials.get(found.tenantId, found.credentialId);
    if (!record) return undefined;
    return { claimToken, record, tenant: await store.tenants.get(found.tenantId) };
  }

  async function require(c: Context, kind: 'page' | 'api'): Promise<Held | Response> {
    const found = await held(c.req.param('claimToken') ?? '');
    if (found) return found;
    if (kind === 'api') return problems.notFound('No credential belongs to this learner link.').toResponse();
    const language = languageOf(c);
    return sendPage(c, <NotFoundPage language={language} switchPath={c.req.path} kind="wallet" />, { language, status: 404 });
  }

  async function page(c: Context, h: Held, language: Language, extra: { formError?: string; status?: number } = {}): Promise<Response> {
    const links = await store.shareLinks.list(h.record.tenantId, h.record.id);
    const shown: WalletShareLink[] = await Promise.all(
      links.map(async (link) => {
        const url = shareUrl(publicUrl, link.token);
        return { ...link, url, ...(link.state === 'active' ? { qr: await qrDataUri(url) } : {}) };
      }),
    );
    const done = c.req.query('done');
    return sendPage(
      c,
      <WalletPage
        language={language}
        claimToken={h.claimToken}
        credentialPath={credentialPathSegment(h.record.id)}
        mc={microCredentialOf(h.record)}
        status={h.record.effectiveStatus}
        issuerName={h.tenant?.name}
        links={shown}
        flash={done === 'created' || done === 'withdrawn' ? done : undefined}
        formError={extra.formError}
      />,
      { language, status: extra.status ?? 200 },
    );
  }

  const back = (h: Held, language: Language, done: 'created' | 'withdrawn') =>
    new Response(null, { status: 303, headers: { location: `${withLanguage(`/wallet/${h.claimToken}`, language, { done })}#share`, 'cache-control': 'no-store' } });

  // GET /wallet/:claimToken: the learner's page.
  app.get('/wallet/:claimToken', publicLimiter, async (c) => {
    const h = await require(c, 'page');
    if (h instanceof Response) return h;
    return page(c, h, languageOf(c));
  });

  // GET /wallet/:claimToken/certificate.pdf?lang=: the printable certificate.
  app.get('/wallet/:claimToken/certificate.pdf', publicLimiter, async (c) => {
    const h = await require(c, 'page');
    if (h instanceof Response) return h;
    const { pdf } = await certificatePdf(services, h.record, h.tenant, languageOf(c));
    return c.body(new Uint8Array(pdf), 200, fileHeaders('application/pdf', certificateFilename(h.record), 'inline'));
  });

  // GET /wallet/:claimToken/share-links: the learner's links as JSON.
  app.get('/wallet/:claimToken/share-links', publicLimiter, async (c) => {
    const h = await require(c, 'api');
    if (h instanceof Response) return h;
    const links = await store.shareLinks.list(h.record.tenantId, h.record.id);
    return c.json({ id: h.record.id, items: links.map((link) => shareLinkJson(publicUrl, link)) }, 200, { 'cache-control': 'no-store' });
  });

  // POST /wallet/:claimToken/share-links: a form (label, expires) → 303 back to the page; JSON like the issuer's → 201.
  app.post('/wallet/:claimToken/share-links', publicLimiter, small, async (c) => {
    const kind = bodyKind(c);
    const h = await require(c, kind === 'form' ? 'page' : 'api');
    if (h instanceof Response) return h;
    const language = languageOf(c);
    const now = services.clock();
    try {
      let body: { label?: string | undefined; expiresAt?: string | undefined; expiresInDays?: number | undefined };
      if (kind === 'form') {
        const form = await c.req.parseBody();
        const expires = typeof form.expires === 'string' ? form.expires : 'never';
        if (!(EXPIRY_CHOICES as readonly string[]).includes(expires)) {
          throw problems.validation([{ path: 'expires', message: `must be one of ${EXPIRY_CHOICES.join(', ')}` }]);
        }
        body = parseBody(newShareLinkBody, {
          ...(typeof form.label === 'string' && form.label.trim() ? { label: form.label } : {}),
          ...(expires === 'never' ? {} : { expiresInDays: Number(expires) }),
        });
      } else {
        body = parseBody(newShareLinkBody, await c.req.json().catch(() => {
          throw problems.malformedJson('The body is not JSON.');
        }));
      }
      const link = await store.shareLinks.create(h.record.tenantId, h.record.id, {
        token: newSecret(),
        origin: 'learner',
        expiresAt: expiryOf(body, now),
        label: body.label || null,
        actor: 'learner',
      });
      if (kind === 'form') return back(h, language, 'created');
      const json = shareLinkJson(publicUrl, link);
      return c.json(json, 201, { location: json.url });
    } catch (error) {
      // A form gets its page back with the reason in words; a program gets the problem.
      if (kind !== 'form') throw error;
      const message =
        error instanceof Problem
          ? (((error.extensions.errors as { path: string; message: string }[] | undefined) ?? []).map((e) => `${e.path}: ${e.message}`).join('; ') || error.detail || error.title)
          : error instanceof StorageError && error.code === 'ERR_CONFLICT'
            ? error.message
            : undefined;
      if (message === undefined) throw error;
      return page(c, h, language, { formError: message, status: 422 });
    }
  });

  // POST /wallet/:claimToken/share-links/:token/withdraw: the link stops working at once.
  app.post('/wallet/:claimToken/share-links/:token/withdraw', publicLimiter, small, async (c) => {
    const type = c.req.header('content-type');
    // A bodiless POST (a plain button) is a form too.
    const kind = type ? bodyKind(c) : 'form';
    const h = await require(c, kind === 'form' ? 'page' : 'api');
    if (h instanceof Response) return h;
    const link = await store.shareLinks.withdraw(h.record.tenantId, h.record.id, c.req.param('token'), 'learner', 'learner');
    if (!link) {
      if (kind === 'json') throw problems.notFound('This credential has no such share link.');
      const language = languageOf(c);
      return sendPage(c, <NotFoundPage language={language} switchPath={`/wallet/${h.claimToken}`} kind="share" />, { language, status: 404 });
    }
    if (kind === 'form') return back(h, languageOf(c), 'withdrawn');
    return c.json(shareLinkJson(publicUrl, link));
  });

  return app;
}
