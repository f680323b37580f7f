/**
 * The pages in a real browser: Debian's chromium (never a downloaded one), driven by playwright-core,
 * against the real server on 127.0.0.1 (a free port; its public URL is its own address). An employer
 * scans the QR code, a learner withdraws the link, a visitor uploads a file: all with JavaScript off.
 * Screenshots at 360 px and 1280 px go to test-artifacts/ (git-ignored).
 *
 * Without /usr/bin/chromium the suite is skipped with what to install, and fails instead under CI=true.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFixture } from '@microcred/model';
import jsQR from 'jsqr';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantToken, provisionTenant, readSettings, silentLogger, startServer, type RunningServer } from '@microcred/issuer';

type Json = Record<string, any>;

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  const reason = `Debian's chromium is not at ${CHROMIUM}: install it with \`apt-get install chromium\``;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`);
  console.warn(`page tests in a browser skipped: ${reason}`);
}

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Every text on the page against the background it is drawn on (the first opaque ancestor
 * background): the WCAG 2.1 contrast ratio must reach 4.5:1, or 3:1 for large text. Runs in the page.
 */
const CONTRAST_AUDIT = `(() => {
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null; const p = m[1].split(',').map((x) => parseFloat(x)); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.99) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
  const failures = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent.trim()) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || box.width === 0 || box.height === 0) continue;
    if (el.closest('.skip')) continue;
    const fg = parse(style.color); const bg = background(el);
    const l1 = luminance(fg); const l2 = luminance(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(style.fontSize); const bold = parseInt(style.fontWeight, 10) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) failures.push(node.textContent.trim().slice(0, 40) + ' ' + ratio.toFixed(2));
  }
  return failures;
})()`;

describe.skipIf(!hasChromium)('the pages in Debian chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'microcred-pages-'));
    // Port 0 and no MICROCRED_PUBLIC_URL: the public URL is the address actually bound.
    server = await startServer({ host: '127.0.0.1', port: 0, dataDir: dir, settings: readSettings({}), logger: silentLogger });
    const tenant = await provisionTenant(server.store, { id: 'acme', name: 'Example Certification Services GmbH', did: 'web', publicUrl: server.publicUrl });
    token = (await createTenantToken(server.store, tenant.id, { scopes: ['issue', 'manage'] })).token;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function api(method: string, path: string, body?: unknown): Promise<Json> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
    return (await response.json()) as Json;
  }

  /** A browser with JavaScript off: every page must work without it. */
  async function noScript(options: { locale?: string; width?: number } = {}): Promise<{ context: BrowserContext; page: Page; violations: string[] }> {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: options.width ?? 360, height: 780 },
      ...(options.locale ? { locale: options.locale } : {}),
    });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    return { context, page, violations };
  }

  /** Screenshots at 360 and 1280 px; at 360 nothing may stick out sideways. */
  async function shoot(page: Page, name: string): Promise<void> {
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 780 });
      await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 360, height: 780 });
  }

  /** How wide a page is at 360 px (nothing may stick out sideways), and the texts that fail the contrast audit. */
  async function audit(url: string): Promise<{ width: number; failures: string[] }> {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
    try {
      const page = await context.newPage();
      await page.goto(url);
      return {
        width: (await page.evaluate('document.documentElement.scrollWidth')) as number,
        failures: (await page.evaluate(CONTRAST_AUDIT)) as string[],
      };
    } finally {
      await context.close();
    }
  }

  const heading = (page: Page) => page.textContent('h1').then((t) => t?.trim());
  const bodyText = (page: Page) => page.textContent('body').then((t) => (t ?? '').replace(/\s+/g, ' '));

  it('an employer scans the QR code: Valid; after revocation, Revoked; after the learner withdraws the link, a 404 page in words', async () => {
    const issued = await api('POST', '/micro-credentials', loadFixture('digital-skills-bootcamp'));
    const qr = await fetch(`${server.url}/micro-credentials/${issued.id}/qr.png`, { headers: { authorization: `Bearer ${token}` } });
    const image = PNG.sync.read(Buffer.from(await qr.arrayBuffer()));
    const scanned = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data;
    expect(scanned).toBe(issued.links.share);
    expect(scanned?.startsWith(`${server.publicUrl}/v/`)).toBe(true);

    const { context, page, violations } = await noScript();
    const response = await page.goto(scanned as string);
    expect(response?.status()).toBe(200);
    expect(await heading(page)).toBe('Valid');
    expect(await bodyText(page)).toContain('Data Analysis with Python for Public Administration');
    expect(await bodyText(page)).toContain(issued.certificateNumber);
    await shoot(page, 'employer-valid');

    await api('POST', `/micro-credentials/${issued.id}/revoke`, { reason: 'Awarded in error' });
    await page.reload();
    expect(await heading(page)).toBe('Revoked (withdrawn)');
    await shoot(page, 'employer-revoked');

    // The learner's page, JavaScript off: the Withdraw button is a plain form.
    await page.goto(issued.links.claim);
    await shoot(page, 'learner');
    const shareToken = new URL(issued.links.share).pathname.split('/').pop() as string;
    await Promise.all([page.waitForURL(/done=withdrawn/), page.click(`form[action*="/share-links/${shareToken}/withdraw"] button`)]);
    expect(await bodyText(page)).toContain('The share link is withdrawn: it no longer works.');

    const gone = await page.goto(scanned as string);
    expect(gone?.status()).toBe(404);
    expect(await heading(page)).toBe('This link does not work');
    expect(await bodyText(page)).toContain('The share link you followed was withdrawn by the learner or the issuer, has expired, or never existed.');
    await shoot(page, 'employer-gone');
    expect(violations).toEqual([]);
    await context.close();
  });

  it('a learner makes a share link with the form, and the employer opens it', async () => {
    const issued = await api('POST', '/micro-credentials', loadFixture('crane-operator-certificate'));
    const { context, page } = await noScript({ width: 1280 });
    await page.goto(issued.links.claim);
    await page.fill('#label', 'Example Logistics');
    await page.selectOption('#expires', '30');
    await Promise.all([page.waitForURL(/done=created/), page.click('form[action*="/share-links?"] button[type="submit"]')]);
    expect(await bodyText(page)).toContain('Your new share link is ready.');
    expect(await bodyText(page)).toContain('For: Example Logistics');
    const newest = await page.getAttribute('.share__url a', 'href');
    expect(newest).toMatch(/^\/v\/[A-Za-z0-9_-]{43}$/);
    await shoot(page, 'learner-new-link');
    await page.goto(`${server.publicUrl}${newest}`);
    expect(await heading(page)).toBe('Valid');
    expect(await bodyText(page)).toContain('Certified Mobile Crane Operator');
    await context.close();
  });

  it('shows the pages in German (Accept-Language) and French (the switch)', async () => {
    const issued = await api('POST', '/micro-credentials', loadFixture('digital-skills-bootcamp'));
    const { context, page } = await noScript({ locale: 'de-DE' });
    await page.goto(issued.links.share);
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    expect(await heading(page)).toBe('Gültig');
    const german = await bodyText(page);
    for (const label of ['Prüfergebnis', 'Was bescheinigt wird', 'Wie geprüft wurde', 'Lernende Person', 'Arbeitsaufwand', 'Die Signatur ist echt']) expect(german).toContain(label);
    await shoot(page, 'employer-de');

    await Promise.all([page.waitForURL(/lang=fr/), page.click('a[hreflang="fr"]')]);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await heading(page)).toBe('Valide');
    const french = await bodyText(page);
    for (const label of ['Résultat de la vérification', 'Ce qui est certifié', 'Comment elle a été vérifiée', 'Apprenant·e', 'Charge de travail', 'La signature est authentique']) expect(french).toContain(label);
    await shoot(page, 'employer-fr');

    await page.goto(`${issued.links.claim}?lang=fr`);
    expect(await bodyText(page)).toContain('Partager avec un employeur');
    await shoot(page, 'learner-fr');
    await context.close();
  });

  it('checks an uploaded credential file and answers with the same page', async () => {
    const issued = await api('POST', '/micro-credentials', loadFixture('minimal'));
    const { context, page } = await noScript();
    await page.goto(`${server.url}/verify`);
    await shoot(page, 'verify-form');
    await page.setInputFiles('#file', { name: 'credential.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(issued.verifiableCredential)) });
    await Promise.all([page.waitForLoadState('load'), page.click('button[type="submit"]')]);
    expect(await heading(page)).toBe('Valid');
    expect(await bodyText(page)).toContain('Introduction to Occupational Safety');
    await shoot(page, 'verify-result');
    await context.close();
  });

  it('fits 360 px without sideways scrolling and passes WCAG AA contrast on every page', async () => {
    const issued = await api('POST', '/micro-credentials', loadFixture('digital-skills-bootcamp'));
    await api('POST', `/micro-credentials/${issued.id}/suspend`, { reason: 'Under review' });
    const untouched = await api('POST', '/micro-credentials', loadFixture('minimal'));
    const pages = [
      issued.links.share,
      untouched.links.share,
      issued.links.claim,
      `${issued.links.claim}?lang=de`,
      `${server.url}/verify?lang=fr`,
      `${server.url}/v/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
    ];
    for (const url of pages) {
      const { width, failures } = await audit(url);
      expect(width, url).toBeLessThanOrEqual(360);
      expect(failures, url).toEqual([]);
    }
    // The audit itself sees a grey that fails (#999 on white is 2.8:1).
    expect((await audit('data:text/html,<p style="color:%23999999">Too pale</p>')).failures).toEqual(['Too pale 2.85']);
  });
});
