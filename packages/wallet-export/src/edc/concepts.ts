import { countryFromIri, countryIri, countryName, vocabulary, type LanguageMap } from '@microcred/model';
import { defined } from '../options.ts';

/**
 * Concepts as the Europass EDC writes them: full objects with `id`, `type: "Concept"`, `inScheme` and
 * `prefLabel` (English labels; the EU vocabularies have more languages, which a verifier can look up by IRI).
 */
export interface ConceptObject {
  id: string;
  type: 'Concept';
  inScheme?: SchemeObject | SchemeObject[];
  notation?: string;
  prefLabel?: LanguageMap;
}
export interface SchemeObject {
  id: string;
  type: 'ConceptScheme';
}

/** The EU concept schemes the EDC shapes name (edc-generic-full restricts several properties to one of them). */
export const SCHEMES = {
  credentialProfile: 'http://data.europa.eu/snb/credential/25831c2',
  eqf: vocabulary.EQF_SCHEME,
  nqf: 'http://data.europa.eu/snb/qdr/25831c2',
  educationCredit: 'http://data.europa.eu/snb/education-credit/25831c2',
  learningSetting: 'http://data.europa.eu/snb/learning-setting/25831c2',
  learningMode: 'http://data.europa.eu/snb/learning-assessment/25831c2',
  supervision: 'http://data.europa.eu/snb/supervision-verification/25831c2',
  escoSkill: 'http://data.europa.eu/esco/concept-scheme/skills',
  country: 'http://publications.europa.eu/resource/authority/country',
  language: 'http://publications.europa.eu/resource/authority/language',
  encoding: 'http://data.europa.eu/snb/encoding/25831c2',
  fileType: 'http://publications.europa.eu/resource/authority/file-type',
} as const;

const scheme = (id: string): SchemeObject => ({ id, type: 'ConceptScheme' });

/**
 * English labels of the coded values, by code: the concept IRIs come from the model's code lists, so a code
 * the model maps to another concept keeps its label. Labels of EU concepts follow the EU vocabularies.
 */
const CODE_LABELS: [vocabulary.CodeList<string>, Record<string, string>][] = [
  [vocabulary.learningSettings, { formal: 'formal learning', 'non-formal': 'non-formal learning', informal: 'informal learning' }],
  [vocabulary.learningModes, { online: 'Online', blended: 'Blended', onsite: 'Presential', 'work-based': 'Workbased' }],
  [
    vocabulary.supervisionMethods,
    {
      'unsupervised-no-id-verification': 'Unsupervised without ID Verification',
      'supervised-no-id-verification': 'Supervised without ID Verification',
      'supervised-online-with-id-verification': 'Supervised online with ID Verification',
      'onsite-with-id-verification': 'Supervised with ID Verification',
    },
  ],
  [
    vocabulary.assessmentTypes,
    {
      'written-examination': 'Written examination',
      'oral-examination': 'Oral examination',
      'marked-assignment': 'Marked assignment',
      'continuous-evaluation': 'Continuous evaluation',
      portfolio: 'Portfolio',
      'practical-assessment': 'Practical assessment',
      'project-work': 'Project work',
      quiz: 'Quiz',
      'artefact-assessment': 'Artefact assessment',
      'peer-assessment': 'Peer assessment',
    },
  ],
  [
    vocabulary.qualityAssuranceTypes,
    {
      internal: 'Internal quality assurance',
      external: 'External quality assurance',
      'internal-and-external': 'Internal and external quality assurance',
      'iso-17024-certification': 'Personnel certification under ISO/IEC 17024',
    },
  ],
  [vocabulary.qfEheaCycles, { 'short-cycle': 'QF-EHEA short cycle', first: 'QF-EHEA first cycle', second: 'QF-EHEA second cycle', third: 'QF-EHEA third cycle' }],
];

/** Subjects of the EDC's notes that have no concept in the model's vocabulary. */
export const EDC_NOTE_SUBJECTS = {
  levelNotApplicable: `${vocabulary.MC_CONCEPT}note/level-not-applicable`,
  signatory: `${vocabulary.MC_CONCEPT}note/signatory`,
  renews: `${vocabulary.MC_CONCEPT}note/renews`,
} as const;

const LABELS = new Map<string, string>([
  ['http://data.europa.eu/snb/credential/e34929035b', 'Generic'],
  [vocabulary.ECTS, 'European Credit Transfer System'],
  ['http://data.europa.eu/snb/encoding/6146cde7dd', 'base64'],
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): [string, string] => [vocabulary.EQF_LEVEL(n), `Level ${n}`]),
  ...CODE_LABELS.flatMap(([list, labels]) => list.codes.map((code): [string, string] => [list.toIri(code), labels[code] ?? code])),
  [vocabulary.noteSubjects.stackable, 'Stackable'],
  [vocabulary.noteSubjects.standAlone, 'Stand-alone'],
  [vocabulary.noteSubjects.furtherInformation, 'Further information'],
  [vocabulary.noteSubjects.scope, 'Scope of certification'],
  [EDC_NOTE_SUBJECTS.levelNotApplicable, 'No qualifications framework level'],
  [EDC_NOTE_SUBJECTS.signatory, 'Signatory'],
  [EDC_NOTE_SUBJECTS.renews, 'Renews credential'],
]);

/** The English label of a concept this package knows, else undefined. */
export function conceptLabel(iri: string): string | undefined {
  return LABELS.get(iri);
}

/**
 * The scheme of a concept, by the conventions of its publisher: the EU's SNB vocabularies put concept
 * `http://data.europa.eu/snb/<name>/<code>` in scheme `http://data.europa.eu/snb/<name>/25831c2`, the
 * Publications Office's authority tables `.../authority/<name>/<code>` in `.../authority/<name>`, and this
 * project's concepts `<MC_CONCEPT><name>/<code>` in `<MC_CONCEPT><name>`. Other IRIs: unknown.
 */
function schemeOf(iri: string): string | undefined {
  const snb = /^(http:\/\/data\.europa\.eu\/snb\/[^/]+\/)[^/]+$/.exec(iri);
  if (snb) return `${snb[1]}25831c2`;
  const authority = /^(http:\/\/publications\.europa\.eu\/resource\/authority\/[^/]+)\/[^/]+$/.exec(iri);
  if (authority) return authority[1];
  if (iri.startsWith(vocabulary.MC_CONCEPT)) return iri.slice(0, iri.lastIndexOf('/'));
  return undefined;
}

/** A readable label for a concept from another scheme: its last IRI segment, words separated. */
function labelFromIri(iri: string): string {
  const segment = decodeURIComponent(iri.replace(/[/#]+$/, '').split(/[/#:]/).pop() ?? iri);
  const words = segment.replace(/[-_]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A concept as a full object with its scheme and English label. A concept from a scheme this package does not
 * know (an IRI the issuer gave) gets a label made from its IRI, and no scheme.
 */
export function concept(iri: string): ConceptObject {
  const alpha2 = countryFromIri(iri);
  if (alpha2) return countryConcept(alpha2);
  const inScheme = schemeOf(iri);
  return defined({
    id: iri,
    type: 'Concept' as const,
    inScheme: inScheme ? scheme(inScheme) : undefined,
    prefLabel: { en: LABELS.get(iri) ?? labelFromIri(iri) },
  });
}

/** A country of the EU country authority table, as the samples write it (notation "country"). */
export function countryConcept(alpha2: string): ConceptObject {
  return {
    id: countryIri(alpha2),
    type: 'Concept',
    inScheme: scheme(SCHEMES.country),
    notation: 'country',
    prefLabel: { en: countryName(alpha2, 'en') },
  };
}

/** An ESCO skill. Its label is not known offline, so the concept carries none (prefLabel is optional). */
export function escoSkillConcept(iri: string): ConceptObject {
  return { id: iri, type: 'Concept', inScheme: scheme(SCHEMES.escoSkill), notation: 'Skill' };
}

/**
 * A level of a national qualifications framework. The EDC shapes want NQF levels in the EU register's scheme
 * (qdr); the concept names that scheme and the framework the issuer gave, with the level as its notation.
 */
export function nqfLevelConcept(id: string, framework: string, level: string): ConceptObject {
  return { id, type: 'Concept', inScheme: [scheme(SCHEMES.nqf), scheme(framework)], notation: level, prefLabel: { en: `Level ${level}` } };
}

/** The PNG file type. */
export function pngFileType(): ConceptObject {
  return {
    id: 'http://publications.europa.eu/resource/authority/file-type/PNG',
    type: 'Concept',
    inScheme: scheme(SCHEMES.fileType),
    notation: 'file-type',
    prefLabel: { en: 'PNG' },
  };
}

/** Languages of the EU language authority table (ISO 639-1 → its three-letter code, English name). */
const LANGUAGES: Record<string, [code: string, name: string]> = {
  bg: ['BUL', 'Bulgarian'], cs: ['CES', 'Czech'], da: ['DAN', 'Danish'], de: ['DEU', 'German'], el: ['ELL', 'Greek'],
  en: ['ENG', 'English'], es: ['SPA', 'Spanish'], et: ['EST', 'Estonian'], fi: ['FIN', 'Finnish'], fr: ['FRA', 'French'],
  ga: ['GLE', 'Irish'], hr: ['HRV', 'Croatian'], hu: ['HUN', 'Hungarian'], it: ['ITA', 'Italian'], lt: ['LIT', 'Lithuanian'],
  lv: ['LAV', 'Latvian'], mt: ['MLT', 'Maltese'], nl: ['NLD', 'Dutch'], pl: ['POL', 'Polish'], pt: ['POR', 'Portuguese'],
  ro: ['RON', 'Romanian'], sk: ['SLK', 'Slovak'], sl: ['SLV', 'Slovenian'], sv: ['SWE', 'Swedish'],
  is: ['ISL', 'Icelandic'], no: ['NOR', 'Norwegian'], nb: ['NOB', 'Norwegian Bokmål'], nn: ['NNO', 'Norwegian Nynorsk'],
  mk: ['MKD', 'Macedonian'], sq: ['SQI', 'Albanian'], sr: ['SRP', 'Serbian'], bs: ['BOS', 'Bosnian'], tr: ['TUR', 'Turkish'],
  uk: ['UKR', 'Ukrainian'], ca: ['CAT', 'Catalan'], eu: ['EUS', 'Basque'], gl: ['GLG', 'Galician'], lb: ['LTZ', 'Luxembourgish'],
  cy: ['CYM', 'Welsh'], ru: ['RUS', 'Russian'], ar: ['ARA', 'Arabic'], zh: ['ZHO', 'Chinese'], ja: ['JPN', 'Japanese'],
};

/** A language concept for a language tag ("en", "pt-BR"), or undefined when the EU table has no entry this package knows. */
export function languageConcept(tag: string): ConceptObject | undefined {
  const known = LANGUAGES[tag.toLowerCase().split('-')[0] ?? ''];
  if (!known) return undefined;
  return {
    id: `${SCHEMES.language}/${known[0]}`,
    type: 'Concept',
    inScheme: scheme(SCHEMES.language),
    notation: 'language',
    prefLabel: { en: known[1] },
  };
}
