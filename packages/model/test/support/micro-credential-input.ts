/**
 * Micro-credential inputs made by fast-check, for the model's round trip and the securing fast path's
 * differential tests: text includes quotes, backslashes, control characters and characters beyond the
 * BMP, which both the read-back and the N-Quads escaping must get right.
 */
import fc from 'fast-check';
import { vocabulary, type MicroCredentialInput } from '../../src/index.ts';

const nasty = fc.constantFrom('"', '\\', '\n', '\t', '\r', '\u0000', '\u007f', '\u2028', '😀', '<', '>', '{', '^', '`', ' ', 'ß', 'Ł');
const plain = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s && s.length > 0);
const tricky = fc
  .tuple(plain, nasty, fc.string({ maxLength: 8 }))
  .map(([a, b, c]) => `${a}${b}${c}`.trim())
  .filter((s) => s.length > 0);
const word = fc.oneof({ weight: 3, arbitrary: plain }, { weight: 1, arbitrary: tricky });

const text = fc.oneof(
  word,
  fc.dictionary(fc.constantFrom('en', 'de', 'fr', 'sl', 'el', 'pt-BR', 'ga'), word, { minKeys: 1 }),
);
const country = fc.constantFrom('DE', 'FR', 'SI', 'PL', 'IE', 'ES', 'GR', 'XK', 'NO');
const iri = fc.webUrl({ validSchemes: ['https'] }).filter((u) => /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>"{}|\\^`]+$/.test(u));
const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true });
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

export const microCredentialInput: fc.Arbitrary<MicroCredentialInput> = fc
  .record({
    learner: fc.oneof(
      fc.record({
        givenName: fc.constantFrom('Ana', 'Jürgen', 'Øystein'),
        familyName: fc.constantFrom('Kovač', 'Ó Súilleabháin'),
        id: opt(fc.constantFrom('did:example:123', 'urn:uuid:3f1c9d1e-1a2b-4c3d-8e9f-0a1b2c3d4e5f')),
        email: opt(fc.constant('a@example.org')),
      }),
      fc.record({ fullName: fc.constantFrom('Μαρία Παπαδοπούλου', 'Jan Novák'), dateOfBirth: opt(fc.constant('1990-01-31')) }),
    ),
    title: text,
    description: opt(text),
    issuerCountries: fc.array(fc.oneof(country, fc.record({ country, region: text })), { minLength: 1, maxLength: 3 }),
    awardingBodies: fc.array(
      fc.record({ legalName: text, country, legalIdentifier: opt(fc.constantFrom('HRB-1', 'SI123')), homepage: opt(fc.constant('https://example.org/')) }),
      { minLength: 1, maxLength: 3 },
    ),
    issued: opt(day.map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z'))),
    learningOutcomes: fc.array(
      fc.record({ title: text, relatedSkill: opt(fc.oneof(iri, fc.array(iri, { minLength: 1, maxLength: 3 }))) }),
      { minLength: 1, maxLength: 4 },
    ),
    workload: fc.oneof(
      fc.record({ ects: fc.constantFrom(1, 2.5, 6, 60) }),
      fc.record({ hours: fc.constantFrom(1, 7.5, 40, 1500) }),
      fc.record({ ects: fc.constantFrom(3, 5), hours: fc.constantFrom(75, 125) }),
    ),
    level: fc.oneof(
      fc.constant('not-applicable' as const),
      fc.record({ eqf: fc.integer({ min: 1, max: 8 }) }),
      fc.record({
        eqf: opt(fc.integer({ min: 1, max: 8 })),
        nqf: fc.record({ framework: iri, level: fc.oneof(fc.constantFrom('7', 'B1'), fc.integer({ min: 1, max: 10 })) }),
        qfEhea: opt(fc.constantFrom('short-cycle' as const, 'first' as const, 'second' as const, 'third' as const)),
      }),
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
