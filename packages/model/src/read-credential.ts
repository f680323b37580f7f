import { countryFromIri } from './countries.ts';
import type { LanguageMap } from './input.ts';
import type { NormalizedMicroCredential } from './normalize.ts';
import {
  assessmentTypes,
  CERTIFICATE_NUMBER_SCHEME,
  ECTS,
  learningModes,
  learningSettings,
  noteSubjects,
  qfEheaCycles,
  qualityAssuranceTypes,
  supervisionMethods,
  type CodeList,
} from './vocabulary.ts';

type Json = Record<string, unknown>;

const asArray = <T = unknown>(value: unknown): T[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? (value as T[]) : [value as T];

const obj = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A language map from a compacted value: a map, a plain string (no language: "und"), or value objects. */
function map(value: unknown): LanguageMap | undefined {
  if (typeof value === 'string') return { und: value };
  if (Array.isArray(value)) {
    const out: LanguageMap = {};
    for (const v of value) {
      const o = obj(v);
      if (o && typeof o['@value'] === 'string') out[str(o['@language']) ?? 'und'] = o['@value'];
      else if (typeof v === 'string') out.und = v;
    }
    return Object.keys(out).length ? out : undefined;
  }
  const o = obj(value);
  if (!o) return undefined;
  const out: LanguageMap = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === 'string') out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

const idOf = (value: unknown): string | undefined => str(value) ?? str(obj(value)?.id);

function code<C extends string>(list: CodeList<C>, value: unknown): string | undefined {
  const iri = idOf(value);
  return iri === undefined ? undefined : (list.fromIri(iri) ?? iri);
}

function hoursOf(duration: unknown): number | undefined {
  const match = typeof duration === 'string' ? /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(duration) : null;
  if (!match || duration === 'PT') return undefined;
  const seconds = Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
  return Math.round((seconds / 3600) * 1e9) / 1e9;
}

function strip<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

function countryOfLocation(location: unknown): string | undefined {
  return countryFromIri(idOf(obj(obj(location)?.address)?.countryCode) ?? '');
}

/**
 * Reads a primary micro-credential (signed or not, or a vc+jwt payload) back into the input shape,
 * normalised (language maps, date-times, codes). Elements that are absent stay absent: the profile
 * check (`validateMicroCredentialInput`) says which mandatory ones are missing.
 */
export function readMicroCredential(credential: Json): NormalizedMicroCredential {
  const subject = obj(asArray(credential.credentialSubject)[0]) ?? {};
  const claim = obj(asArray(subject.hasClaim)[0]) ?? {};
  const spec = obj(claim.specifiedBy) ?? {};
  const awarding = obj(claim.awardedBy) ?? {};
  const assessment = obj(claim.provenBy) ?? {};
  const assessmentSpec = obj(assessment.specifiedBy) ?? {};
  const issuer = obj(credential.issuer) ?? {};
  const notes = asArray<Json>(spec.additionalNote).map(obj).filter((n): n is Json => n !== undefined);
  const noteWith = (subjectIri: string) => notes.find((n) => idOf(n.subject) === subjectIri);

  const contact = obj(subject.contactPoint);
  const email = str(idOf(contact?.emailAddress))?.replace(/^mailto:/, '');
  const learner = strip({
    id: str(subject.id),
    givenName: str(subject.givenName),
    familyName: str(subject.familyName),
    fullName: str(subject.fullName),
    email,
    dateOfBirth: str(subject.dateOfBirth),
    identifier: str(obj(subject.identifier)?.notation),
  });

  const eqf = idOf(spec.eqfLevel);
  const nqf = obj(spec.nqfLevel);
  const cycle = idOf(spec.qfEheaCycle);
  const level: NormalizedMicroCredential['level'] =
    spec.levelNotApplicable === true
      ? 'not-applicable'
      : strip({
          eqf: eqf && /\/eqf\/([1-8])$/.test(eqf) ? Number(eqf.slice(-1)) : undefined,
          nqf: nqf ? { framework: idOf(nqf.inScheme) ?? '', level: String(nqf.notation ?? '') } : undefined,
          qfEhea: cycle ? (qfEheaCycles.fromIri(cycle) as 'short-cycle' | 'first' | 'second' | 'third' | undefined) : undefined,
        });

  const credit = asArray<Json>(spec.creditPoint).map(obj).find((c) => idOf(c?.framework) === ECTS);
  const stackable = noteWith(noteSubjects.stackable);
  const scheme = obj(spec.specialisationOf);
  const signatory = obj(awarding.signatory);
  const identifier = asArray<Json>(credential.identifier)
    .map(obj)
    .find((i) => i?.schemeName === CERTIFICATE_NUMBER_SCHEME);

  return strip({
    learner: learner as NormalizedMicroCredential['learner'],
    title: map(spec.title) ?? map(claim.title) ?? map(credential.name)!,
    description: map(spec.description),
    issuerCountries: asArray(issuer.location).flatMap((location) => {
      const country = countryOfLocation(location);
      if (!country) return [];
      const region = map(obj(location)?.geographicName);
      return [region ? { country, region } : country];
    }),
    awardingBodies: asArray(awarding.awardingBody).map((b) => {
      const body = obj(b) ?? {};
      const registration = obj(body.registration);
      return strip({
        id: str(body.id),
        legalName: map(body.legalName)!,
        country: countryOfLocation(body.location) ?? countryFromIri(idOf(registration?.spatial) ?? '')!,
        legalIdentifier: str(registration?.notation),
        homepage: str(obj(body.homepage)?.contentURL),
      });
    }),
    issued: str(awarding.awardingDate) ?? str(credential.validFrom),
    learningOutcomes: asArray(spec.learningOutcome).map((o) => {
      const outcome = obj(o) ?? {};
      return strip({
        title: map(outcome.title)!,
        relatedSkill: outcome.relatedESCOSkill as string | string[] | undefined,
      });
    }),
    workload: strip({
      ects: credit ? Number(credit.point) : undefined,
      hours: hoursOf(spec.volumeOfLearning),
    }),
    level,
    assessment: strip({
      type: code(assessmentTypes, assessmentSpec.dcType)!,
      description: map(assessmentSpec.description),
    }),
    participation: {
      mode: code(learningModes, spec.mode)!,
      setting: code(learningSettings, spec.learningSetting) as 'formal' | 'non-formal' | 'informal',
    },
    qualityAssurance: {
      type: code(qualityAssuranceTypes, obj(spec.accreditation)?.dcType)!,
      description: map(obj(spec.accreditation)?.description)!,
    },
    prerequisites: map(obj(spec.entryRequirement)?.noteLiteral),
    supervision: code(supervisionMethods, assessment.idVerification),
    grade: map(obj(assessment.grade)?.noteLiteral),
    stackability: noteWith(noteSubjects.standAlone)
      ? { type: 'stand-alone' as const }
      : stackable
        ? strip({ type: 'stackable' as const, towards: map(stackable.noteLiteral) })
        : undefined,
    furtherInformation: map(noteWith(noteSubjects.furtherInformation)?.noteLiteral),
    certificateNumber: str(identifier?.notation),
    placeOfIssue: map(obj(awarding.location)?.geographicName),
    validUntil: str(credential.validUntil),
    certificationScheme: scheme ? strip({ name: map(scheme.title)!, version: str(scheme.schemeVersion) }) : undefined,
    scope: map(noteWith(noteSubjects.scope)?.noteLiteral),
    signatory: signatory ? strip({ name: str(signatory.fullName) ?? '', role: map(signatory.role) }) : undefined,
    recertificationOf: str(credential.replaces),
  }) as NormalizedMicroCredential;
}
