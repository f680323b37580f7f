import { vocabulary, type LanguageMap, type NormalizedMicroCredential } from '@microcred/model';
import { WalletExportError, WalletExportErrorCodes } from '../errors.ts';
import { epassIds } from '../node-ids.ts';
import { PRIMARY_CREDENTIAL_SCHEME } from '../open-badge/build.ts';
import {
  asLanguageMap,
  checkRenditionOptions,
  defined,
  issuedOf,
  renditionLanguage,
  type JsonObject,
  type RenditionIssuer,
  type RenditionOptions,
} from '../options.ts';
import {
  concept,
  conceptLabel,
  countryConcept,
  EDC_NOTE_SUBJECTS,
  escoSkillConcept,
  languageConcept,
  nqfLevelConcept,
  pngFileType,
  type ConceptObject,
} from './concepts.ts';

export const EDC_CONTEXTS = ['https://www.w3.org/2018/credentials/v1', 'http://data.europa.eu/snb/model/context/edc-ap'] as const;
/** The SHACL shapes a Europass credential names as its schema (edc-generic-full imports edc-generic-no-cv). */
export const EDC_SCHEMA = { id: 'http://data.europa.eu/snb/model/ap/edc-generic-full', type: 'ShaclValidator2017' } as const;
const GENERIC_PROFILE = 'http://data.europa.eu/snb/credential/e34929035b';
const BASE64 = 'http://data.europa.eu/snb/encoding/6146cde7dd';
const ESCO = 'http://data.europa.eu/esco/';

/** The issuer's eIDAS identifier: the organisation identifier of its e-seal certificate. */
export type EidasIdentifier = string | { notation: string; country: string };

export interface EuropassOptions extends Omit<RenditionOptions, 'credentialStatus'> {
  issuer: RenditionIssuer & {
    /**
     * The organisation identifier of the issuer's qualified e-seal certificate (ETSI EN 319 412-1 semantics
     * identifier such as "VATES-A00000000", whose letters 4–5 give the country), or `{notation, country}`.
     * The Europass wallet checks that it matches the seal.
     */
    eidasIdentifier: EidasIdentifier;
  };
  /** The certificate as a PNG (one page), shown by Europass: the shapes require a display image. */
  displayImagePng: Uint8Array;
}

function invalid(message: string): never {
  throw new WalletExportError(WalletExportErrorCodes.INVALID_OPTIONS, message);
}

/** `{notation, country}` of the eIDAS identifier, reading the country from an ETSI semantics identifier. */
function eidasIdentifierOf(value: EidasIdentifier): { notation: string; country: string } {
  if (typeof value === 'object' && value !== null && typeof value.notation === 'string' && /^[A-Z]{2}$/.test(value.country)) {
    return value;
  }
  if (typeof value === 'string') {
    // ETSI EN 319 412-1 §5.1.4: three letters for the type (VAT, NTR, PSD, LEI...), two for the country, then "-" or ":".
    const match = /^[A-Z]{3}([A-Z]{2})[-:].+$/.exec(value);
    if (match && match[1] !== 'XG') return { notation: value, country: match[1]! };
  }
  return invalid(
    'options.issuer.eidasIdentifier must be the organisation identifier of the e-seal certificate, such as "VATES-A00000000" ' +
      `(ETSI EN 319 412-1), or {notation, country} with an ISO 3166-1 alpha-2 country; got ${JSON.stringify(value)}.`,
  );
}

function checkEuropassOptions(options: EuropassOptions): void {
  checkRenditionOptions(options);
  if ((options as RenditionOptions).credentialStatus !== undefined) {
    invalid('options.credentialStatus is not allowed: a Europass EDC carries no status entry (its status is confirmed by the issuer\'s register).');
  }
  if (!(options.displayImagePng instanceof Uint8Array) || options.displayImagePng.length === 0) {
    invalid('options.displayImagePng must hold the PNG of the certificate: the EDC shapes require a display image.');
  }
  const png = options.displayImagePng;
  if (!(png[0] === 0x89 && png[1] === 0x50 && png[2] === 0x4e && png[3] === 0x47)) {
    invalid('options.displayImagePng is not a PNG file (it must start with the PNG signature).');
  }
  eidasIdentifierOf(options.issuer.eidasIdentifier);
}

function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The concept IRI of a code of the model's vocabulary; an IRI given in its place stays as it is. */
function iriOf<C extends string>(list: vocabulary.CodeList<C>, value: string): string {
  return (list.codes as readonly string[]).includes(value) ? list.toIri(value as C) : value;
}

/**
 * Hours as an xsd:duration. Only the seconds of an xsd:duration may have a fraction, so 7.5 hours is
 * PT7H30M, not PT7.5H (which the shapes' datatype check rejects).
 */
export function durationOfHours(hours: number): string {
  const seconds = Math.round(hours * 3600);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h > 0 || (m === 0 && s === 0) ? `${h}H` : ''}${m > 0 ? `${m}M` : ''}${s > 0 ? `${s}S` : ''}`;
}

/** A date as xsd:dateTime (the shapes want date-times, also for the date of birth). */
function dateTime(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
}

/**
 * Builds the unsigned Europass EDC rendition (VC 1.1 + `edc-ap`, type EuropeanDigitalCredential) of an issued
 * micro-credential, to the structure of the official micro-credential sample and valid against the
 * `edc-generic-full` and `edc-generic-no-cv` SHACL shapes. It carries no `credentialStatus`: a Europass
 * credential's status is confirmed at the issuer's register. Seal it with `sealJades`.
 */
export function buildEuropassCredential(mc: NormalizedMicroCredential, options: EuropassOptions): JsonObject {
  checkEuropassOptions(options);
  const issued = issuedOf(mc);
  const language = renditionLanguage(mc, options);
  const id = epassIds(options.id);

  const primaryLanguage = languageConcept(language);
  if (!primaryLanguage) {
    invalid(`options.language (or the title's first language) "${language}" is not a language this package can name in the EU language table.`);
  }
  const note = (noteLiteral: LanguageMap, subject?: string): JsonObject =>
    defined({ id: id('note'), type: 'Note', noteLiteral, subject: subject ? concept(subject) : undefined });
  const englishLabel = (iri: string): LanguageMap => ({ en: conceptLabel(iri) ?? concept(iri).prefLabel?.en ?? iri });
  const location = (alpha2: string, geographicName?: LanguageMap): JsonObject =>
    defined({
      id: id('location'),
      type: 'Location',
      geographicName,
      address: { id: id('address'), type: 'Address', countryCode: countryConcept(alpha2) },
    });
  const legalIdentifier = (notation: string, alpha2: string): JsonObject => ({
    id: id('legalIdentifier'),
    type: 'LegalIdentifier',
    notation,
    spatial: countryConcept(alpha2),
  });
  const webResource = (url: string): JsonObject => ({ id: id('webResource'), type: 'WebResource', contentURL: url });

  // The awarding bodies (one object each, repeated wherever the process appears, as the sample does).
  const awardingBodies = mc.awardingBodies.map((body) =>
    defined({
      id: body.id ?? id('org'),
      type: 'Organisation',
      legalName: body.legalName,
      location: [location(body.country)],
      registration: body.legalIdentifier ? legalIdentifier(body.legalIdentifier, body.country) : undefined,
      homepage: body.homepage ? [webResource(body.homepage)] : undefined,
    }),
  );
  const firstIssuerCountry = (() => {
    const first = mc.issuerCountries[0];
    return typeof first === 'string' ? first : first!.country;
  })();
  const signatory = mc.signatory;
  const awardingProcess = defined({
    id: id('awardingProcess'),
    type: 'AwardingProcess',
    awardingBody: awardingBodies,
    awardingDate: issued,
    // A Location needs an address with a country; the place of issue is taken to be in the issuer's (first) country.
    location: mc.placeOfIssue ? location(firstIssuerCountry, mc.placeOfIssue) : undefined,
    additionalNote: signatory
      ? [
          note(
            signatory.role
              ? Object.fromEntries(Object.entries(signatory.role).map(([lang, role]) => [lang, `${signatory.name}, ${role}`]))
              : { [language]: signatory.name },
            EDC_NOTE_SUBJECTS.signatory,
          ),
        ]
      : undefined,
  });

  // The assessment: its specification always; the learner's assessment (which the shapes require to have a
  // grade) only when there is a grade.
  const assessmentType = iriOf(vocabulary.assessmentTypes, mc.assessment.type);
  const assessmentSpecification = defined({
    id: id('learningAssessmentSpec'),
    type: 'LearningAssessmentSpecification',
    title: englishLabel(assessmentType),
    dcType: concept(assessmentType),
    description: mc.assessment.description,
  });
  const supervision = mc.supervision ? iriOf(vocabulary.supervisionMethods, mc.supervision) : undefined;
  const learnerAssessment = mc.grade
    ? defined({
        id: id('learningAssessment'),
        type: 'LearningAssessment',
        title: englishLabel(assessmentType),
        grade: note(mc.grade),
        idVerification: supervision ? concept(supervision) : undefined,
        awardedBy: awardingProcess,
        specifiedBy: assessmentSpecification,
      })
    : undefined;

  // What the shapes give no property for (or only one restricted to an EU vocabulary the value is not in)
  // travels as notes whose subject says what they are about.
  const notes: JsonObject[] = [];
  const qaType = iriOf(vocabulary.qualityAssuranceTypes, mc.qualityAssurance.type);
  // An EDC Accreditation needs an accrediting agent and a type from the EU accreditation scheme: neither is known here.
  notes.push(note(mc.qualityAssurance.description, qaType));
  const level = mc.level;
  if (level === 'not-applicable') notes.push(note(englishLabel(EDC_NOTE_SUBJECTS.levelNotApplicable), EDC_NOTE_SUBJECTS.levelNotApplicable));
  if (level !== 'not-applicable' && level.qfEhea) {
    const cycle = vocabulary.qfEheaCycles.toIri(level.qfEhea);
    notes.push(note(englishLabel(cycle), cycle));
  }
  if (mc.participation.setting === 'informal') {
    const informal = vocabulary.learningSettings.toIri('informal');
    notes.push(note(englishLabel(informal), informal));
  }
  if (supervision && !learnerAssessment) notes.push(note(englishLabel(supervision), supervision));
  if (mc.stackability?.type === 'stand-alone') notes.push(note(englishLabel(vocabulary.noteSubjects.standAlone), vocabulary.noteSubjects.standAlone));
  if (mc.stackability?.type === 'stackable') {
    notes.push(note(mc.stackability.towards ?? englishLabel(vocabulary.noteSubjects.stackable), vocabulary.noteSubjects.stackable));
  }
  if (mc.furtherInformation) notes.push(note(mc.furtherInformation, vocabulary.noteSubjects.furtherInformation));
  if (mc.scope) notes.push(note(mc.scope, vocabulary.noteSubjects.scope));

  const mode = iriOf(vocabulary.learningModes, mc.participation.mode);
  const qualification = defined({
    id: id('qualification'),
    type: 'Qualification',
    title: mc.title,
    description: mc.description,
    learningOutcome: mc.learningOutcomes.map((outcome) => {
      const skills = asList(outcome.relatedSkill);
      const esco = skills.filter((s) => s.startsWith(ESCO));
      const other = skills.filter((s) => !s.startsWith(ESCO));
      return defined({
        id: id('learningOutcome'),
        type: 'LearningOutcome',
        title: outcome.title,
        relatedESCOSkill: esco.length > 0 ? esco.map(escoSkillConcept) : undefined,
        relatedSkill: other.length > 0 ? other.map(concept) : undefined,
      });
    }),
    creditPoint:
      mc.workload.ects === undefined
        ? undefined
        : [{ id: id('creditPoint'), type: 'CreditPoint', framework: concept(vocabulary.ECTS), point: String(mc.workload.ects) }],
    volumeOfLearning: mc.workload.hours === undefined ? undefined : durationOfHours(mc.workload.hours),
    eqfLevel: level !== 'not-applicable' && level.eqf !== undefined ? concept(vocabulary.EQF_LEVEL(level.eqf)) : undefined,
    nqfLevel: level !== 'not-applicable' && level.nqf ? [nqfLevelConcept(id('concept'), level.nqf.framework, level.nqf.level)] : undefined,
    mode: [concept(mode)],
    learningSetting: mc.participation.setting === 'informal' ? undefined : concept(vocabulary.learningSettings.toIri(mc.participation.setting)),
    entryRequirement: mc.prerequisites ? note(mc.prerequisites) : undefined,
    provenBy: [assessmentSpecification],
    specialisationOf: mc.certificationScheme
      ? [
          defined({
            id: id('qualification'),
            type: 'Qualification',
            title: mc.certificationScheme.name,
            identifier: mc.certificationScheme.version
              ? [{ id: id('identifier'), type: 'Identifier', schemeName: 'Certification scheme version', notation: mc.certificationScheme.version }]
              : undefined,
          }),
        ]
      : undefined,
    additionalNote: notes,
  });

  const learner = mc.learner;
  const names = (value: string | undefined) => (value === undefined ? undefined : { [language]: value });
  const credentialSubject = defined({
    id: learner.id ?? id('person'),
    type: 'Person',
    givenName: names(learner.givenName),
    familyName: names(learner.familyName),
    fullName: names(learner.fullName ?? [learner.givenName, learner.familyName].filter(Boolean).join(' ')),
    dateOfBirth: learner.dateOfBirth ? dateTime(learner.dateOfBirth) : undefined,
    identifier: learner.identifier ? [{ id: id('identifier'), type: 'Identifier', notation: learner.identifier }] : undefined,
    contactPoint: learner.email
      ? [{ id: id('contactPoint'), type: 'ContactPoint', emailAddress: [{ id: `mailto:${learner.email}`, type: 'Mailbox' }] }]
      : undefined,
    hasClaim: [
      defined({
        id: id('learningAchievement'),
        type: 'LearningAchievement',
        title: mc.title,
        description: mc.description,
        awardedBy: awardingProcess,
        provenBy: learnerAssessment ? [learnerAssessment] : undefined,
        specifiedBy: qualification,
        additionalNote: mc.recertificationOf ? [note({ [language]: mc.recertificationOf }, EDC_NOTE_SUBJECTS.renews)] : undefined,
      }),
    ],
  });

  const eidas = eidasIdentifierOf(options.issuer.eidasIdentifier);
  const issuer = defined({
    id: options.issuer.id,
    type: 'Organisation',
    legalName: asLanguageMap(options.issuer.name, language),
    location: mc.issuerCountries.map((c) => (typeof c === 'string' ? location(c) : location(c.country, c.region))),
    eIDASIdentifier: legalIdentifier(eidas.notation, eidas.country),
    homepage: options.issuer.url ? [webResource(options.issuer.url)] : undefined,
  });

  const displayLanguages = Object.keys(mc.title)
    .map(languageConcept)
    .filter((c): c is ConceptObject => c !== undefined);
  if (!displayLanguages.some((c) => c.id === primaryLanguage.id)) displayLanguages.unshift(primaryLanguage);
  const displayParameter = {
    id: id('displayParameter'),
    type: 'DisplayParameter',
    title: mc.title,
    language: displayLanguages,
    primaryLanguage,
    individualDisplay: [
      {
        id: id('individualDisplay'),
        type: 'IndividualDisplay',
        language: primaryLanguage,
        displayDetail: [
          {
            id: id('displayDetail'),
            type: 'DisplayDetail',
            image: {
              id: id('mediaObject'),
              type: 'MediaObject',
              content: Buffer.from(options.displayImagePng).toString('base64'),
              contentEncoding: concept(BASE64),
              contentType: pngFileType(),
            },
            page: 1,
          },
        ],
      },
    ],
  };

  const identifiers: JsonObject[] = [];
  if (mc.certificateNumber) {
    identifiers.push({ id: id('identifier'), type: 'Identifier', schemeName: vocabulary.CERTIFICATE_NUMBER_SCHEME, notation: mc.certificateNumber });
  }
  identifiers.push({ id: id('identifier'), type: 'Identifier', schemeName: PRIMARY_CREDENTIAL_SCHEME, notation: options.primaryCredentialId });

  return defined({
    '@context': [...EDC_CONTEXTS],
    id: options.id,
    type: ['VerifiableCredential', 'EuropeanDigitalCredential'],
    credentialProfiles: [concept(GENERIC_PROFILE)],
    credentialSchema: [{ ...EDC_SCHEMA }],
    identifier: identifiers,
    issuer,
    issuanceDate: issued,
    issued,
    validFrom: issued,
    validUntil: mc.validUntil,
    expirationDate: mc.validUntil,
    credentialSubject,
    displayParameter,
  });
}
