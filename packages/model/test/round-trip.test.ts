import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildMicroCredential,
  FIXTURE_NAMES,
  loadFixture,
  normalizeMicroCredential,
  readMicroCredential,
  validateMicroCredentialInput,
  vocabulary,
  type MicroCredentialInput,
} from '../src/index.ts';

const ISSUER = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';

/** What the input becomes once issued: the same, under the reading conventions, with what the issuer adds. */
function expected(input: MicroCredentialInput, credential: Record<string, unknown>) {
  const normalized = normalizeMicroCredential(input, 'en');
  const read = readMicroCredential(credential);
  return { normalized: { ...normalized, issued: normalized.issued ?? read.issued, certificateNumber: normalized.certificateNumber ?? read.certificateNumber }, read };
}

describe('input → credential → input', () => {
  it.each(FIXTURE_NAMES)('is lossless for the example %s', (name) => {
    const input = loadFixture(name);
    const credential = buildMicroCredential(input, { issuer: ISSUER, now: new Date('2026-11-01T12:00:00Z') });
    const { normalized, read } = expected(input, credential);
    expect(read).toEqual(normalized);
    // The credential reads back into an input that is itself valid and builds the same credential.
    expect(validateMicroCredentialInput(read).ok).toBe(true);
    expect(buildMicroCredential(read, { issuer: ISSUER, id: credential.id as string })).toEqual(credential);
  });

  it('gives every credential a urn:uuid id, the v2 context first and a generated certificate number', () => {
    const credential = buildMicroCredential(loadFixture('minimal'), { issuer: { id: ISSUER, name: 'Esimerkki' } });
    expect(credential.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((credential['@context'] as unknown[])[0]).toBe('https://www.w3.org/ns/credentials/v2');
    expect(readMicroCredential(credential).certificateNumber).toMatch(/^MC-\d{4}-[0-9A-Z]{11}$/);
    expect(credential.issuer).toMatchObject({ id: ISSUER, name: 'Esimerkki' });
  });

  it('is lossless for generated micro-credentials', () => {
    const text = fc.oneof(
      fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s && s.length > 0),
      fc.dictionary(fc.constantFrom('en', 'de', 'fr', 'sl', 'el', 'pt-BR'), fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && s.length > 0), { minKeys: 1 }),
    );
    const country = fc.constantFrom('DE', 'FR', 'SI', 'PL', 'IE', 'ES', 'GR', 'XK', 'NO');
    const iri = fc.webUrl({ validSchemes: ['https'] }).filter((u) => /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>"{}|\\^`]+$/.test(u));
    const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true });
    const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const input: fc.Arbitrary<MicroCredentialInput> = fc
      .record({
        learner: fc.oneof(
          fc.record({ givenName: fc.constantFrom('Ana', 'Jürgen', 'Øystein'), familyName: fc.constantFrom('Kovač', 'Ó Súilleabháin'), id: opt(fc.constant('did:example:123')), email: opt(fc.constant('a@example.org')) }),
          fc.record({ fullName: fc.constantFrom('Μαρία Παπαδοπούλου', 'Jan Novák'), dateOfBirth: opt(fc.constant('1990-01-31')) }),
        ),
        title: text,
        description: opt(text),
        issuerCountries: fc.array(fc.oneof(country, fc.record({ country, region: text })), { minLength: 1, maxLength: 3 }),
        awardingBodies: fc.array(fc.record({ legalName: text, country, legalIdentifier: opt(fc.constantFrom('HRB-1', 'SI123')), homepage: opt(fc.constant('https://example.org/')) }), { minLength: 1, maxLength: 3 }),
        issued: opt(day.map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z'))),
        learningOutcomes: fc.array(fc.record({ title: text, relatedSkill: opt(fc.oneof(iri, fc.array(iri, { minLength: 1, maxLength: 3 }))) }), { minLength: 1, maxLength: 4 }),
        workload: fc.oneof(
          fc.record({ ects: fc.constantFrom(1, 2.5, 6, 60) }),
          fc.record({ hours: fc.constantFrom(1, 7.5, 40, 1500) }),
          fc.record({ ects: fc.constantFrom(3, 5), hours: fc.constantFrom(75, 125) }),
        ),
        level: fc.oneof(
          fc.constant('not-applicable' as const),
          fc.record({ eqf: fc.integer({ min: 1, max: 8 }) }),
          fc.record({ eqf: opt(fc.integer({ min: 1, max: 8 })), nqf: fc.record({ framework: iri, level: fc.oneof(fc.constantFrom('7', 'B1'), fc.integer({ min: 1, max: 10 })) }), qfEhea: opt(fc.constantFrom('short-cycle' as const, 'first' as const, 'second' as const, 'third' as const)) }),
        ),
        assessment: fc.record({ type: fc.oneof(fc.constantFrom(...vocabulary.assessmentTypes.codes), iri), description: opt(text) }),
        participation: fc.record({ mode: fc.oneof(fc.constantFrom(...vocabulary.learningModes.codes), iri), setting: fc.constantFrom(...vocabulary.learningSettings.codes) }),
        qualityAssurance: fc.record({ type: fc.oneof(fc.constantFrom(...vocabulary.qualityAssuranceTypes.codes), iri), description: text }),
        prerequisites: opt(text),
        supervision: opt(fc.constantFrom(...vocabulary.supervisionMethods.codes)),
        grade: opt(text),
        stackability: opt(fc.oneof(fc.constant({ type: 'stand-alone' as const }), fc.record({ type: fc.constant('stackable' as const), towards: opt(text) }))),
        furtherInformation: opt(text),
        certificateNumber: opt(fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{2,20}$/)),
        placeOfIssue: opt(text),
        certificationScheme: opt(fc.record({ name: text, version: opt(fc.constantFrom('1', '2025-1')) })),
        scope: opt(text),
        signatory: opt(fc.record({ name: fc.constantFrom('Ana Kovač', 'Zuzana Šimková'), role: opt(text) })),
        recertificationOf: opt(fc.uuid().map((u) => `urn:uuid:${u}`)),
      })
      .map((record) => JSON.parse(JSON.stringify(record)) as MicroCredentialInput);

    fc.assert(
      fc.property(input, (value) => {
        expect(validateMicroCredentialInput(value).ok).toBe(true);
        const credential = buildMicroCredential(value, { issuer: ISSUER });
        const { normalized, read } = expected(value, credential);
        expect(read).toEqual(normalized);
      }),
      { numRuns: 300 },
    );
  });
});

describe('workload in hours', () => {
  it('is written as a valid xsd:duration (a fraction only on seconds) and read back', async () => {
    const { durationOfHours } = await import('../src/build-credential.ts');
    expect(durationOfHours(60)).toBe('PT60H');
    expect(durationOfHours(7.5)).toBe('PT7H30M');
    expect(durationOfHours(0.25)).toBe('PT15M');
    expect(durationOfHours(1.0001)).toBe('PT1H0.36S');
    for (const hours of [60, 7.5, 0.25, 1.0001, 1500]) {
      const credential = buildMicroCredential({ ...loadFixture('minimal'), workload: { hours } }, { issuer: ISSUER });
      expect(readMicroCredential(credential).workload.hours).toBe(hours);
    }
  });
});
