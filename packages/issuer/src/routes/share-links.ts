import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { requireScope } from '../auth.ts';
import { credentialIdFrom, parseBody, readOptionalJson, type AppContext, type AppEnv, type Services } from '../context.ts';
import { idempotency } from '../idempotency.ts';
import { certificateFilename, certificatePdf, shareUrl } from '../pages/certificate-pdf.ts';
import { languageOf, fileHeaders } from '../pages/respond.ts';
import { problems } from '../problem.ts';
import { newSecret } from '../secrets.ts';
import type { CredentialRecord, ShareLink } from '../storage/index.ts';

const SMALL_BODY = 64 * 1024;
const MAX_DAYS = 3650;

/** What a new share link may say: whom it is for, and when it stops working (a moment, or days from now). */
export const newShareLinkBody = z
  .strictObject({
    label: z.string().trim().max(200, 'is too long (at most 200 characters)').optional(),
    expiresAt: z
      .string()
      .refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)), {
        message: 'must be an ISO 8601 date-time with a time zone',
      })
      .optional(),
    expiresInDays: z
      .number({ error: 'must be a number of days' })
      .int('must be a whole number of days')
      .min(1, 'must be at least 1')
      .max(MAX_DAYS, `must be at most ${MAX_DAYS}`)
      .optional(),
  })
  .refine((body) => !(body.expiresAt && body.expiresInDays), { message: 'give expiresAt or expiresInDays, not both', path: ['expiresInDays'] });

/** The moment a new link stops working, checked against now (a link that is dead on arrival is refused). */
export function expiryOf(body: { expiresAt?: string | undefined; expiresInDays?: number | undefined }, now: Date): string | null {
  if (body.expiresInDays !== undefined) return new Date(now.getTime() + body.expiresInDays * 86_400_000).toISOString();
  if (body.expiresAt === undefined) return null;
  const at = new Date(body.expiresAt);
  if (at.getTime() <= now.getTime()) throw problems.validation([{ path: 'expiresAt', message: 'must be in the future' }]);
  if (at.getTime() > now.getTime() + MAX_DAYS * 86_400_000) {
    throw problems.validation([{ path: 'expiresAt', message: `must be within ${MAX_DAYS} days from now` }]);
  }
  return at.toISOString();
}

/** A share link as the API shows it. */
export function shareLinkJson(publicUrl: string, link: ShareLink) {
  return {
    token: link.token,
    url: shareUrl(publicUrl, link.token),
    state: link.state,
    origin: link.origin,
    label: link.label,
    createdAt: link.createdAt,
    expiresAt: link.expiresAt,
    withdrawnAt: link.withdrawnAt,
    withdrawnBy: link.withdrawnBy,
  };
}

/**
 * The issuer's side of share links and the printable certificate, under
 * `/micro-credentials/:id/`: list and make links (issue or manage), withdraw
 * one (manage), and the certificate PDF.
 */
export function shareLinkRoutes(services: Services): Hono<AppEnv> {
  const { store, publicUrl } = services;
  const app = new Hono<AppEnv>();
  const canRead = requireScope(services, 'issue', 'manage');
  const canManage = requireScope(services, 'manage');
  const idempotent = idempotency(services);
  const small = bodyLimit({ maxSize: SMALL_BODY, onError: () => { throw problems.payloadTooLarge(SMALL_BODY); } });

  async function find(c: AppContext): Promise<CredentialRecord> {
    const id = credentialIdFrom(c.req.param('id') ?? '');
    const record = await store.credentials.get(c.get('principal').tenant.id, id);
    if (!record) throw problems.notFound(`No credential ${id} among yours.`);
    return record;
  }

  // GET /micro-credentials/:id/share-links: every link, newest first, withdrawn and expired ones included.
  app.get('/micro-credentials/:id/share-links', canRead, async (c) => {
    const record = await find(c);
    const links = await store.shareLinks.list(record.tenantId, record.id);
    return c.json({ id: record.id, items: links.map((link) => shareLinkJson(publicUrl, link)) });
  });

  // POST /micro-credentials/:id/share-links {label?, expiresAt? | expiresInDays?}: a new link → 201.
  app.post('/micro-credentials/:id/share-links', canRead, small, idempotent, async (c) => {
    const body = parseBody(newShareLinkBody, await readOptionalJson(c));
    const record = await find(c);
    const link = await store.shareLinks.create(record.tenantId, record.id, {
      token: newSecret(),
      origin: 'issuer',
      expiresAt: expiryOf(body, services.clock()),
      label: body.label || null,
      actor: c.get('principal').tokenId,
    });
    const json = shareLinkJson(publicUrl, link);
    return c.json(json, 201, { location: json.url });
  });

  // POST /micro-credentials/:id/share-links/:token/withdraw: the link stops working at once; repeating it changes nothing.
  app.post('/micro-credentials/:id/share-links/:token/withdraw', canManage, small, idempotent, async (c) => {
    const record = await find(c);
    const link = await store.shareLinks.withdraw(record.tenantId, record.id, c.req.param('token'), 'issuer', c.get('principal').tokenId);
    if (!link) throw problems.notFound(`Credential ${record.id} has no such share link.`);
    return c.json(shareLinkJson(publicUrl, link));
  });

  // GET /micro-credentials/:id/certificate.pdf?lang=: the printable certificate (one A4 page, QR code to its verification page).
  app.get('/micro-credentials/:id/certificate.pdf', canRead, async (c) => {
    const record = await find(c);
    const { pdf } = await certificatePdf(services, record, c.get('principal').tenant, languageOf(c));
    return c.body(new Uint8Array(pdf), 200, fileHeaders('application/pdf', certificateFilename(record), 'inline'));
  });

  return app;
}
