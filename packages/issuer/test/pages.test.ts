/**
 * The pages people see, through `app.request` on a real SQLite file: the
 * employer's page of a share link and its JSON, the upload form and its
 * answer, the learner's page and its share-link forms, the issuer's
 * share-link API, the report and certificate PDFs, languages and the page
 * headers. The real server in a real browser is /test/pages-browser.test.ts.
 */
import { renderCertificatePng } from '@microcred/certificate';
import { buildMicroCredential, loadFixture } from '@microcred/model';
import { generateKey, secureCredential } from '@microcred/securing';
import jsQR from 'jsqr';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { chooseLanguage } from '../src/pages/i18n.ts';
import { certificateSvg } from '../src/pages/certificate-pdf.ts';
import { PAGE_CSP, prefersJson } from '../src/pages/respond.ts';
import { PROBLEM_BASE, type Store } from '../src/index.ts';
import { call, PUBLIC_URL, sqliteStore, tenantWithTokens, testApp, type TestTenant } from './support/app.ts';

type Json = Record<string, any>;

const path = (url: string) => new URL(url).pathname + new URL(url).search;
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

let now = new Date('2026-06-01T09:30:00Z');
const clock = () => now;
let store: Store;
let dispose: () => Promise<void>;
let app: Hono;
let acme: TestTenant;

beforeAll(async () => {
  ({ store, dispose } = await sqliteStore({ now: clock }));
  acme = await tenantWithTokens(store, 'acme', { name: 'ACME Certification GmbH' });
  app = testApp(store, { clock });
});

afterAll(async () => {
  await dispose();
});

async function issue(body: Json = loadFixture('digital-skills-bootcamp') as unknown as Json): Promise<Json> {
  const issued = await call(app, 'POST', '/micro-credentials', { token: acme.token, body });
  expect(issued.status).toBe(201);
  return issued.body;
}

async function page(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; html: string }> {
  const response = await app.request(path(url), { headers: { ...BROWSER, ...headers } });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

/** What a reader sees of a page: its text without tags. */
function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

function verdictOf(html: string): string | undefined {
  return /<h1 id="verdict" class="verdict__label">([^<]*)<\/h1>/.exec(html)?.[1];
}

async function formPost(url: string, fields: Record<string, string>): Promise<Response> {
  return app.request(path(url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...BROWSER },
    body: new URLSearchParams(fields).toString(),
  });
}

async function pdfText(pdf: ArrayBuffer | Buffer): Promise<{ pages: number; text: string }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const parts: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      parts.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join(''));
    }
    return { pages: doc.numPages, text: parts.join(' ').replace(/\s+/g, ' ') };
  } finally {
    await doc.destroy();
  }
}

function decodeQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data;
}

/** Pages carry no inline script or style: the CSP forbids both. */
function expectStrictPage(response: { headers: Headers; html: string }, language: string): void {
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('content-security-policy')).toBe(PAGE_CSP);
  expect(response.headers.get('content-language')).toBe(language);
  expect(response.html.startsWith('<!DOCTYPE html><html lang="' + language + '">')).toBe(true);
  expect(response.html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
  expect(response.html).not.toMatch(/(src|href)="(https?:)?\/\//);
  expect(response.html).toContain('<link rel="stylesheet" href="/pages/style.css"/>');
  for (const lang of ['en', 'de', 'fr']) expect(response.html).toContain(`lang=${lang}"`);
}

describe('the employer page of a share link', () => {
  it('shows a valid credential: the verdict, the checks in words, what it certifies, downloads', async () => {
    const issued = await issue();
    const response = await page(issued.links.share);
    expect(response.status).toBe(200);
    expectStrictPage(response, 'en');
    expect(verdictOf(response.html)).toBe('Valid');
    const words = text(response.html);
    expect(words).toContain('Genuine, current and not revoked or suspended.');
    expect(words).toContain('Checked on 1 June 2026, 09:30:00 UTC');
    for (const fact of [
      'Data Analysis with Python for Public Administration',
      'Aoife Ní Bhriain',
      'Example Technological University · Ireland',
      "Escola d'Administració Pública d'Exemple · Spain",
      'Ireland, Spain (Catalonia)',
      'ACME Certification GmbH',
      '29 May 2026',
      'EQF level 6 · NQF level 7 · QF-EHEA first cycle',
      '5 ECTS credits · 125 hours',
      'Clean and reshape tabular open data with pandas',
      'Project work: A published analysis of an open data set',
      'Blended, formal learning',
      'External quality assurance: Validated under',
      'No expiry',
      issued.certificateNumber,
      'The signature is genuine: nothing has changed since the issuer signed it.',
      'The issuer has not revoked the credential.',
    ]) {
      expect(words).toContain(fact);
    }
    const token = new URL(issued.links.share).pathname.split('/').pop();
    expect(response.html).toContain(`href="/v/${token}/credential.json"`);
    expect(response.html).toContain(`href="/v/${token}/report.pdf?lang=en"`);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers the credential itself to a program that asks for JSON (microcred verify <share URL>)', async () => {
    const issued = await issue(loadFixture('minimal') as unknown as Json);
    const accept = 'application/vc+ld+json, application/ld+json, application/json';
    const response = await app.request(path(issued.links.share), { headers: { accept } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vc+ld+json');
    expect(await response.json()).toEqual(issued.verifiableCredential);
    const download = await app.request(`${path(issued.links.share)}/credential.json`);
    expect(download.headers.get('content-disposition')).toContain(`credential-${issued.certificateNumber}.json`);
    expect(await download.json()).toEqual(issued.verifiableCredential);
  });

  it('wraps a vc+jwt as an EnvelopedVerifiableCredential and still shows it as valid', async () => {
    const issued = await call(app, 'POST', '/micro-credentials?format=jwt', { token: acme.token, body: loadFixture('minimal') });
    const json = await app.request(path(issued.body.links.share), { headers: { accept: 'application/json' } });
    const body = (await json.json()) as Json;
    expect(body.type).toBe('EnvelopedVerifiableCredential');
    expect(body.id).toBe(`data:application/vc+jwt,${issued.body.verifiableCredential}`);
    expect(verdictOf((await page(issued.body.links.share)).html)).toBe('Valid');
  });

  it('follows the status: Suspended, Valid again, Revoked (withdrawn), and Superseded from the issuer\'s records', async () => {
    const issued = await issue(loadFixture('minimal') as unknown as Json);
    const change = (action: string) => call(app, 'POST', `/micro-credentials/${issued.id}/${action}`, { token: acme.token, body: { reason: 'test' } });
    await change('suspend');
    expect(verdictOf((await page(issued.links.share)).html)).toBe('Suspended');
    await change('reinstate');
    expect(verdictOf((await page(issued.links.share)).html)).toBe('Valid');

    const renewed = await call(app, 'POST', `/micro-credentials/${issued.id}/recertify`, { token: acme.token, body: {} });
    expect(renewed.status).toBe(201);
    // The status lists cannot say "renewed": only the store knows, and the page asks it.
    const superseded = await page(issued.links.share);
    expect(verdictOf(superseded.html)).toBe('Superseded by a newer credential');
    expect(text(superseded.html)).toContain('The issuer has renewed this credential: ask the holder for the newer one.');
    expect(verdictOf((await page(renewed.body.links.share)).html)).toBe('Valid');

    await change('revoke');
    const revoked = await page(issued.links.share);
    expect(verdictOf(revoked.html)).toBe('Revoked (withdrawn)');
    expect(text(revoked.html)).toContain('The issuer has revoked (withdrawn) the credential.');
  });

  it('says Expired once the validity has ended', async () => {
    const issued = await issue({ ...(loadFixture('minimal') as unknown as Json), validUntil: '2026-12-31' });
    expect(verdictOf((await page(issued.links.share)).html)).toBe('Valid');
    now = new Date('2027-01-02T08:00:00Z');
    try {
      const expired = await page(issued.links.share);
      expect(verdictOf(expired.html)).toBe('Expired');
      expect(text(expired.html)).toContain('The credential was genuine, but its validity has ended.');
    } finally {
      now = new Date('2026-06-01T09:30:00Z');
    }
  });

  it('answers a withdrawn, expired or unknown link with a 404 page in words (problem details for programs)', async () => {
    const issued = await issue(loadFixture('minimal') as unknown as Json);
    const token = new URL(issued.links.share).pathname.split('/').pop() as string;
    const withdrawn = await call(app, 'POST', `/micro-credentials/${issued.id}/share-links/${token}/withdraw`, { token: acme.manageToken });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ token, state: 'withdrawn', withdrawnBy: 'issuer' });

    for (const url of [issued.links.share, `${PUBLIC_URL}/v/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, `${PUBLIC_URL}/v/not a token`]) {
      const gone = await page(url);
      expect(gone.status).toBe(404);
      expectStrictPage(gone, 'en');
      expect(text(gone.html)).toContain('This link does not work');
      expect(text(gone.html)).toContain('was withdrawn by the learner or the issuer, has expired, or never existed');
      expect(gone.html).not.toContain(issued.certificateNumber);
    }
    const json = await call(app, 'GET', path(issued.links.share), { headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
    expect(json.body.type).toBe(`${PROBLEM_BASE}not-found`);
    expect((await app.request(`${path(issued.links.share)}/credential.json`)).status).toBe(404);
    expect((await app.request(`${path(issued.links.share)}/report.pdf`)).status).toBe(404);
  });

  it('makes the verification report a one-page PDF with the moment it was checked', async () => {
    const issued = await issue();
    const response = await app.request(`${path(issued.links.share)}/report.pdf?lang=de`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = await pdfText(await response.arrayBuffer());
    expect(pdf.pages).toBe(1);
    for (const expected of ['Prüfbericht', 'Gültig', 'Geprüft am 1. Juni 2026, 09:30:00 UTC', 'Data Analysis with Python for Public Administration', issued.certificateNumber, 'Aoife Ní Bhriain', 'Die Signatur ist echt']) {
      expect(pdf.text).toContain(expected);
    }
  });
});

describe('GET /verify and the answer of POST /verify', () => {
  it('offers an upload and a paste box that work without JavaScript', async () => {
    const response = await page(`${PUBLIC_URL}/verify?lang=fr`);
    expectStrictPage(response, 'fr');
    expect(response.html).toContain('<form class="form" method="post" action="/verify?lang=fr" enctype="multipart/form-data">');
    expect(response.html).toContain('<label for="file">Fichier de certification</label>');
    expect(response.html).toContain('<label for="credential">Ou collez la certification</label>');
    expect(response.html).toMatch(/<input id="file" name="file" type="file"/);
    expect(response.html).toMatch(/<textarea id="credential" name="credential"/);
  });

  it('answers an upload with the same result page, and says in words that an issuer is not on the trusted list', async () => {
    const stranger = await generateKey({ type: 'Ed25519' });
    const credential = buildMicroCredential(loadFixture('minimal'), { issuer: stranger.controller, now: new Date('2026-05-01T00:00:00Z') });
    const signed = (await secureCredential(credential, { key: stranger, format: 'di' })).credential;
    const form = new FormData();
    form.set('file', new File([JSON.stringify(signed)], 'credential.json', { type: 'application/json' }));
    const response = await app.request('/verify?lang=de', { method: 'POST', body: form, headers: { 'accept-language': 'fr' } });
    const html = await response.text();
    expectStrictPage({ headers: response.headers, html }, 'de');
    expect(verdictOf(html)).toBe('Gültig');
    const words = text(html);
    expect(words).toContain('Der Aussteller steht nicht auf der Liste vertrauenswürdiger Aussteller dieses Dienstes');
    expect(words).toContain(`Der Aussteller ${stranger.controller} steht nicht auf der Liste vertrauenswürdiger Aussteller`);
    expect(words).toContain('Introduction to Occupational Safety');
    // The report of an upload comes from sending the credential again: a form, no script.
    const resend = /<form method="post" action="\/verify\/report\.pdf\?lang=de"><input type="hidden" name="credential" value="([^"]*)"/.exec(html);
    expect(resend).not.toBeNull();
    const pdf = await app.request('/verify/report.pdf?lang=en', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ credential: JSON.stringify(signed) }).toString(),
    });
    const report = await pdfText(await pdf.arrayBuffer());
    expect(report.pages).toBe(1);
    expect(report.text).toContain('not on this service’s list of trusted issuers');
  });

  it('shows an uploaded credential of its own tenants with the status from its records', async () => {
    const issued = await issue(loadFixture('minimal') as unknown as Json);
    await call(app, 'POST', `/micro-credentials/${issued.id}/recertify`, { token: acme.token, body: {} });
    const form = new FormData();
    form.set('credential', JSON.stringify(issued.verifiableCredential));
    const response = await app.request('/verify', { method: 'POST', body: form });
    expect(verdictOf(await response.text())).toBe('Superseded by a newer credential');
  });

  it('answers an empty form with the form again and what to do, in the reader\'s language', async () => {
    const response = await app.request('/verify', { method: 'POST', body: new FormData(), headers: { 'accept-language': 'fr-CH, fr;q=0.9, en;q=0.5' } });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('role="alert"');
    expect(text(html)).toContain('Choisissez un fichier de certification, ou collez la certification, puis lancez la vérification.');
  });
});

describe('languages', () => {
  it('picks ?lang=, else the best Accept-Language, else English', () => {
    expect(chooseLanguage(undefined, undefined)).toBe('en');
    expect(chooseLanguage(undefined, 'de-AT,de;q=0.9,en;q=0.8')).toBe('de');
    expect(chooseLanguage(undefined, 'it, fr;q=0.7, de;q=0.5')).toBe('fr');
    expect(chooseLanguage(undefined, 'de;q=0, fr;q=0.2')).toBe('fr');
    expect(chooseLanguage('de', 'fr')).toBe('de');
    expect(chooseLanguage('xx', 'fr')).toBe('fr');
  });

  it('shows the labels and the credential\'s own language maps in German and French', async () => {
    const input = {
      ...(loadFixture('minimal') as unknown as Json),
      title: { en: 'Forklift safety', de: 'Staplersicherheit', fr: 'Sécurité des chariots élévateurs' },
      learningOutcomes: [{ title: { en: 'Load a pallet safely', de: 'Eine Palette sicher laden', fr: 'Charger une palette en sécurité' } }],
    };
    const issued = await issue(input);
    const de = await page(issued.links.share, { 'accept-language': 'de-DE,de;q=0.9' });
    expectStrictPage(de, 'de');
    const deWords = text(de.html);
    expect(verdictOf(de.html)).toBe('Gültig');
    for (const label of ['Prüfergebnis', 'Was bescheinigt wird', 'Wie geprüft wurde', 'Lernende Person', 'Vergebende Stelle', 'Lernergebnisse', 'Staplersicherheit', 'Eine Palette sicher laden', 'EQR-Niveau 3', '8 Stunden', 'Quiz', 'Die Signatur ist echt: Seit der Ausstellung wurde nichts verändert.', 'Bestanden', 'Finnland']) {
      expect(deWords).toContain(label);
    }
    const fr = await page(`${issued.links.share}?lang=fr`, { 'accept-language': 'de' });
    expectStrictPage(fr, 'fr');
    const frWords = text(fr.html);
    expect(verdictOf(fr.html)).toBe('Valide');
    for (const label of ['Résultat de la vérification', 'Ce qui est certifié', 'Comment elle a été vérifiée', 'Sécurité des chariots élévateurs', 'Charger une palette en sécurité', 'Niveau CEC 3', '8 heures', 'Réussi', 'Finlande']) {
      expect(frWords).toContain(label);
    }
    // A text the credential has only in English is shown in English, marked as such.
    expect(fr.html).toContain('<span lang="en">Reviewed yearly by the provider&#39;s training committee</span>');
  });
});

describe('the learner page', () => {
  it('shows the credential, its share link with a QR code, downloads and the way to a wallet', async () => {
    const issued = await issue();
    const claim = new URL(issued.links.claim).pathname.split('/').pop() as string;
    const response = await page(issued.links.claim);
    expect(response.status).toBe(200);
    expectStrictPage(response, 'en');
    const words = text(response.html);
    expect(words).toContain('Data Analysis with Python for Public Administration');
    expect(words).toContain('Status: Valid');
    expect(words).toContain(issued.links.share);
    expect(words).toContain('Made when the credential was issued');
    const segment = issued.id.replace('urn:uuid:', '');
    for (const name of ['vc', 'vc-jwt', 'ob3', 'edc']) {
      expect(response.html).toContain(`href="/micro-credentials/${segment}/renditions/${name}?claim=${claim}"`);
    }
    expect(response.html).toContain(`href="/wallet/${claim}/add?lang=en"`);
    expect(response.html).toContain(`href="/wallet/${claim}/certificate.pdf?lang=en"`);
    const qr = /<img src="data:image\/svg\+xml;base64,([^"]+)" width="200" height="200" alt="QR code that opens this share link: ([^"]+)"/.exec(response.html);
    expect(qr?.[2]).toBe(issued.links.share);
    expect(Buffer.from(qr?.[1] as string, 'base64').toString('utf8')).toMatch(/^<svg/);
  });

  it('makes and withdraws share links with plain forms (POST, redirect, GET), and a withdrawn link stops working', async () => {
    const issued = await issue(loadFixture('minimal') as unknown as Json);
    // A minute later, so that "newest first" has one answer.
    now = new Date('2026-06-01T09:31:00Z');
    const created = await formPost(`${issued.links.claim}/share-links?lang=de`, { label: 'Bewerbung bei Beispiel AG', expires: '30' });
    now = new Date('2026-06-01T09:30:00Z');
    expect(created.status).toBe(303);
    const location = created.headers.get('location') as string;
    expect(location).toBe(`${new URL(issued.links.claim).pathname}?done=created&lang=de#share`);
    const after = await page(`${PUBLIC_URL}${location.replace(/#.*/, '')}`);
    expect(text(after.html)).toContain('Ihr neuer Link zum Teilen ist bereit.');
    expect(text(after.html)).toContain('Für: Bewerbung bei Beispiel AG');
    expect(text(after.html)).toContain('Gültig bis 1. Juli 2026');

    const listed = await call(app, 'GET', `${path(issued.links.claim)}/share-links`);
    expect(listed.body.items.map((l: Json) => [l.origin, l.state])).toEqual([['learner', 'active'], ['issuance', 'active']]);
    const mine = listed.body.items[0];
    expect(mine.expiresAt).toBe('2026-07-01T09:31:00.000Z');
    expect(verdictOf((await page(mine.url)).html)).toBe('Valid');

    const withdrawn = await formPost(`${issued.links.claim}/share-links/${mine.token}/withdraw?lang=de`, {});
    expect(withdrawn.status).toBe(303);
    expect(withdrawn.headers.get('location')).toContain('done=withdrawn');
    expect((await page(mine.url)).status).toBe(404);
    const later = text((await page(`${issued.links.claim}?lang=de`)).html);
    expect(later).toContain('Frühere Links (zurückgezogen oder abgelaufen)');
    expect(later).toContain('Zurückgezogen am 1. Juni 2026');
    // The other link still works: withdrawing one leaves the rest alone.
    expect(verdictOf((await page(issued.links.share)).html)).toBe('Valid');
  });

  it('answers a bad form with the page and the reason, and a program with problem details', async () => {
    const issued = await issue(loadFixture('minimal') as unknown as Json);
    const bad = await formPost(`${issued.links.claim}/share-links`, { label: 'x'.repeat(201), expires: 'never' });
    expect(bad.status).toBe(422);
    expect(text(await bad.text())).toContain('The link was not made: label: is too long (at most 200 characters)');
    const badJson = await call(app, 'POST', `${path(issued.links.claim)}/share-links`, { body: { expiresInDays: 0 } });
    expect(badJson.status).toBe(422);
    expect(badJson.body.errors).toEqual([{ path: 'expiresInDays', message: 'must be at least 1' }]);
    const made = await call(app, 'POST', `${path(issued.links.claim)}/share-links`, { body: { label: 'Agency', expiresInDays: 7 } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ state: 'active', origin: 'learner', label: 'Agency', expiresAt: '2026-06-08T09:30:00.000Z' });
    const plain = await app.request(`${path(issued.links.claim)}/share-links`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(plain.status).toBe(415);
  });

  it('lets a share link expire', async () => {
    const issued = await issue(loadFixture('minimal') as unknown as Json);
    const made = await call(app, 'POST', `${path(issued.links.claim)}/share-links`, { body: { expiresInDays: 1 } });
    expect(verdictOf((await page(made.body.url)).html)).toBe('Valid');
    now = new Date('2026-06-02T09:30:01Z');
    try {
      expect((await page(made.body.url)).status).toBe(404);
      const listed = await call(app, 'GET', `${path(issued.links.claim)}/share-links`);
      expect(listed.body.items.find((l: Json) => l.token === made.body.token).state).toBe('expired');
    } finally {
      now = new Date('2026-06-01T09:30:00Z');
    }
  });

  it('answers an unknown claim link with a 404 page in words', async () => {
    const response = await page(`${PUBLIC_URL}/wallet/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA?lang=fr`);
    expect(response.status).toBe(404);
    expectStrictPage(response, 'fr');
    expect(text(response.html)).toContain('Ce lien d’apprenant·e ne fonctionne pas');
    const api = await call(app, 'GET', '/wallet/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/share-links');
    expect(api.status).toBe(404);
  });
});

describe('share links through the issuer API', () => {
  it('lists, makes (issue or manage) and withdraws (manage) links; another tenant sees none of them', async () => {
    const issued = await issue(loadFixture('minimal') as unknown as Json);
    const base = `/micro-credentials/${issued.id}/share-links`;
    const made = await call(app, 'POST', base, { token: acme.issueToken, body: { label: 'Register of crane operators', expiresAt: '2027-01-01T00:00:00Z' } });
    expect(made.status).toBe(201);
    expect(made.headers.get('location')).toBe(made.body.url);
    expect(made.body).toMatchObject({ origin: 'issuer', state: 'active', expiresAt: '2027-01-01T00:00:00.000Z' });
    expect(made.body.url).toMatch(new RegExp(`^${PUBLIC_URL}/v/[A-Za-z0-9_-]{43}$`));

    const listed = await call(app, 'GET', base, { token: acme.issueToken });
    expect(listed.body.items).toHaveLength(2);

    const refused = await call(app, 'POST', `${base}/${made.body.token}/withdraw`, { token: acme.issueToken });
    expect(refused.status).toBe(403);
    const withdrawn = await call(app, 'POST', `${base}/${made.body.token}/withdraw`, { token: acme.manageToken });
    expect(withdrawn.body.state).toBe('withdrawn');
    const again = await call(app, 'POST', `${base}/${made.body.token}/withdraw`, { token: acme.manageToken });
    expect(again.body.withdrawnAt).toBe(withdrawn.body.withdrawnAt);

    const past = await call(app, 'POST', base, { token: acme.token, body: { expiresAt: '2020-01-01T00:00:00Z' } });
    expect(past.status).toBe(422);
    expect(past.body.errors).toEqual([{ path: 'expiresAt', message: 'must be in the future' }]);

    const other = await tenantWithTokens(store, 'other');
    expect((await call(app, 'GET', base, { token: other.token })).status).toBe(404);
    expect((await call(app, 'POST', `${base}/${made.body.token}/withdraw`, { token: other.manageToken })).status).toBe(404);

    const audit = await call(app, 'GET', `/micro-credentials/${issued.id}/audit`, { token: acme.manageToken });
    expect(audit.body.items.map((e: Json) => e.action)).toEqual(['issue', 'share-link-create', 'share-link-withdraw']);
  });

  it('keeps the QR code route on a working link once the first one is withdrawn', async () => {
    const issued = await issue(loadFixture('minimal') as unknown as Json);
    const first = new URL(issued.links.share).pathname.split('/').pop();
    await call(app, 'POST', `/micro-credentials/${issued.id}/share-links/${first}/withdraw`, { token: acme.token });
    expect((await call(app, 'GET', `/micro-credentials/${issued.id}/qr.svg`, { token: acme.token })).status).toBe(404);
    const made = await call(app, 'POST', `/micro-credentials/${issued.id}/share-links`, { token: acme.token });
    const png = await app.request(`/micro-credentials/${issued.id}/qr.png`, { headers: { authorization: `Bearer ${acme.token}` } });
    expect(decodeQr(Buffer.from(await png.arrayBuffer()))).toBe(made.body.url);
  });
});

describe('the printable certificate', () => {
  it('is one A4 page with the title and certificate number, whose QR code opens a working verification page', async () => {
    const issued = await issue();
    const response = await app.request(`/micro-credentials/${issued.id}/certificate.pdf?lang=de`, { headers: { authorization: `Bearer ${acme.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = await pdfText(await response.arrayBuffer());
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toContain('Data Analysis with Python for Public Administration');
    expect(pdf.text).toContain(issued.certificateNumber);
    expect(pdf.text).toContain('Zertifikat über eine Microcredential'.toUpperCase());

    // The certificate has a share link of its own, kept for every later print.
    const links = (await call(app, 'GET', `/micro-credentials/${issued.id}/share-links`, { token: acme.token })).body.items as Json[];
    const printed = links.filter((l) => l.origin === 'certificate');
    expect(printed).toHaveLength(1);
    expect(pdf.text.replace(/\s+/g, '')).toContain(printed[0]!.url);

    // The same SVG the PDF is drawn from, as PNG: its QR code decodes to that link, which verifies.
    const record = (await store.credentials.get('acme', issued.id))!;
    const { svg, verificationUrl } = await certificateSvg({ store, publicUrl: PUBLIC_URL }, record, await store.tenants.get('acme'), 'de');
    expect(verificationUrl).toBe(printed[0]!.url);
    expect(decodeQr(renderCertificatePng(svg, { width: 1240 }))).toBe(verificationUrl);
    expect(verdictOf((await page(verificationUrl)).html)).toBe('Valid');

    // The learner prints the same certificate (same link) from the claim link.
    const fromWallet = await app.request(`${path(issued.links.claim)}/certificate.pdf`);
    expect(fromWallet.status).toBe(200);
    expect((await pdfText(await fromWallet.arrayBuffer())).text).toContain(issued.certificateNumber);
    expect((await call(app, 'GET', `/micro-credentials/${issued.id}/share-links`, { token: acme.token })).body.items.filter((l: Json) => l.origin === 'certificate')).toHaveLength(1);
  });
});

describe('content negotiation', () => {
  it('gives JSON only when a JSON type outranks HTML', () => {
    expect(prefersJson('application/json')).toBe(true);
    expect(prefersJson('application/vc+ld+json, application/ld+json, application/json')).toBe(true);
    expect(prefersJson(BROWSER.accept)).toBe(false);
    expect(prefersJson('*/*')).toBe(false);
    expect(prefersJson(undefined)).toBe(false);
    expect(prefersJson('text/html;q=0.5, application/json')).toBe(true);
  });
});
