/**
 * EU vocabulary concepts for the input's coded values, and the project's own concept scheme for the
 * values the EU vocabularies do not (yet) cover. Every coded value of the input maps to exactly one
 * concept IRI and back, so a credential reads back into the same input.
 */

export const ELM = 'http://data.europa.eu/snb/model/elm/';
/** The project's own vocabulary, for what neither ELM nor the EU vocabularies name. */
export const MC = 'https://w3id.org/microcred/ns#';
/** The project's own concept schemes (used only where no EU concept exists). */
export const MC_CONCEPT = 'https://w3id.org/microcred/concept/';

export const EQF_LEVEL = (level: number): string => `http://data.europa.eu/snb/eqf/${level}`;
export const EQF_SCHEME = 'http://data.europa.eu/snb/eqf/25831c2';
export const ECTS = 'http://data.europa.eu/snb/education-credit/6fcec5c5af';
export const COUNTRY_AUTHORITY = 'http://publications.europa.eu/resource/authority/country/';

/** A two-way table between the input's codes and concept IRIs. */
export interface CodeList<C extends string> {
  readonly codes: readonly C[];
  toIri(code: C): string;
  fromIri(iri: string): C | undefined;
}

function codeList<C extends string>(table: Record<C, string>): CodeList<C> {
  const reverse = new Map<string, C>();
  for (const [code, iri] of Object.entries(table) as [C, string][]) reverse.set(iri, code);
  return {
    codes: Object.keys(table) as C[],
    toIri: (code) => table[code],
    fromIri: (iri) => reverse.get(iri),
  };
}

const own = (scheme: string, code: string) => `${MC_CONCEPT}${scheme}/${code}`;

/** Learning setting (EU scheme http://data.europa.eu/snb/learning-setting/25831c2 has formal and non-formal only). */
export const learningSettings = codeList({
  formal: 'http://data.europa.eu/snb/learning-setting/6fd4685715',
  'non-formal': 'http://data.europa.eu/snb/learning-setting/e207a81fc7',
  informal: own('learning-setting', 'informal'),
});
export type LearningSetting = (typeof learningSettings.codes)[number];

/** Mode of learning and assessment (EU scheme http://data.europa.eu/snb/learning-assessment/25831c2). */
export const learningModes = codeList({
  online: 'http://data.europa.eu/snb/learning-assessment/920fbb3cbe',
  blended: 'http://data.europa.eu/snb/learning-assessment/e92d221e4d',
  onsite: 'http://data.europa.eu/snb/learning-assessment/9191af2ed9', // "Presential"
  'work-based': 'http://data.europa.eu/snb/learning-assessment/729f3bed4b', // "Workbased"
});
export type LearningMode = (typeof learningModes.codes)[number];

/**
 * Supervision and identity verification (EU scheme http://data.europa.eu/snb/supervision-verification/25831c2).
 * The EU scheme does not tell online from on-site supervision with identity verification: on-site takes
 * its "Supervised with ID Verification" concept, online supervision with identity verification a concept
 * of our own. 44314532f9 is the scheme's fourth concept, whose label we infer ("Supervised without ID
 * Verification") from the other three.
 */
export const supervisionMethods = codeList({
  'unsupervised-no-id-verification': 'http://data.europa.eu/snb/supervision-verification/c598449d64',
  'supervised-no-id-verification': 'http://data.europa.eu/snb/supervision-verification/44314532f9',
  'supervised-online-with-id-verification': own('supervision-verification', 'supervised-online-with-id-verification'),
  'onsite-with-id-verification': 'http://data.europa.eu/snb/supervision-verification/70be69aaf9',
});
export type SupervisionMethod = (typeof supervisionMethods.codes)[number];

/** Type of assessment (EU scheme http://data.europa.eu/snb/assessment/25831c2). */
export const assessmentTypes = codeList({
  'written-examination': 'http://data.europa.eu/snb/assessment/6e6cb2cc78',
  'oral-examination': 'http://data.europa.eu/snb/assessment/d30284d7df',
  'marked-assignment': 'http://data.europa.eu/snb/assessment/2939dae15f',
  'continuous-evaluation': 'http://data.europa.eu/snb/assessment/3484bd7e51',
  portfolio: 'http://data.europa.eu/snb/assessment/4f03b91c0e',
  'practical-assessment': 'http://data.europa.eu/snb/assessment/6a4db9f11d',
  'project-work': 'http://data.europa.eu/snb/assessment/795dac4096',
  quiz: 'http://data.europa.eu/snb/assessment/b1b68f6735',
  'artefact-assessment': 'http://data.europa.eu/snb/assessment/de4d165a6c',
  'peer-assessment': 'http://data.europa.eu/snb/assessment/19a2e5e671',
});
export type AssessmentType = (typeof assessmentTypes.codes)[number];

/**
 * Type of quality assurance. The EU accreditation scheme (http://data.europa.eu/snb/accreditation/25831c2)
 * names institutional and programme licensing and quality assurance, not who assures (internal,
 * external): these are concepts of our own.
 */
export const qualityAssuranceTypes = codeList({
  internal: own('quality-assurance', 'internal'),
  external: own('quality-assurance', 'external'),
  'internal-and-external': own('quality-assurance', 'internal-and-external'),
  'iso-17024-certification': own('quality-assurance', 'iso-17024-certification'),
});
export type QualityAssuranceType = (typeof qualityAssuranceTypes.codes)[number];

/** Cycles of the Qualifications Framework of the European Higher Education Area. */
export const qfEheaCycles = codeList({
  'short-cycle': own('qf-ehea', 'short-cycle'),
  first: own('qf-ehea', 'first'),
  second: own('qf-ehea', 'second'),
  third: own('qf-ehea', 'third'),
});
export type QfEheaCycle = (typeof qfEheaCycles.codes)[number];

/** Subjects of the notes ELM has no dedicated property for (elm:additionalNote with dc:subject). */
export const noteSubjects = {
  stackable: own('note', 'stackable'),
  standAlone: own('note', 'stand-alone'),
  furtherInformation: own('note', 'further-information'),
  scope: own('note', 'certification-scope'),
} as const;

export const CERTIFICATE_NUMBER_SCHEME = 'Certificate number';
