/**
 * The project's own check of a Europass EDC against the cardinalities and vocabularies of the EDC SHACL
 * shapes (`edc-generic-no-cv` for classes and cardinalities, `edc-generic-full` for the EU vocabularies some
 * properties must take their concepts from), for the classes this package writes. Written from the shapes'
 * summary, not generated from them: the project does not ship the shapes. It is stricter than the shapes
 * in three ways the project relies on: every node has an `id`, a property the shapes do not list for a class
 * is reported (a misspelt key would otherwise vanish in JSON-LD processing), and there is no `credentialStatus`.
 */
import { SCHEMES } from './concepts.ts';

export interface EdcShapeIssue {
  /** Where, as a JSON path from the credential: `credentialSubject.hasClaim[0].title`. */
  path: string;
  message: string;
}

type Kind =
  | { node: readonly string[] }
  /** A Concept object; with a scheme, it must be in that scheme (edc-generic-full restrictions). */
  | { concept: string | null }
  | 'langMap'
  | 'oneLanguage'
  | 'dateTime'
  | 'duration'
  | 'string'
  | 'iri'
  | 'positiveInteger'
  | 'boolean'
  | 'base64';

interface Property {
  min: number;
  max: number;
  kind: Kind;
}

const N = Number.POSITIVE_INFINITY;
const p = (min: number, max: number, kind: Kind): Property => ({ min, max, kind });
const node = (...types: string[]): Kind => ({ node: types });
const concept = (scheme: string | null = null): Kind => ({ concept: scheme });
const IDENTIFIERS = node('Identifier', 'LegalIdentifier');
const AGENTS = node('Organisation', 'Person');

const CLASSES: Record<string, Record<string, Property>> = {
  EuropeanDigitalCredential: {
    credentialProfiles: p(1, N, concept(SCHEMES.credentialProfile)),
    displayParameter: p(1, 1, node('DisplayParameter')),
    issuer: p(1, 1, node('Organisation')),
    credentialSubject: p(1, 1, node('Person')),
    issuanceDate: p(0, 1, 'dateTime'),
    issued: p(1, 1, 'dateTime'),
    validFrom: p(1, 1, 'dateTime'),
    expirationDate: p(0, 1, 'dateTime'),
    validUntil: p(0, 1, 'dateTime'),
    credentialSchema: p(1, N, node('ShaclValidator2017')),
    identifier: p(0, N, IDENTIFIERS),
  },
  ShaclValidator2017: {},
  DisplayParameter: {
    title: p(1, N, 'langMap'),
    description: p(0, N, 'langMap'),
    language: p(1, N, concept(SCHEMES.language)),
    primaryLanguage: p(1, 1, concept(SCHEMES.language)),
    summaryDisplay: p(0, 1, 'string'),
    individualDisplay: p(1, N, node('IndividualDisplay')),
  },
  IndividualDisplay: {
    language: p(1, 1, concept(SCHEMES.language)),
    displayDetail: p(1, N, node('DisplayDetail')),
  },
  DisplayDetail: {
    image: p(1, 1, node('MediaObject')),
    page: p(1, 1, 'positiveInteger'),
  },
  MediaObject: {
    title: p(0, N, 'langMap'),
    description: p(0, N, 'langMap'),
    content: p(1, 1, 'base64'),
    contentEncoding: p(1, 1, concept(SCHEMES.encoding)),
    contentType: p(1, 1, concept(SCHEMES.fileType)),
  },
  Organisation: {
    identifier: p(0, N, IDENTIFIERS),
    altLabel: p(0, N, 'langMap'),
    legalName: p(1, N, 'langMap'),
    location: p(1, N, node('Location')),
    registration: p(0, 1, node('LegalIdentifier')),
    eIDASIdentifier: p(0, 1, node('LegalIdentifier')),
    vatIdentifier: p(0, N, node('LegalIdentifier')),
    homepage: p(0, N, node('WebResource')),
    contactPoint: p(0, N, node('ContactPoint')),
    additionalNote: p(0, N, node('Note')),
    logo: p(0, 1, node('MediaObject')),
  },
  Location: {
    description: p(0, N, 'langMap'),
    address: p(1, N, node('Address')),
    geographicName: p(0, N, 'langMap'),
    spatialCode: p(0, N, concept()),
  },
  Address: {
    fullAddress: p(0, 1, node('Note')),
    countryCode: p(1, 1, concept(SCHEMES.country)),
  },
  Identifier: {
    notation: p(1, 1, 'string'),
    schemeName: p(0, 1, 'string'),
    schemeVersion: p(0, 1, 'string'),
  },
  LegalIdentifier: {
    notation: p(1, 1, 'string'),
    schemeName: p(0, 1, 'string'),
    spatial: p(1, 1, concept(SCHEMES.country)),
  },
  WebResource: {
    title: p(0, N, 'langMap'),
    contentURL: p(1, 1, 'iri'),
  },
  ContactPoint: {
    emailAddress: p(0, N, node('Mailbox')),
  },
  Mailbox: {},
  Person: {
    identifier: p(0, N, IDENTIFIERS),
    nationalID: p(0, 1, node('LegalIdentifier')),
    fullName: p(0, 1, 'oneLanguage'),
    givenName: p(0, 1, 'oneLanguage'),
    familyName: p(0, 1, 'oneLanguage'),
    dateOfBirth: p(0, 1, 'dateTime'),
    citizenshipCountry: p(0, N, concept(SCHEMES.country)),
    contactPoint: p(0, N, node('ContactPoint')),
    hasClaim: p(1, N, node('LearningAchievement')),
  },
  LearningAchievement: {
    title: p(1, N, 'langMap'),
    description: p(0, N, 'langMap'),
    identifier: p(0, N, IDENTIFIERS),
    additionalNote: p(0, N, node('Note')),
    provenBy: p(0, N, node('LearningAssessment')),
    awardedBy: p(1, 1, node('AwardingProcess')),
    specifiedBy: p(0, 1, node('Qualification', 'LearningAchievementSpecification')),
  },
  AwardingProcess: {
    description: p(0, N, 'langMap'),
    location: p(0, 1, node('Location')),
    additionalNote: p(0, N, node('Note')),
    awardingBody: p(1, N, AGENTS),
    awardingDate: p(0, 1, 'dateTime'),
  },
  LearningAssessment: {
    title: p(1, N, 'langMap'),
    description: p(0, N, 'langMap'),
    additionalNote: p(0, N, node('Note')),
    grade: p(1, 1, node('Note')),
    idVerification: p(0, 1, concept()),
    awardedBy: p(1, 1, node('AwardingProcess')),
    assessedBy: p(0, N, AGENTS),
    specifiedBy: p(0, 1, node('LearningAssessmentSpecification')),
  },
  LearningAssessmentSpecification: {
    title: p(1, N, 'langMap'),
    description: p(0, N, 'langMap'),
    additionalNote: p(0, N, node('Note')),
    dcType: p(0, 1, concept()),
    language: p(0, N, concept(SCHEMES.language)),
    mode: p(0, N, concept()),
  },
  Qualification: {
    identifier: p(0, N, IDENTIFIERS),
    title: p(1, N, 'langMap'),
    description: p(0, N, 'langMap'),
    additionalNote: p(0, N, node('Note')),
    dcType: p(0, N, concept()),
    language: p(0, N, concept(SCHEMES.language)),
    volumeOfLearning: p(0, 1, 'duration'),
    mode: p(0, N, concept()),
    thematicArea: p(0, N, concept('http://data.europa.eu/snb/isced-f/25831c2')),
    creditPoint: p(0, N, node('CreditPoint')),
    learningSetting: p(0, 1, concept(SCHEMES.learningSetting)),
    entryRequirement: p(0, 1, node('Note')),
    learningOutcome: p(0, N, node('LearningOutcome')),
    provenBy: p(0, N, node('LearningAssessmentSpecification')),
    specialisationOf: p(0, N, node('Qualification')),
    isPartialQualification: p(0, 1, 'boolean'),
    eqfLevel: p(0, 1, concept(SCHEMES.eqf)),
    nqfLevel: p(0, N, concept(SCHEMES.nqf)),
  },
  CreditPoint: {
    framework: p(1, 1, concept()),
    point: p(1, 1, 'string'),
  },
  LearningOutcome: {
    identifier: p(0, N, IDENTIFIERS),
    title: p(1, N, 'langMap'),
    dcType: p(0, 1, concept('http://data.europa.eu/snb/skill-type/25831c2')),
    additionalNote: p(0, N, node('Note')),
    reusabilityLevel: p(0, 1, concept('http://data.europa.eu/snb/skill-reuse-level/25831c2')),
    relatedSkill: p(0, N, concept()),
    relatedESCOSkill: p(0, N, concept(SCHEMES.escoSkill)),
  },
  Note: {
    noteLiteral: p(1, N, 'langMap'),
    subject: p(0, 1, concept()),
  },
};

const ABSOLUTE_IRI = /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>"{}|\\^`]+$/;
const LANGUAGE_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
// xsd:duration: only the seconds may have a fraction.
const DURATION = /^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function isDateTime(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return day.getUTCMonth() === Number(m[2]) - 1 && day.getUTCDate() === Number(m[3]) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 60;
}

function typesOf(value: Json): string[] {
  return typeof value.type === 'string' ? [value.type] : Array.isArray(value.type) ? value.type.filter((t): t is string => typeof t === 'string') : [];
}

class Checker {
  readonly issues: EdcShapeIssue[] = [];

  report(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  /** Number of values of a property as RDF sees them: a language map counts its languages. */
  private count(value: unknown, kind: Kind): number {
    if (value === undefined || value === null) return 0;
    if ((kind === 'langMap' || kind === 'oneLanguage') && isObject(value)) return Object.keys(value).length;
    return Array.isArray(value) ? value.length : 1;
  }

  node(value: unknown, allowed: readonly string[], path: string): void {
    if (!isObject(value)) {
      this.report(path, `must be an object of type ${allowed.join(' or ')}`);
      return;
    }
    const types = typesOf(value);
    const type = types.find((t) => allowed.includes(t));
    if (!type) {
      this.report(`${path}.type`, `must be ${allowed.join(' or ')}; is ${JSON.stringify(value.type)}`);
      return;
    }
    if (typeof value.id !== 'string' || !ABSOLUTE_IRI.test(value.id)) this.report(`${path}.id`, 'every node needs an id that is an absolute IRI');
    if (type === 'Mailbox' && !(typeof value.id === 'string' && value.id.startsWith('mailto:'))) {
      this.report(`${path}.id`, 'a Mailbox is named by its mailto: IRI');
    }
    const rules = CLASSES[type]!;
    for (const key of Object.keys(value)) {
      if (key === 'id' || key === 'type' || (type === 'EuropeanDigitalCredential' && key === '@context')) continue;
      if (!(key in rules)) {
        this.report(`${path}.${key}`, key === 'credentialStatus' ? 'a Europass EDC carries no credentialStatus' : `is not a property of ${type} in the EDC shapes`);
      }
    }
    for (const [key, rule] of Object.entries(rules)) this.property(value[key], rule, `${path}.${key}`);
  }

  private property(value: unknown, rule: Property, path: string): void {
    const n = this.count(value, rule.kind);
    if (n < rule.min) this.report(path, rule.min === 1 ? 'is required' : `needs at least ${rule.min} values`);
    if (n > rule.max) this.report(path, rule.max === 1 ? (rule.kind === 'oneLanguage' ? 'allows one language only' : 'allows one value only') : `allows at most ${rule.max} values`);
    if (n === 0) return;
    const kind = rule.kind;
    if (kind === 'langMap' || kind === 'oneLanguage') {
      this.langMap(value, path);
      return;
    }
    const values = Array.isArray(value) ? value : [value];
    values.forEach((item, i) => {
      const at = Array.isArray(value) ? `${path}[${i}]` : path;
      if (typeof kind === 'object' && 'node' in kind) this.node(item, kind.node, at);
      else if (typeof kind === 'object') this.concept(item, kind.concept, at);
      else this.literal(item, kind, at);
    });
  }

  private langMap(value: unknown, path: string): void {
    if (!isObject(value)) {
      this.report(path, 'must be a language map such as {"en": "..."}');
      return;
    }
    for (const [language, text] of Object.entries(value)) {
      if (!LANGUAGE_TAG.test(language)) this.report(`${path}.${language}`, 'is not a language tag');
      if (typeof text !== 'string' || text.trim() === '') this.report(`${path}.${language}`, 'must be non-empty text');
    }
  }

  private literal(value: unknown, kind: 'dateTime' | 'duration' | 'string' | 'iri' | 'positiveInteger' | 'boolean' | 'base64', path: string): void {
    const ok =
      kind === 'dateTime' ? isDateTime(value)
      : kind === 'duration' ? typeof value === 'string' && DURATION.test(value)
      : kind === 'string' ? typeof value === 'string' && value.trim() !== ''
      : kind === 'iri' ? typeof value === 'string' && ABSOLUTE_IRI.test(value)
      : kind === 'positiveInteger' ? Number.isInteger(value) && (value as number) > 0
      : kind === 'boolean' ? typeof value === 'boolean'
      : typeof value === 'string' && value.length > 0 && value.length % 4 === 0 && BASE64.test(value);
    if (!ok) {
      const what = {
        dateTime: 'an xsd:dateTime such as 2026-03-14T10:00:00Z',
        duration: 'an xsd:duration such as PT60H (only seconds may have a fraction)',
        string: 'non-empty text',
        iri: 'an absolute IRI',
        positiveInteger: 'a positive integer',
        boolean: 'true or false',
        base64: 'base64 text',
      }[kind];
      this.report(path, `must be ${what}; is ${JSON.stringify(value)}`);
    }
  }

  private concept(value: unknown, scheme: string | null, path: string): void {
    if (!isObject(value)) {
      this.report(path, 'must be a Concept object {id, type: "Concept", inScheme, prefLabel}');
      return;
    }
    if (value.type !== 'Concept') this.report(`${path}.type`, 'must be "Concept"');
    if (typeof value.id !== 'string' || !ABSOLUTE_IRI.test(value.id)) this.report(`${path}.id`, 'a concept is named by an absolute IRI');
    for (const key of Object.keys(value)) {
      if (!['id', 'type', 'inScheme', 'prefLabel', 'notation', 'definition'].includes(key)) this.report(`${path}.${key}`, 'is not a property of Concept in the EDC shapes');
    }
    const schemes = value.inScheme === undefined ? [] : Array.isArray(value.inScheme) ? value.inScheme : [value.inScheme];
    schemes.forEach((s, i) => {
      const at = Array.isArray(value.inScheme) ? `${path}.inScheme[${i}]` : `${path}.inScheme`;
      if (!isObject(s) || s.type !== 'ConceptScheme' || typeof s.id !== 'string' || !ABSOLUTE_IRI.test(s.id)) {
        this.report(at, 'must be a ConceptScheme object {id, type: "ConceptScheme"}');
      }
    });
    if (scheme !== null && !schemes.some((s) => isObject(s) && s.id === scheme)) {
      this.report(`${path}.inScheme`, `must include the EU scheme ${scheme}`);
    }
    if (value.prefLabel !== undefined) this.langMap(value.prefLabel, `${path}.prefLabel`);
    if (value.notation !== undefined && typeof value.notation !== 'string') this.report(`${path}.notation`, 'must be text');
  }
}

const EDC_CONTEXTS = ['https://www.w3.org/2018/credentials/v1', 'http://data.europa.eu/snb/model/context/edc-ap'];

/**
 * Checks a Europass EDC (unsealed, or the payload of a sealed one) against the project's reading of the EDC
 * shapes. Returns every issue found, with its path; an empty list means none.
 */
export function checkEuropassCredential(edc: unknown): EdcShapeIssue[] {
  const checker = new Checker();
  if (!isObject(edc)) return [{ path: '', message: 'must be a JSON object' }];
  const context = edc['@context'];
  if (!Array.isArray(context) || context.length !== 2 || context.some((c, i) => c !== EDC_CONTEXTS[i])) {
    checker.report('@context', `must be ${JSON.stringify(EDC_CONTEXTS)}`);
  }
  const types = typesOf(edc);
  if (!(types.includes('VerifiableCredential') && types.includes('EuropeanDigitalCredential'))) {
    checker.report('type', 'must be ["VerifiableCredential", "EuropeanDigitalCredential"]');
  }
  checker.node(edc, ['EuropeanDigitalCredential'], '$');
  // The shapes' IssuerNodeShape: the issuer has exactly one eIDAS identifier (matching its seal).
  if (isObject(edc.issuer) && edc.issuer.eIDASIdentifier === undefined) {
    checker.report('$.issuer.eIDASIdentifier', 'is required: the issuer must have the eIDAS identifier of its e-seal certificate');
  }
  return checker.issues.map((issue) => ({ ...issue, path: issue.path.replace(/^\$\.?/, '') }));
}
