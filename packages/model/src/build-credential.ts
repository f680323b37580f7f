import { randomUUID } from 'node:crypto';
import { generateCertificateNumber } from './certificate-number.ts';
import { CREDENTIALS_V2, MICROCREDENTIAL_CONTEXT } from './context.ts';
import { countryIri } from './countries.ts';
import type { LanguageMap, MicroCredentialInput } from './input.ts';
import { normalizeMicroCredential, type NormalizedMicroCredential } from './normalize.ts';
import {
  assessmentTypes,
  CERTIFICATE_NUMBER_SCHEME,
  ECTS,
  EQF_LEVEL,
  learningModes,
  learningSettings,
  noteSubjects,
  qfEheaCycles,
  qualityAssuranceTypes,
  supervisionMethods,
  type CodeList,
} from './vocabulary.ts';

export type JsonObject = Record<string, unknown>;

export interface BuildOptions {
  /** The issuer (the tenant): its DID, and its name where known. */
  issuer: string | { id: string; name?: string };
  /** The credential's id; a new `urn:uuid:` when absent. */
  id?: string;
  /** The time of issuing when the input gives none. */
  now?: Date;
  /** The language of plain-text values. */
  defaultLanguage?: string;
  /** Status entries (revocation, suspension) allocated by the issuer. */
  credentialStatus?: JsonObject[];
  /** The IRI of the specification (and version) the credential was issued under. */
  specification?: string;
  /** Prefix of generated certificate numbers (the issuing body's short name). */
  certificateNumberPrefix?: string;
}

/** VC 2.0 language value objects, which generic wallets show for `name` and `description`. */
function languageValues(map: LanguageMap): { '@value': string; '@language': string }[] {
  return Object.entries(map).map(([language, value]) => ({ '@value': value, '@language': language }));
}

function concept<C extends string>(list: CodeList<C>, value: string): string {
  return (list.codes as readonly string[]).includes(value) ? list.toIri(value as C) : value;
}

function note(noteLiteral: LanguageMap, subject?: string): JsonObject {
  return subject ? { type: 'Note', subject, noteLiteral } : { type: 'Note', noteLiteral };
}

function defined(value: JsonObject): JsonObject {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}

/** xsd:duration allows a fraction only on seconds: 7.5 hours is PT7H30M, not PT7.5H. */
export function durationOfHours(hours: number): string {
  const totalSeconds = Math.round(hours * 3600 * 1000) / 1000;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds - h * 3600) / 60);
  const s = Math.round((totalSeconds - h * 3600 - m * 60) * 1000) / 1000;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

/**
 * Builds the unsigned primary credential: VC Data Model 2.0 with the EU elements under ELM terms and
 * EU vocabulary concepts (ARCHITECTURE.md, "Credential renditions" 1). `readMicroCredential` reads it back.
 */
export function buildMicroCredential(input: MicroCredentialInput, options: BuildOptions): JsonObject {
  const lang = options.defaultLanguage ?? 'en';
  const mc: NormalizedMicroCredential = normalizeMicroCredential(input, lang);
  const issued = mc.issued ?? (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const certificateNumber =
    mc.certificateNumber ?? generateCertificateNumber({ prefix: options.certificateNumberPrefix, issued: new Date(issued) });
  const issuer = typeof options.issuer === 'string' ? { id: options.issuer } : options.issuer;

  const learner = mc.learner;
  const subject: JsonObject = defined({
    id: learner.id,
    type: 'Person',
    givenName: learner.givenName,
    familyName: learner.familyName,
    fullName: learner.fullName,
    dateOfBirth: learner.dateOfBirth,
    contactPoint: learner.email ? { type: 'ContactPoint', emailAddress: `mailto:${learner.email}` } : undefined,
    identifier: learner.identifier ? { type: 'Identifier', notation: learner.identifier } : undefined,
  });

  const level = mc.level;
  const notes: JsonObject[] = [];
  if (mc.stackability?.type === 'stand-alone') notes.push({ type: 'Note', subject: noteSubjects.standAlone });
  if (mc.stackability?.type === 'stackable') {
    notes.push(mc.stackability.towards ? note(mc.stackability.towards, noteSubjects.stackable) : { type: 'Note', subject: noteSubjects.stackable });
  }
  if (mc.furtherInformation) notes.push(note(mc.furtherInformation, noteSubjects.furtherInformation));
  if (mc.scope) notes.push(note(mc.scope, noteSubjects.scope));

  const specification: JsonObject = defined({
    id: options.specification,
    type: 'LearningAchievementSpecification',
    title: mc.title,
    description: mc.description,
    learningOutcome: mc.learningOutcomes.map((o) =>
      defined({ type: 'LearningOutcome', title: o.title, relatedESCOSkill: o.relatedSkill }),
    ),
    creditPoint:
      mc.workload.ects === undefined ? undefined : { type: 'CreditPoint', framework: ECTS, point: String(mc.workload.ects) },
    volumeOfLearning: mc.workload.hours === undefined ? undefined : durationOfHours(mc.workload.hours),
    eqfLevel: level !== 'not-applicable' && level.eqf !== undefined ? EQF_LEVEL(level.eqf) : undefined,
    nqfLevel:
      level !== 'not-applicable' && level.nqf
        ? { type: 'Concept', inScheme: level.nqf.framework, notation: level.nqf.level }
        : undefined,
    qfEheaCycle: level !== 'not-applicable' && level.qfEhea ? qfEheaCycles.toIri(level.qfEhea) : undefined,
    levelNotApplicable: level === 'not-applicable' ? true : undefined,
    mode: concept(learningModes, mc.participation.mode),
    learningSetting: learningSettings.toIri(mc.participation.setting),
    accreditation: {
      type: 'Accreditation',
      dcType: concept(qualityAssuranceTypes, mc.qualityAssurance.type),
      description: mc.qualityAssurance.description,
    },
    entryRequirement: mc.prerequisites ? note(mc.prerequisites) : undefined,
    additionalNote: notes.length > 0 ? notes : undefined,
    specialisationOf: mc.certificationScheme
      ? defined({
          type: 'LearningAchievementSpecification',
          title: mc.certificationScheme.name,
          schemeVersion: mc.certificationScheme.version,
        })
      : undefined,
  });

  const awarding: JsonObject = defined({
    type: 'AwardingProcess',
    awardingBody: mc.awardingBodies.map((body) =>
      defined({
        id: body.id,
        type: 'Organisation',
        legalName: body.legalName,
        location: { type: 'Location', address: { type: 'Address', countryCode: countryIri(body.country) } },
        registration: body.legalIdentifier
          ? { type: 'LegalIdentifier', notation: body.legalIdentifier, spatial: countryIri(body.country) }
          : undefined,
        homepage: body.homepage ? { type: 'WebResource', contentURL: body.homepage } : undefined,
      }),
    ),
    awardingDate: issued,
    location: mc.placeOfIssue ? { type: 'Location', geographicName: mc.placeOfIssue } : undefined,
    signatory: mc.signatory ? defined({ type: 'Person', fullName: mc.signatory.name, role: mc.signatory.role }) : undefined,
  });

  const assessment: JsonObject = defined({
    type: 'LearningAssessment',
    specifiedBy: defined({
      type: 'LearningAssessmentSpecification',
      dcType: concept(assessmentTypes, mc.assessment.type),
      description: mc.assessment.description,
    }),
    grade: mc.grade ? note(mc.grade) : undefined,
    idVerification: mc.supervision ? concept(supervisionMethods, mc.supervision) : undefined,
  });

  subject.hasClaim = {
    type: 'LearningAchievement',
    title: mc.title,
    awardedBy: awarding,
    provenBy: assessment,
    specifiedBy: specification,
  };

  return defined({
    '@context': [CREDENTIALS_V2, MICROCREDENTIAL_CONTEXT],
    id: options.id ?? `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential', 'MicroCredential'],
    issuer: defined({
      id: issuer.id,
      name: issuer.name,
      location: mc.issuerCountries.map((c) =>
        typeof c === 'string'
          ? { type: 'Location', address: { type: 'Address', countryCode: countryIri(c) } }
          : { type: 'Location', address: { type: 'Address', countryCode: countryIri(c.country) }, geographicName: c.region },
      ),
    }),
    validFrom: issued,
    validUntil: mc.validUntil,
    expiryDate: mc.validUntil,
    name: languageValues(mc.title),
    description: mc.description ? languageValues(mc.description) : undefined,
    identifier: { type: 'Identifier', schemeName: CERTIFICATE_NUMBER_SCHEME, notation: certificateNumber },
    replaces: mc.recertificationOf,
    credentialSubject: subject,
    credentialStatus: options.credentialStatus && options.credentialStatus.length > 0 ? options.credentialStatus : undefined,
  });
}
