import { describe, expect, it } from 'vitest';
import { countryIri, vocabulary, type NormalizedMicroCredential } from '@microcred/model';
import {
  buildEuropassCredential,
  checkEuropassCredential,
  EU_CONCEPT_SCHEMES,
  WalletExportErrorCodes,
  type EuropassOptions,
} from '../src/index.ts';
import { FIXTURE_NAMES, issuedFixture, PLACEHOLDER_PNG, type FixtureName } from './helpers.ts';

const options = (extra: Partial<EuropassOptions> = {}): EuropassOptions => ({
  id: 'urn:uuid:2b7d4e6f-8a9c-4b1d-9e3f-5a7c9e1b3d5f',
  issuer: { id: 'did:web:certification.example.si', name: 'Example Personnel Certification Body d.o.o.', url: 'https://certification.example.si', eidasIdentifier: 'VATSI-12345678' },
  primaryCredentialId: 'urn:uuid:6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a',
  displayImagePng: PLACEHOLDER_PNG,
  ...extra,
});

const edcOf = (mc: NormalizedMicroCredential, extra?: Partial<EuropassOptions>) => buildEuropassCredential(mc, options(extra)) as any;
const edcOfFixture = (name: FixtureName, extra?: Partial<EuropassOptions>) => edcOf(issuedFixture(name), extra);

/** Every object in the credential (language maps too) with the path to it. */
function objects(value: unknown, path = '', out: [string, Record<string, any>][] = []): [string, Record<string, any>][] {
  if (Array.isArray(value)) value.forEach((v, i) => objects(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    out.push([path, value as Record<string, any>]);
    for (const [k, v] of Object.entries(value)) if (k !== '@context') objects(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

describe('the Europass EDC rendition', () => {
  it.each(FIXTURE_NAMES)('of %s meets the cardinalities and vocabularies of the EDC shapes', (name) => {
    expect(checkEuropassCredential(edcOfFixture(name))).toEqual([]);
  });

  it('has the structure of the official micro-credential sample', () => {
    const edc = edcOfFixture('digital-skills-bootcamp');
    expect(edc['@context']).toEqual(['https://www.w3.org/2018/credentials/v1', 'http://data.europa.eu/snb/model/context/edc-ap']);
    expect(edc.type).toEqual(['VerifiableCredential', 'EuropeanDigitalCredential']);
    expect(edc.credentialSchema).toEqual([{ id: 'http://data.europa.eu/snb/model/ap/edc-generic-full', type: 'ShaclValidator2017' }]);
    expect(edc.credentialProfiles).toEqual([
      {
        id: 'http://data.europa.eu/snb/credential/e34929035b',
        type: 'Concept',
        inScheme: { id: 'http://data.europa.eu/snb/credential/25831c2', type: 'ConceptScheme' },
        prefLabel: { en: 'Generic' },
      },
    ]);
    expect(edc.identifier[0]).toMatchObject({ type: 'Identifier', schemeName: 'Certificate number', notation: 'MC-2026-TEST0000001' });
    expect(edc.identifier[1]).toMatchObject({ type: 'Identifier', schemeName: 'Primary credential', notation: 'urn:uuid:6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a' });
    expect([edc.validFrom, edc.issued, edc.issuanceDate]).toEqual(['2026-05-29T16:45:00+01:00', '2026-05-29T16:45:00+01:00', '2026-05-29T16:45:00+01:00']);
    const claim = edc.credentialSubject.hasClaim[0];
    expect(edc.credentialSubject).toMatchObject({ type: 'Person', givenName: { en: 'Aoife' }, dateOfBirth: '1998-11-23T00:00:00Z' });
    expect(edc.credentialSubject.contactPoint[0].emailAddress[0]).toMatchObject({ id: 'mailto:aoife.nibhriain@example.ie', type: 'Mailbox' });
    expect(claim).toMatchObject({ type: 'LearningAchievement', title: { en: 'Data Analysis with Python for Public Administration' } });
    expect(claim.awardedBy.awardingBody.map((b: any) => b.legalName.en)).toEqual(['Example Technological University', "Escola d'Administració Pública d'Exemple"]);
    expect(claim.awardedBy.awardingBody[1].registration).toMatchObject({ type: 'LegalIdentifier', notation: 'ES-Q0800000X', spatial: { id: countryIri('ES') } });
    expect(claim.provenBy[0]).toMatchObject({ type: 'LearningAssessment', grade: { type: 'Note', noteLiteral: { en: 'Distinction' } } });
    const qualification = claim.specifiedBy;
    expect(qualification).toMatchObject({
      type: 'Qualification',
      volumeOfLearning: 'PT125H',
      creditPoint: [{ type: 'CreditPoint', point: '5', framework: { id: vocabulary.ECTS } }],
      eqfLevel: { id: 'http://data.europa.eu/snb/eqf/6', inScheme: { id: EU_CONCEPT_SCHEMES.eqf }, prefLabel: { en: 'Level 6' } },
      learningSetting: { id: vocabulary.learningSettings.toIri('formal'), inScheme: { id: EU_CONCEPT_SCHEMES.learningSetting } },
      mode: [{ id: vocabulary.learningModes.toIri('blended'), inScheme: { id: EU_CONCEPT_SCHEMES.learningMode } }],
      entryRequirement: { type: 'Note', noteLiteral: { en: 'Basic spreadsheet skills' } },
    });
    expect(qualification.nqfLevel[0]).toMatchObject({ notation: '7', inScheme: [{ id: EU_CONCEPT_SCHEMES.nqf }, { id: 'https://nfq.example.ie/framework' }] });
    expect(qualification.learningOutcome[0].relatedESCOSkill.map((s: any) => s.inScheme.id)).toEqual([EU_CONCEPT_SCHEMES.escoSkill, EU_CONCEPT_SCHEMES.escoSkill]);
    expect(edc.issuer).toMatchObject({ id: 'did:web:certification.example.si', type: 'Organisation', legalName: { en: 'Example Personnel Certification Body d.o.o.' } });
    expect(edc.issuer.location.map((l: any) => l.address.countryCode.id)).toEqual([countryIri('IE'), countryIri('ES')]);
    expect(edc.issuer.location[1].geographicName).toEqual({ es: 'Cataluña', en: 'Catalonia' });
  });

  it('names the issuer by the eIDAS identifier of its e-seal certificate, country read from the identifier', () => {
    const edc = edcOfFixture('minimal');
    expect(edc.issuer.eIDASIdentifier).toMatchObject({ type: 'LegalIdentifier', notation: 'VATSI-12345678', spatial: { id: countryIri('SI') } });
    const other = edcOfFixture('minimal', { issuer: { ...options().issuer, eidasIdentifier: { notation: 'LEIXG-5299000J2N45DDNE4Y28', country: 'DE' } } });
    expect(other.issuer.eIDASIdentifier).toMatchObject({ notation: 'LEIXG-5299000J2N45DDNE4Y28', spatial: { id: countryIri('DE') } });
  });

  it('carries no credentialStatus: its status is confirmed at the issuer\'s register', () => {
    for (const name of FIXTURE_NAMES) expect(edcOfFixture(name)).not.toHaveProperty('credentialStatus');
    expect(() => edcOf(issuedFixture('minimal'), { credentialStatus: [{ type: 'BitstringStatusListEntry' }] } as never)).toThrow(/no status entry/);
  });

  it('shows the certificate image on page 1 of the display, in the credential\'s language', () => {
    const edc = edcOfFixture('crane-operator-certificate', { language: 'pl' });
    const display = edc.displayParameter;
    expect(display.primaryLanguage).toMatchObject({ id: 'http://publications.europa.eu/resource/authority/language/POL', inScheme: { id: EU_CONCEPT_SCHEMES.language } });
    expect(display.language.map((l: any) => l.id.split('/').pop())).toEqual(['ENG', 'POL', 'CES']);
    const detail = display.individualDisplay[0].displayDetail[0];
    expect(detail.page).toBe(1);
    expect(Buffer.from(detail.image.content, 'base64').equals(PLACEHOLDER_PNG)).toBe(true);
    expect(detail.image.contentType.id).toBe('http://publications.europa.eu/resource/authority/file-type/PNG');
    expect(detail.image.contentEncoding.prefLabel).toEqual({ en: 'base64' });
  });

  it.each(FIXTURE_NAMES)('gives every node of %s an id, and every concept its scheme (but an issuer\'s own IRI of an unknown scheme)', (name) => {
    for (const [path, object] of objects(edcOfFixture(name))) {
      if (object.type === undefined || object.type === 'ConceptScheme' || path === '') continue;
      expect(object.id, path).toMatch(/^(urn:epass:[a-zA-Z]+:[0-9a-f-]{36}|did:|urn:uuid:|https?:|mailto:)/);
      if (object.type === 'Concept' && !object.id.startsWith('http://example.org/')) {
        expect(object.inScheme, path).toBeDefined();
        if (!object.id.startsWith('http://data.europa.eu/esco/')) expect(object.prefLabel, path).toEqual({ en: expect.any(String) });
      }
    }
  });

  it('states what the shapes have no property for in notes whose subject says what they are about', () => {
    const crane = edcOfFixture('crane-operator-certificate');
    const notes = crane.credentialSubject.hasClaim[0].specifiedBy.additionalNote.map((n: any) => n.subject.id);
    expect(notes).toEqual([
      vocabulary.qualityAssuranceTypes.toIri('iso-17024-certification'),
      'https://w3id.org/microcred/concept/note/level-not-applicable',
      vocabulary.noteSubjects.standAlone,
      vocabulary.noteSubjects.scope,
    ]);
    const awarding = crane.credentialSubject.hasClaim[0].awardedBy;
    expect(awarding.location).toMatchObject({ geographicName: { pl: 'Kraków', en: 'Krakow' }, address: { countryCode: { id: countryIri('PL') } } });
    expect(awarding.additionalNote[0].noteLiteral).toEqual({ en: 'Zuzana Šimková, Head of Certification', pl: 'Zuzana Šimková, Kierownik ds. certyfikacji' });
    expect(crane.credentialSubject.hasClaim[0].additionalNote[0].noteLiteral).toEqual({ en: 'urn:uuid:0b7d0a8e-5bd1-4a7a-8f0e-8d3f2b1e4c11' });
    expect(crane.credentialSubject.hasClaim[0].specifiedBy.specialisationOf[0]).toMatchObject({
      type: 'Qualification',
      title: { en: 'Mobile Crane Operator Certification Scheme' },
      identifier: [{ schemeName: 'Certification scheme version', notation: '3.2' }],
    });
  });

  it('without a grade, describes the assessment by its specification only (the shapes require a grade of a learner\'s assessment)', () => {
    const edc = edcOfFixture('minimal');
    const claim = edc.credentialSubject.hasClaim[0];
    expect(claim.provenBy).toBeUndefined();
    expect(claim.specifiedBy.provenBy[0]).toMatchObject({ type: 'LearningAssessmentSpecification', title: { en: 'Quiz' }, dcType: { id: vocabulary.assessmentTypes.toIri('quiz') } });
  });

  it('writes an informal setting, a QF-EHEA cycle and fractional hours in forms the shapes accept', () => {
    const mc = issuedFixture('minimal');
    const edc = edcOf({ ...mc, participation: { mode: 'online', setting: 'informal' }, level: { qfEhea: 'first' }, workload: { hours: 7.5 } });
    const qualification = edc.credentialSubject.hasClaim[0].specifiedBy;
    expect(qualification.learningSetting).toBeUndefined();
    expect(qualification.volumeOfLearning).toBe('PT7H30M');
    expect(qualification.additionalNote.map((n: any) => n.subject.id)).toEqual(
      expect.arrayContaining([vocabulary.learningSettings.toIri('informal'), vocabulary.qfEheaCycles.toIri('first')]),
    );
    expect(checkEuropassCredential(edc)).toEqual([]);
  });

  it('is the same JSON each time it is built from the same input and options', () => {
    expect(edcOfFixture('digital-skills-bootcamp')).toEqual(edcOfFixture('digital-skills-bootcamp'));
  });

  it.each([
    [{ issuer: { id: 'did:web:x.example', name: 'X', eidasIdentifier: undefined } }, /eidasIdentifier/],
    [{ issuer: { id: 'did:web:x.example', name: 'X', eidasIdentifier: 'LEIXG-5299000J2N45DDNE4Y28' } }, /eidasIdentifier/],
    [{ displayImagePng: undefined }, /displayImagePng/],
    [{ displayImagePng: Buffer.from('GIF89a') }, /not a PNG/],
    [{ language: 'xx' }, /language/],
  ] as [Partial<EuropassOptions>, RegExp][])('refuses the bad option %#, naming it', (extra, message) => {
    expect(() => edcOfFixture('minimal', extra)).toThrow(message);
    expect(() => edcOfFixture('minimal', extra)).toThrow(expect.objectContaining({ code: WalletExportErrorCodes.INVALID_OPTIONS }));
  });
});

describe('the project\'s EDC shape checks', () => {
  const base = () => edcOfFixture('crane-operator-certificate');
  const paths = (edc: unknown) => checkEuropassCredential(edc).map((i) => i.path);

  it.each<[string, (edc: any) => void, string]>([
    ['an issuer without eIDAS identifier', (e) => delete e.issuer.eIDASIdentifier, 'issuer.eIDASIdentifier'],
    ['an ESCO skill from another scheme', (e) => (e.credentialSubject.hasClaim[0].specifiedBy.learningOutcome = [{ ...e.credentialSubject.hasClaim[0].specifiedBy.learningOutcome[0], relatedESCOSkill: [{ id: 'http://example.org/skill', type: 'Concept', inScheme: { id: 'http://example.org/skills', type: 'ConceptScheme' } }] }]), 'credentialSubject.hasClaim[0].specifiedBy.learningOutcome[0].relatedESCOSkill[0].inScheme'],
    ['no date of issuing', (e) => delete e.issued, 'issued'],
    ['a date where a date-time belongs', (e) => (e.validFrom = '2026-09-01'), 'validFrom'],
    ['a learning outcome without title', (e) => delete e.credentialSubject.hasClaim[0].specifiedBy.learningOutcome[0].title, 'credentialSubject.hasClaim[0].specifiedBy.learningOutcome[0].title'],
    ['a credentialStatus', (e) => (e.credentialStatus = 'https://issuer.example/status/1#5'), 'credentialStatus'],
    ['hours with a fraction', (e) => (e.credentialSubject.hasClaim[0].specifiedBy.volumeOfLearning = 'PT7.5H'), 'credentialSubject.hasClaim[0].specifiedBy.volumeOfLearning'],
    ['a node without id', (e) => delete e.credentialSubject.hasClaim[0].awardedBy.id, 'credentialSubject.hasClaim[0].awardedBy.id'],
    ['a misspelt property', (e) => (e.issuer.homepage = [{ id: 'urn:epass:webResource:1', type: 'WebResource', contentUrl: 'https://x.example' }]), 'issuer.homepage[0].contentUrl'],
    ['a given name in two languages', (e) => (e.credentialSubject.fullName = { en: 'A', pl: 'B' }), 'credentialSubject.fullName'],
    ['display page 0', (e) => (e.displayParameter.individualDisplay[0].displayDetail[0].page = 0), 'displayParameter.individualDisplay[0].displayDetail[0].page'],
    ['a concept given by its IRI alone', (e) => (e.credentialSubject.hasClaim[0].specifiedBy.mode = ['http://data.europa.eu/snb/learning-assessment/920fbb3cbe']), 'credentialSubject.hasClaim[0].specifiedBy.mode[0]'],
    ['two EQF levels', (e) => (e.credentialSubject.hasClaim[0].specifiedBy.eqfLevel = [1, 2].map((n) => ({ id: `http://data.europa.eu/snb/eqf/${n}`, type: 'Concept', inScheme: { id: EU_CONCEPT_SCHEMES.eqf, type: 'ConceptScheme' } }))), 'credentialSubject.hasClaim[0].specifiedBy.eqfLevel'],
    ['a learner\'s assessment without grade', (e) => { const c = e.credentialSubject.hasClaim[0]; c.provenBy = [{ id: 'urn:epass:learningAssessment:1', type: 'LearningAssessment', title: { en: 'x' }, awardedBy: c.awardedBy }]; }, 'credentialSubject.hasClaim[0].provenBy[0].grade'],
  ])('finds %s', (_what, spoil, path) => {
    const edc = base();
    expect(checkEuropassCredential(edc)).toEqual([]);
    spoil(edc);
    expect(paths(edc)).toContain(path);
  });
});
