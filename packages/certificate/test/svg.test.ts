import { FIXTURE_NAMES, loadFixture, type MicroCredentialInput } from '@microcred/model';
import { describe, expect, it } from 'vitest';
import { PAGE, pick, renderCertificatePng, renderCertificateSvg } from '../src/index.ts';
import { box, fixture, fromInput, overlaps, textElements, VERIFY_URL, words } from './helpers.ts';

/** All the text drawn on the page, one element a line. */
const drawn = (svg: string) => textElements(svg).map((t) => t.text).join('\n');
/** The same, lines joined by spaces (so a text wrapped over lines reads whole). */
const flat = (svg: string) => textElements(svg).map((t) => t.text).join(' ');

describe('renderCertificateSvg', () => {
  it('draws an A4 portrait page', () => {
    const svg = renderCertificateSvg(fixture('minimal'));
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\s*<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('viewBox="0 0 210 297"');
    expect(svg).toContain('width="210mm" height="297mm"');
  });

  it('shows the Annex I elements of a full micro-credential', () => {
    const svg = renderCertificateSvg(fixture('digital-skills-bootcamp'), { verificationUrl: VERIFY_URL });
    const text = drawn(svg);
    expect(text).toContain('Data Analysis with Python for Public');
    expect(text).toContain('Administration');
    expect(text).toContain('Aoife Ní Bhriain');
    expect(text).toContain('EXAMPLE TECHNOLOGICAL UNIVERSITY');
    expect(text).toContain('Example Technological University (Ireland)');
    expect(text).toContain("Escola d'Administració Pública d'Exemple (Spain)");
    expect(text).toContain('Ireland, Spain (Catalonia)');
    expect(text).toContain('29 May 2026');
    expect(text).toContain('EQF level 6');
    expect(text).toContain('NQF level 7 · QF-EHEA first cycle');
    expect(text).toContain('5 ECTS credits');
    expect(text).toContain('125 hours');
    for (const outcome of loadFixture('digital-skills-bootcamp').learningOutcomes) {
      expect(text).toContain(typeof outcome.title === 'string' ? outcome.title : outcome.title.en);
    }
    expect(text).toContain('Project work — A published analysis of an open data set,');
    expect(text).toContain('Blended · formal learning');
    expect(text).toContain('External quality assurance — Validated under the university');
    expect(text).toContain('Supervised online, with identity verification');
    expect(text).toContain('Distinction');
    expect(text).toContain('Basic spreadsheet skills');
    expect(text).toContain('Stackable towards Certificate in Digital Government (30 ECTS)');
    expect(text).toContain('Scan to verify');
    expect(text).toContain(VERIFY_URL);
    expect(text).not.toContain('and 0 more');
  });

  it('shows the ISO/IEC 17024 elements, names with Polish, Czech and Greek letters intact', () => {
    const svg = renderCertificateSvg(fixture('crane-operator-certificate'), {
      verificationUrl: VERIFY_URL,
      issuerName: 'Example Certification Services GmbH',
      status: 'active',
    });
    const text = drawn(svg);
    expect(text).toContain('Certified Mobile Crane Operator');
    expect(text).toContain('Łukasz Dvořák-Παπαδόπουλος');
    expect(text).toContain('Zuzana Šimková');
    expect(text).toContain('Head of Certification');
    expect(text).toContain('CERTIFICATE NUMBER');
    expect(text).toContain('PCB-CRANE-2026-0042');
    expect(text).toContain('Not applicable');
    expect(text).toContain('80 hours');
    expect(text).toContain('1 September 2026');
    expect(text).toContain('Krakow');
    expect(text).toContain('VALID UNTIL');
    expect(text).toContain('31 August 2031');
    expect(text).toContain('Mobile Crane Operator Certification Scheme, version 3.2');
    expect(text).toContain('Certification to ISO/IEC 17024 — Certification body accredited');
    expect(text).toContain('Theory and practical exam — Theory test and a practical lift'); // a concept IRI, made readable
    expect(text).toContain('Stand-alone micro-credential');
    expect(text).toContain('Example Certification Services GmbH');
    expect(text).toContain('Valid');
    expect(svg).not.toContain('class="watermark"');
  });

  it('prints labels in German and French (labels in capitals where they head a value)', () => {
    const mc = fixture('crane-operator-certificate');
    const de = drawn(renderCertificateSvg(mc, { language: 'de', verificationUrl: VERIFY_URL }));
    for (const label of ['ZERTIFIKATSNUMMER', 'Hiermit wird bescheinigt, dass', 'GÜLTIG BIS', 'Nicht zutreffend', '80 Stunden', '1. September 2026', '31. August 2031', 'LERNERGEBNISSE', 'Zum Prüfen scannen']) {
      expect(de).toContain(label);
    }
    const fr = drawn(renderCertificateSvg(mc, { language: 'fr', verificationUrl: VERIFY_URL }));
    for (const label of ['NUMÉRO DE CERTIFICAT', 'Il est certifié que', "VALABLE JUSQU'AU", 'Sans objet', '80 heures', '1 septembre 2026', "ACQUIS D'APPRENTISSAGE", 'Scanner pour vérifier']) {
      expect(fr).toContain(label);
    }
    const frEqf = drawn(renderCertificateSvg(fixture('digital-skills-bootcamp'), { language: 'fr' }));
    expect(frEqf).toContain('Niveau CEC 6');
    expect(frEqf).toContain('5 crédits ECTS');
    const deEqf = drawn(renderCertificateSvg(fixture('digital-skills-bootcamp'), { language: 'de' }));
    expect(deEqf).toContain('EQR-Niveau 6');
    expect(deEqf).toContain('29. Mai 2026');
  });

  it('takes the credential’s texts in the chosen language, else English, else the first', () => {
    const mc = fixture('crane-operator-certificate');
    const pl = flat(renderCertificateSvg(mc, { language: 'pl' }));
    expect(pl).toContain('Certyfikowany operator żurawia samojezdnego');
    expect(pl).toContain('Kraków');
    expect(pl).toContain('Kierownik ds. certyfikacji');
    expect(pl).toContain('CERTIFICATE NUMBER'); // no Polish labels: English ones
    expect(flat(renderCertificateSvg(mc, { language: 'cs' }))).toContain('Certifikovaný jeřábník mobilních jeřábů');
    expect(drawn(renderCertificateSvg(mc, { language: 'de' }))).toContain('Certified Mobile Crane Operator');
    expect(pick({ es: 'uno', ga: 'aon' }, 'de')).toBe('uno');
    expect(pick({ 'de-AT': 'Jänner', en: 'January' }, 'de')).toBe('Jänner');
    expect(pick({ und: 'plain', fr: 'simple' }, 'de')).toBe('plain');
  });

  it('escapes every text for XML', () => {
    const input: MicroCredentialInput = {
      ...loadFixture('minimal'),
      learner: { fullName: 'Zoë <script>alert("x")</script> & Söhne' },
      title: 'R&D <Safety> "Basics"',
    };
    const svg = renderCertificateSvg(fromInput(input), { verificationUrl: 'https://x.example/?a=1&b="2"' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('Zoë &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Söhne');
    expect(svg).toContain('R&amp;D &lt;Safety&gt; &quot;Basics&quot;');
    expect(svg).toContain('https://x.example/?a=1&amp;b=&quot;2&quot;');
    expect(() => renderCertificatePng(svg, { width: 200 })).not.toThrow(); // well-formed XML
  });

  it.each(FIXTURE_NAMES)('keeps every text of %s on the page, none overlapping another', (name) => {
    for (const language of ['en', 'de', 'fr']) {
      const svg = renderCertificateSvg(fixture(name), { language, verificationUrl: VERIFY_URL, issuerName: 'Example Certification Services GmbH', status: 'revoked', showDateOfBirth: true });
      for (const t of textElements(svg).filter((e) => !e.watermark)) {
        const b = box(t);
        expect(b.x0, t.text).toBeGreaterThanOrEqual(10);
        expect(b.x1, t.text).toBeLessThanOrEqual(PAGE.width - 10);
        expect(b.y0, t.text).toBeGreaterThanOrEqual(10);
        expect(b.y1, t.text).toBeLessThanOrEqual(PAGE.height - 10);
      }
      expect(overlaps(svg)).toEqual([]);
    }
  });

  it('fits 30 learning outcomes of 300 characters each on the page, with "and N more"', () => {
    const input: MicroCredentialInput = {
      ...loadFixture('digital-skills-bootcamp'),
      learningOutcomes: Array.from({ length: 30 }, (_, i) => ({ title: `Outcome ${i + 1}: ${words(300 - `Outcome ${i + 1}: `.length)}` })),
    };
    expect(input.learningOutcomes.every((o) => (o.title as string).length === 300)).toBe(true);
    const svg = renderCertificateSvg(fromInput(input), { verificationUrl: VERIFY_URL });
    const texts = textElements(svg);
    for (const t of texts) {
      expect(t.y).toBeLessThanOrEqual(PAGE.height);
      expect(t.y).toBeGreaterThanOrEqual(0);
      expect(box(t).y1).toBeLessThanOrEqual(PAGE.height - 10);
      expect(box(t).x1).toBeLessThanOrEqual(PAGE.width - 10);
    }
    expect(overlaps(svg)).toEqual([]);
    const shown = texts.filter((t) => /^Outcome \d+:/.test(t.text)).length;
    expect(shown).toBeGreaterThanOrEqual(3);
    const more = texts.find((t) => t.text.includes('more learning outcomes'));
    expect(more?.text).toContain(`and ${30 - shown} more learning outcomes`);
    // The outcomes stay above the footer (QR code and certificate number).
    const qrTop = Number(/<g class="qr-code"><rect x="[\d.]+" y="([\d.]+)"/.exec(svg)![1]);
    for (const t of texts.filter((e) => e.text.startsWith('Outcome') || e.text.includes('more learning'))) {
      expect(box(t).y1).toBeLessThan(qrTop);
    }
  });

  it('shows all of up to a dozen short learning outcomes without truncating', () => {
    const outcomes = Array.from({ length: 12 }, (_, i) => `Learning outcome number ${i + 1} of the micro-credential`);
    const input: MicroCredentialInput = { ...loadFixture('crane-operator-certificate'), learningOutcomes: outcomes.map((title) => ({ title })) };
    const text = drawn(renderCertificateSvg(fromInput(input), { verificationUrl: VERIFY_URL }));
    for (const o of outcomes) expect(text).toContain(o);
    expect(text).not.toContain('more learning outcomes');
  });

  it('stays on the page whatever the lengths of all its texts', () => {
    const long = (n: number) => words(n, 'Wolfeschlegelsteinhausenbergerdorff Μαρία Παπαδοπούλου');
    const input: MicroCredentialInput = {
      ...loadFixture('crane-operator-certificate'),
      learner: { fullName: long(1000), dateOfBirth: '1990-01-01' },
      title: long(10_000),
      description: long(10_000),
      awardingBodies: Array.from({ length: 10 }, (_, i) => ({ legalName: `${i} ${long(2000)}`, country: 'DE' })),
      issuerCountries: ['DE', { country: 'ES', region: long(500) }],
      learningOutcomes: Array.from({ length: 60 }, () => ({ title: long(10_000) })),
      assessment: { type: `http://example.org/${'x'.repeat(500)}`, description: long(10_000) },
      qualityAssurance: { type: 'external', description: long(10_000) },
      prerequisites: long(10_000),
      grade: long(10_000),
      furtherInformation: long(10_000),
      scope: long(10_000),
      placeOfIssue: long(10_000),
      stackability: { type: 'stackable', towards: long(10_000) },
      certificationScheme: { name: long(10_000), version: 'v'.repeat(100) },
      signatory: { name: long(500), role: long(10_000) },
      certificateNumber: 'N'.repeat(100),
    };
    const svg = renderCertificateSvg(fromInput(input), {
      verificationUrl: `https://certs.example.eu/verify/${'q'.repeat(500)}`,
      issuerName: long(1000),
      status: long(300),
      showDateOfBirth: true,
    });
    for (const t of textElements(svg)) {
      const b = box(t);
      expect(b.x0).toBeGreaterThanOrEqual(10);
      expect(b.x1).toBeLessThanOrEqual(PAGE.width - 10);
      expect(b.y0).toBeGreaterThanOrEqual(10);
      expect(b.y1).toBeLessThanOrEqual(PAGE.height - 10);
    }
    expect(overlaps(svg)).toEqual([]);
    const more = /and (\d+) more learning outcomes/.exec(drawn(svg));
    expect(Number(more?.[1])).toBeGreaterThanOrEqual(50);
    expect(Number(more?.[1])).toBeLessThanOrEqual(59);
    expect(drawn(svg).replace(/\n/g, '')).toContain('N'.repeat(100)); // the certificate number is never cut
  });

  it('marks a revoked credential across the page', () => {
    const svg = renderCertificateSvg(fixture('minimal'), { status: 'revoked', language: 'de' });
    expect(svg).toMatch(/<g class="watermark"[^>]*>.*WIDERRUFEN/);
    expect(drawn(svg)).toContain('Widerrufen');
  });

  it('marks a renewed (superseded) credential in words, not the raw status code', () => {
    const svg = renderCertificateSvg(fixture('minimal'), { status: 'superseded', language: 'fr' });
    expect(svg).toMatch(/<g class="watermark"[^>]*>.*REMPLACÉ/);
    expect(drawn(svg)).toContain('Remplacé');
    expect(drawn(svg)).not.toContain('superseded');
  });
});
