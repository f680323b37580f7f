import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { verify, type ResultPageInput, type VerificationReport, type VerifyOptions } from '@microcred/verifier';
import type { AppEnv, Services } from '../context.ts';
import { ownVerification } from '../own-verification.ts';
import { shareUrl } from '../pages/certificate-pdf.ts';
import { textsFor, type Language } from '../pages/i18n.ts';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { renderReportPdf } from '../pages/report-pdf.ts';
import { fileHeaders, languageOf, prefersJson, sendPage } from '../pages/respond.ts';
import { withStoreStatus } from '../pages/verdict.ts';
import { VerificationPage } from '../pages/verification-page.tsx';
import { VerifyFormPage } from '../pages/verify-form-page.tsx';
import { problems } from '../problem.ts';
import type { CredentialRecord, Tenant } from '../storage/index.ts';

/** Share and claim tokens are 32 random bytes in base64url; anything else is not looked up. */
export const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

const MAX_UPLOAD = 2 * 1024 * 1024;

/** The stored credential as a file: the JSON credential, or a vc+jwt wrapped as VC 2.0 says (EnvelopedVerifiableCredential). */
function credentialDocument(record: CredentialRecord): Record<string, unknown> {
  if (typeof record.credential === 'string') {
    return {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: `data:application/vc+jwt,${record.credential}`,
      type: 'EnvelopedVerifiableCredential',
    };
  }
  return record.credential as Record<string, unknown>;
}

export interface EmployerPages {
  routes: Hono<AppEnv>;
  /** The HTML answer of POST /verify (verifierRoutes' renderPage): the same result page a share link shows. */
  renderVerifyResult: (c: Context, result: ResultPageInput) => Promise<Response>;
}

/**
 * What an employer sees: `GET /v/:token` (the credential behind a share link,
 * checked now, or its JSON for programs), its file and its report as a PDF,
 * and `GET /verify` to check a file or pasted text.
 */
export function employerPages(services: Services): EmployerPages {
  const { store, publicUrl, clock, publicLimiter } = services;
  // /v/* and /verify are behind the public limiter in app.ts already; only /verify/report.pdf needs it here.
  const app = new Hono<AppEnv>();
  const baseOptions = ownVerification(services);
  const verifyOptions = async (language: Language): Promise<VerifyOptions> => ({ ...(await baseOptions()), now: clock(), language });

  /** A usable share link's credential, or undefined (withdrawn, expired, unknown: all the same to a visitor). */
  async function shared(token: string): Promise<{ record: CredentialRecord; tenant: Tenant | undefined } | undefined> {
    if (!TOKEN.test(token)) return undefined;
    const link = await store.shareLinks.get(token);
    if (!link || link.state !== 'active') return undefined;
    const record = await store.credentials.get(link.tenantId, link.credentialId);
    if (!record) return undefined;
    return { record, tenant: await store.tenants.get(link.tenantId) };
  }

  async function check(record: CredentialRecord, language: Language): Promise<VerificationReport> {
    const report = await verify(record.credential, await verifyOptions(language));
    return withStoreStatus(report, record.effectiveStatus);
  }

  /** For an uploaded credential that one of this service's tenants issued, the status its records hold, and the tenant's name. */
  async function ownStatus(report: VerificationReport): Promise<{ report: VerificationReport; issuerName?: string }> {
    if (!report.issuer || !report.credentialId) return { report };
    const tenant = await store.tenants.findByDid(report.issuer);
    if (!tenant) return { report };
    const record = await store.credentials.get(tenant.id, report.credentialId);
    if (!record) return { report };
    // A forgery naming a stored id fails its proof, and withStoreStatus leaves a "Not genuine" report alone.
    const checked = withStoreStatus(report, record.effectiveStatus);
    return checked.label === 'Not genuine' ? { report: checked } : { report: checked, issuerName: tenant.name };
  }

  function notFound(c: Context, language: Language, json: boolean): Promise<Response> | Response {
    if (json) return problems.notFound('This share link was withdrawn, has expired, or never existed.').toResponse();
    return sendPage(c, <NotFoundPage language={language} switchPath={c.req.path} kind="share" />, { language, status: 404 });
  }

  // GET /v/:token: the employer's page; with Accept: application/json, the credential itself.
  app.get('/v/:token', async (c) => {
    const language = languageOf(c);
    const json = prefersJson(c.req.header('accept'));
    const found = await shared(c.req.param('token'));
    if (!found) return notFound(c, language, json);
    if (json) {
      const type = /application\/vc\+ld\+json/i.test(c.req.header('accept') ?? '') ? 'application/vc+ld+json' : 'application/json';
      return c.body(JSON.stringify(credentialDocument(found.record)), 200, { 'content-type': type, 'cache-control': 'no-store', vary: 'Accept' });
    }
    const token = c.req.param('token');
    const report = await check(found.record, language);
    return sendPage(
      c,
      <VerificationPage
        report={report}
        language={language}
        switchPath={`/v/${token}`}
        downloads={{ credential: `/v/${token}/credential.json`, report: `/v/${token}/report.pdf` }}
        issuerName={found.tenant?.name}
      />,
      { language, headers: { vary: 'Accept, Accept-Language' } },
    );
  });

  // GET /v/:token/credential.json: the credential file.
  app.get('/v/:token/credential.json', async (c) => {
    const language = languageOf(c);
    const found = await shared(c.req.param('token'));
    if (!found) return notFound(c, language, prefersJson(c.req.header('accept')));
    return c.body(
      JSON.stringify(credentialDocument(found.record), null, 2),
      200,
      fileHeaders('application/json', `credential-${found.record.certificateNumber}.json`),
    );
  });

  // GET /v/:token/report.pdf?lang=: the check made now, as a one-page PDF dated to the second.
  app.get('/v/:token/report.pdf', async (c) => {
    const language = languageOf(c);
    const token = c.req.param('token');
    const found = await shared(token);
    if (!found) return notFound(c, language, prefersJson(c.req.header('accept')));
    const report = await check(found.record, language);
    const pdf = await renderReportPdf(report, { language, checkedUrl: shareUrl(publicUrl, token), issuerName: found.tenant?.name });
    return c.body(new Uint8Array(pdf), 200, fileHeaders('application/pdf', `verification-report-${found.record.certificateNumber}.pdf`));
  });

  // GET /verify: upload a file or paste a credential (POST /verify answers).
  app.get('/verify', async (c) => {
    const language = languageOf(c);
    return sendPage(c, <VerifyFormPage language={language} />, { language });
  });

  // POST /verify/report.pdf (form: credential): the report of an uploaded credential as a PDF.
  const upload = bodyLimit({ maxSize: MAX_UPLOAD, onError: () => { throw problems.payloadTooLarge(MAX_UPLOAD); } });
  app.post('/verify/report.pdf', publicLimiter, upload, async (c) => {
    const language = languageOf(c);
    const form = await c.req.parseBody().catch(() => undefined);
    const file = form?.file;
    const text = file instanceof File && file.size > 0 ? await file.text() : typeof form?.credential === 'string' ? form.credential : '';
    if (!text.trim()) {
      return sendPage(c, <VerifyFormPage language={language} error={textsFor(language).noCredential} />, { language, status: 400 });
    }
    const { report, issuerName } = await ownStatus(await verify(text, await verifyOptions(language)));
    const pdf = await renderReportPdf(report, { language, issuerName });
    return c.body(new Uint8Array(pdf), 200, fileHeaders('application/pdf', 'verification-report.pdf'));
  });

  const renderVerifyResult = async (c: Context, result: ResultPageInput): Promise<Response> => {
    const language = languageOf(c);
    if ('problem' in result) {
      return sendPage(c, <VerifyFormPage language={language} error={textsFor(language).noCredential} />, { language, status: result.status });
    }
    // The verifier wrote its summary in English; the page picks the reader's language from the credential itself.
    const { report, issuerName } = await ownStatus(result.report);
    const resubmit = typeof result.input === 'string' ? result.input : JSON.stringify(result.input);
    return sendPage(c, <VerificationPage report={report} language={language} switchPath="/verify" resubmit={resubmit} issuerName={issuerName} />, {
      language,
    });
  };

  return { routes: app, renderVerifyResult };
}
