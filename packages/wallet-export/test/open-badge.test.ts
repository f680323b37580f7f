import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { CREDENTIALS_V2, MICROCREDENTIAL_CONTEXT, type NormalizedMicroCredential } from '@microcred/model';
import { createDocumentLoader } from '@microcred/securing';
import {
  buildOpenBadgeCredential,
  identityMatches,
  OPEN_BADGES_V3_CONTEXT,
  readOpenBadge,
  WalletExportErrorCodes,
  type IdentityObject,
  type OpenBadgeOptions,
} from '../src/index.ts';
import { FIXTURE_NAMES, issuedFixture, type FixtureName } from './helpers.ts';

const ISSUER = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const ELM = 'http://data.europa.eu/snb/model/elm/';
const OB = 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#';
const STATUS = [
  { id: 'https://issuer.example.org/status/1#17', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '17', statusListCredential: 'https://issuer.example.org/status/1' },
  { id: 'https://issuer.example.org/status/2#17', type: 'BitstringStatusListEntry', statusPurpose: 'suspension', statusListIndex: '17', statusListCredential: 'https://issuer.example.org/status/2' },
];

const options = (extra: Partial<OpenBadgeOptions> = {}): OpenBadgeOptions => ({
  id: 'urn:uuid:5f0c2a9e-7b1d-4c3e-9a8f-6e5d4c3b2a19',
  issuer: { id: ISSUER, name: { en: 'Example Technological University', ga: 'Ollscoil Teicneolaíochta Samplach' }, url: 'https://www.example-tu.ie' },
  primaryCredentialId: 'urn:uuid:0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b',
  credentialStatus: STATUS,
  ...extra,
});

const badgeOf = (name: FixtureName, extra?: Partial<OpenBadgeOptions>) => buildOpenBadgeCredential(issuedFixture(name), options(extra)) as any;

/** The properties (expanded IRIs) of a node, and of every node below it. */
function propertiesBelow(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => propertiesBelow(n, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (!key.startsWith('@')) out.add(key);
      propertiesBelow(value, out);
    }
  }
  return out;
}

describe('the Open Badges 3.0 rendition', () => {
  it.each(FIXTURE_NAMES)('of %s processes as JSON-LD under VC 2.0 + OB 3.0.3 + its inline ELM context, every term mapped', async (name) => {
    const badge = badgeOf(name);
    expect(badge['@context'].slice(0, 2)).toEqual([CREDENTIALS_V2, OPEN_BADGES_V3_CONTEXT]);
    const expanded = await jsonld.expand(badge, { documentLoader: createDocumentLoader(), safe: true });
    // VC 2.0's @vocab would catch an undefined term silently: there must be none.
    expect(JSON.stringify(expanded)).not.toContain('https://www.w3.org/ns/credentials/issuer-dependent#');
    const subject = expanded[0]['https://www.w3.org/2018/credentials#credentialSubject'][0];
    const achievement = subject[`${OB}achievement`][0];
    expect(achievement['@type']).toEqual([`${OB}Achievement`]);
    const below = propertiesBelow(achievement);
    for (const iri of [
      `${ELM}learningOutcome`, `${ELM}mode`, `${ELM}learningSetting`, `${ELM}provenBy`, `${ELM}awardedBy`, `${ELM}awardingBody`,
      `${ELM}accreditation`, `${ELM}specifiedBy`, 'http://purl.org/dc/terms/title', 'http://purl.org/dc/terms/type',
      'http://purl.org/dc/terms/description', 'http://www.w3.org/ns/regorg#legalName', `${ELM}countryCode`,
    ]) {
      expect(below, iri).toContain(iri);
    }
    // ELM's description (a language map) under the quality assurance, OB's description (a string) on the achievement.
    expect(achievement[`${ELM}accreditation`][0]['http://purl.org/dc/terms/description'][0]).toHaveProperty('@language');
    expect(achievement['https://schema.org/description'][0]).not.toHaveProperty('@language');
    if (badge.credentialSubject.achievement['dc:description']) {
      expect(achievement['http://purl.org/dc/terms/description'][0]).toHaveProperty('@language', 'en');
    }
  });

  it('cannot reuse the primary credential\'s ELM context: it is @protected and redefines OB 3.0.3\'s protected "Address"', async () => {
    const badge = { ...badgeOf('minimal'), '@context': [CREDENTIALS_V2, OPEN_BADGES_V3_CONTEXT, MICROCREDENTIAL_CONTEXT] };
    await expect(jsonld.expand(badge, { documentLoader: createDocumentLoader() })).rejects.toMatchObject({
      details: { code: 'protected term redefinition' },
    });
  });

  it('is an OpenBadgeCredential for a MicroCredential achievement, with OB fields filled from the micro-credential', () => {
    const badge = badgeOf('digital-skills-bootcamp');
    expect(badge.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(badge.issuer).toMatchObject({ id: ISSUER, type: ['Profile'], name: 'Example Technological University', url: 'https://www.example-tu.ie' });
    expect(badge.validFrom).toBe('2026-05-29T16:45:00+01:00');
    expect(badge.name).toBe('Data Analysis with Python for Public Administration');
    expect(badge.credentialStatus).toEqual(STATUS);
    const { achievement, type, identifier, result } = badge.credentialSubject;
    expect(type).toEqual(['AchievementSubject', 'Profile']);
    expect(achievement).toMatchObject({
      type: ['Achievement'],
      achievementType: 'MicroCredential',
      name: 'Data Analysis with Python for Public Administration',
      creditsAvailable: 5,
      inLanguage: 'en',
      criteria: { narrative: expect.stringContaining('- Publish a reproducible analysis notebook') },
    });
    expect(achievement.id).toMatch(/^urn:uuid:/);
    expect(achievement.alignment).toContainEqual({
      type: ['Alignment'],
      targetType: 'ext:ESCOSkill',
      targetName: 'Publish a reproducible analysis notebook',
      targetFramework: 'ESCO',
      targetUrl: 'http://data.europa.eu/esco/skill/0c7a2a84-3f8d-4b1e-9e8c-2f35a7c4f003',
    });
    expect(achievement.alignment).toContainEqual({
      type: ['Alignment'],
      targetType: 'ext:EQFLevel',
      targetName: 'EQF level 6',
      targetFramework: 'European Qualifications Framework',
      targetCode: '6',
      targetUrl: 'http://data.europa.eu/snb/eqf/6',
    });
    expect(result).toEqual([{ type: ['Result'], resultDescription: achievement.resultDescription[0].id, value: 'Distinction' }]);
    expect(identifier.map((i: IdentityObject) => i.identityType)).toEqual(['emailAddress', 'name', 'identifier']);
  });

  it('holds the learner\'s e-mail address only salted and hashed: the right address matches, another does not', () => {
    const badge = badgeOf('digital-skills-bootcamp');
    const email = badge.credentialSubject.identifier[0] as IdentityObject;
    expect(email).toMatchObject({ type: 'IdentityObject', identityType: 'emailAddress', hashed: true });
    expect(email.identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(JSON.stringify(badge)).not.toContain('aoife.nibhriain@example.ie');
    expect(identityMatches(email, 'emailAddress', 'aoife.nibhriain@example.ie')).toBe(true);
    expect(identityMatches(email, 'emailAddress', 'someone.else@example.ie')).toBe(false);
  });

  it.each(FIXTURE_NAMES)('reads back into the same micro-credential (%s), all but the hashed e-mail address', (name) => {
    const mc = issuedFixture(name);
    const read = readOpenBadge(badgeOf(name));
    const { email: _email, ...learner } = mc.learner;
    expect(read).toEqual({ ...mc, learner } satisfies NormalizedMicroCredential);
  });

  it('in another of the title\'s languages: OB\'s one-language fields in that language, the language maps intact', () => {
    const mc = issuedFixture('crane-operator-certificate');
    const badge = buildOpenBadgeCredential(mc, options({ language: 'pl' })) as any;
    expect(badge.name).toBe('Certyfikowany operator żurawia samojezdnego');
    expect(badge.credentialSubject.achievement.inLanguage).toBe('pl');
    expect(readOpenBadge(badge)).toEqual(mc);
  });

  it('reads back every Annex I element that a badge without an e-mail address carries', () => {
    const mc = issuedFixture('crane-operator-certificate');
    expect(mc.learner.email).toBeUndefined();
    expect(readOpenBadge(badgeOf('crane-operator-certificate'))).toEqual(mc);
  });

  it('is the same JSON each time it is built from the same input and options', () => {
    expect(badgeOf('digital-skills-bootcamp', { emailSalt: 'fixed' })).toEqual(badgeOf('digital-skills-bootcamp', { emailSalt: 'fixed' }));
  });

  it('carries no status entry when the primary credential has none', () => {
    expect(badgeOf('minimal', { credentialStatus: undefined })).not.toHaveProperty('credentialStatus');
  });

  it.each([
    [{ id: 'not an iri' }, /options\.id/],
    [{ issuer: { id: 'https://issuer.example.org', name: 'X' } }, /options\.issuer\.id/],
    [{ issuer: { id: ISSUER, name: '' } }, /options\.issuer\.name/],
    [{ primaryCredentialId: '' }, /options\.primaryCredentialId/],
    [{ credentialStatus: [{}] }, /options\.credentialStatus\[0\]/],
    [{ language: 'english!' }, /options\.language/],
  ] as [Partial<OpenBadgeOptions>, RegExp][])('refuses the bad option %j, naming it', (extra, message) => {
    expect(() => badgeOf('minimal', extra)).toThrow(message);
    try {
      badgeOf('minimal', extra);
    } catch (error) {
      expect(error).toMatchObject({ name: 'WalletExportError', code: WalletExportErrorCodes.INVALID_OPTIONS });
    }
  });

  it('refuses a micro-credential that was never issued (no date of issuing)', () => {
    const { issued: _issued, ...unissued } = issuedFixture('minimal');
    expect(() => buildOpenBadgeCredential(unissued, options())).toThrow(expect.objectContaining({ code: WalletExportErrorCodes.INCOMPLETE_MICRO_CREDENTIAL }));
  });
});
