import type { LanguageMap, MicroCredentialInput, Text } from './input.ts';
import {
  assessmentTypes,
  learningModes,
  qualityAssuranceTypes,
  type CodeList,
} from './vocabulary.ts';

/**
 * The input after the conventions every reader applies: a plain text becomes a language map in the
 * tenant's default language, a date becomes a date-time, a concept given by the IRI of a known code
 * becomes that code. A credential reads back into exactly this form.
 */
export interface NormalizedMicroCredential
  extends Omit<
    MicroCredentialInput,
    | 'title' | 'description' | 'awardingBodies' | 'learningOutcomes' | 'assessment' | 'participation'
    | 'qualityAssurance' | 'prerequisites' | 'grade' | 'stackability' | 'furtherInformation'
    | 'placeOfIssue' | 'certificationScheme' | 'scope' | 'signatory' | 'issuerCountries' | 'level'
  > {
  title: LanguageMap;
  description?: LanguageMap;
  issuerCountries: (string | { country: string; region: LanguageMap })[];
  awardingBodies: { id?: string; legalName: LanguageMap; country: string; legalIdentifier?: string; homepage?: string }[];
  learningOutcomes: { title: LanguageMap; relatedSkill?: string | string[] }[];
  level: 'not-applicable' | { eqf?: number; nqf?: { framework: string; level: string }; qfEhea?: 'short-cycle' | 'first' | 'second' | 'third' };
  assessment: { type: string; description?: LanguageMap };
  participation: { mode: string; setting: 'formal' | 'non-formal' | 'informal' };
  qualityAssurance: { type: string; description: LanguageMap };
  prerequisites?: LanguageMap;
  grade?: LanguageMap;
  stackability?: { type: 'stand-alone' } | { type: 'stackable'; towards?: LanguageMap };
  furtherInformation?: LanguageMap;
  placeOfIssue?: LanguageMap;
  certificationScheme?: { name: LanguageMap; version?: string };
  scope?: LanguageMap;
  signatory?: { name: string; role?: LanguageMap };
}

export function languageMap(value: Text, defaultLanguage: string): LanguageMap {
  return typeof value === 'string' ? { [defaultLanguage]: value } : { ...value };
}

/** A date alone means the start of that day for a start, the end of that day for an end (UTC). */
export function dateTimeOf(value: string, end = false): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T${end ? '23:59:59' : '00:00:00'}Z` : value;
}

function code<C extends string>(list: CodeList<C>, value: string): string {
  return list.fromIri(value) ?? value;
}

function strip<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

export function normalizeMicroCredential(input: MicroCredentialInput, defaultLanguage = 'en'): NormalizedMicroCredential {
  const map = (value: Text | undefined) => (value === undefined ? undefined : languageMap(value, defaultLanguage));
  const level = input.level;
  return strip({
    learner: strip({ ...input.learner }),
    title: map(input.title)!,
    description: map(input.description),
    issuerCountries: input.issuerCountries.map((c) =>
      typeof c === 'string' ? c : { country: c.country, region: map(c.region)! },
    ),
    awardingBodies: input.awardingBodies.map((b) => strip({ ...b, legalName: map(b.legalName)! })),
    issued: input.issued === undefined ? undefined : dateTimeOf(input.issued),
    learningOutcomes: input.learningOutcomes.map((o) => strip({ title: map(o.title)!, relatedSkill: o.relatedSkill })),
    workload: strip({ ...input.workload }),
    level:
      level === 'not-applicable'
        ? level
        : strip({
            eqf: level.eqf,
            nqf: level.nqf && { framework: level.nqf.framework, level: String(level.nqf.level) },
            qfEhea: level.qfEhea,
          }),
    assessment: strip({ type: code(assessmentTypes, input.assessment.type), description: map(input.assessment.description) }),
    participation: { mode: code(learningModes, input.participation.mode), setting: input.participation.setting },
    qualityAssurance: {
      type: code(qualityAssuranceTypes, input.qualityAssurance.type),
      description: map(input.qualityAssurance.description)!,
    },
    prerequisites: map(input.prerequisites),
    supervision: input.supervision,
    grade: map(input.grade),
    stackability:
      input.stackability === undefined
        ? undefined
        : input.stackability.type === 'stackable'
          ? strip({ type: 'stackable' as const, towards: map(input.stackability.towards) })
          : { type: 'stand-alone' as const },
    furtherInformation: map(input.furtherInformation),
    certificateNumber: input.certificateNumber,
    placeOfIssue: map(input.placeOfIssue),
    validUntil: input.validUntil === undefined ? undefined : dateTimeOf(input.validUntil, true),
    certificationScheme: input.certificationScheme && strip({
      name: map(input.certificationScheme.name)!,
      version: input.certificationScheme.version,
    }),
    scope: map(input.scope),
    signatory: input.signatory && strip({ name: input.signatory.name, role: map(input.signatory.role) }),
    recertificationOf: input.recertificationOf,
  });
}
