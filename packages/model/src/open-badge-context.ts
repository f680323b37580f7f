import { MICROCREDENTIAL_CONTEXT } from './context.ts';

export const OPEN_BADGES_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

type TermDefinition = string | Record<string, unknown>;

/** The terms of the primary credential's ELM context that an Open Badge uses, with their definitions unchanged. */
const ELM_TERMS = [
  'elm', 'dc', 'skos', 'foaf', 'rov', 'adms', 'xsd', 'mc',
  'Person', 'LearningAchievementSpecification', 'AwardingProcess', 'Organisation', 'Location', 'LegalIdentifier',
  'Identifier', 'WebResource', 'LearningOutcome', 'CreditPoint', 'LearningAssessment',
  'LearningAssessmentSpecification', 'Accreditation', 'Note', 'Concept',
  'title', 'specifiedBy', 'specialisationOf', 'schemeVersion', 'awardedBy', 'awardingBody', 'awardingDate',
  'address', 'countryCode', 'geographicName', 'legalName', 'registration', 'spatial', 'notation', 'homepage',
  'contentURL', 'learningOutcome', 'relatedESCOSkill', 'creditPoint', 'framework', 'point', 'volumeOfLearning',
  'eqfLevel', 'nqfLevel', 'qfEheaCycle', 'levelNotApplicable', 'inScheme', 'mode', 'learningSetting', 'dcType',
  'idVerification', 'grade', 'noteLiteral', 'subject', 'entryRequirement', 'additionalNote', 'identifier',
  'schemeName', 'fullName', 'signatory', 'role', 'replaces',
] as const;

function term(name: string): TermDefinition {
  const definition = MICROCREDENTIAL_CONTEXT[name];
  if (definition === undefined) throw new Error(`The ELM context has no term ${name}.`);
  return definition as TermDefinition;
}

/** ELM's language-tagged `description` (the VC 2.0 and OB 3.0 contexts protect `description` as schema:description). */
const ELM_DESCRIPTION = ((MICROCREDENTIAL_CONTEXT.hasClaim as { '@context': Record<string, unknown> })['@context']).description;

/**
 * The inline context of the Open Badges rendition, third after VC 2.0 and OB 3.0.3: the ELM terms for the
 * EU elements OB 3.0 has no field for, with the same IRIs as in the primary credential.
 *
 * It is not the primary credential's context as is: that one is `@protected` and defines `Address`, which OB 3.0.3
 * protects (a protected term redefinition error), and `identifier`, `givenName`, `dateOfBirth`, `role`, which
 * OB's type-scoped contexts (AchievementSubject, Profile) define. This one is not protected, so inside an OB
 * typed node OB's own terms apply; where ELM needs a name OB protects, a property-scoped context (which may
 * override protected terms) maps it: `description` under `accreditation` and `provenBy`, `Address` under `location`.
 * The achievement's own ELM description (a language map, beside OB's one-language `description`) is the
 * compact IRI `dc:description`, a term JSON-LD 1.1 allows when it expands to the IRI it spells.
 */
export const OPEN_BADGE_ELM_CONTEXT: Readonly<Record<string, unknown>> = Object.freeze({
  '@version': 1.1,
  ...Object.fromEntries(ELM_TERMS.map((name) => [name, term(name)])),
  'dc:description': ELM_DESCRIPTION,
  location: { ...(term('location') as object), '@context': { Address: term('Address') } },
  accreditation: { ...(term('accreditation') as object), '@context': { description: ELM_DESCRIPTION } },
  provenBy: { ...(term('provenBy') as object), '@context': { description: ELM_DESCRIPTION } },
});
