import { z } from 'zod';
import { isCountryCode } from './countries.ts';
import {
  assessmentTypes,
  learningModes,
  learningSettings,
  qfEheaCycles,
  qualityAssuranceTypes,
  supervisionMethods,
} from './vocabulary.ts';

/**
 * The micro-credential input (one JSON object per credential, one CSV row, one `microcred issue` file).
 * This schema is the single source of its TypeScript type, its validation and its error messages.
 */

const required = (what: string) => (issue: { input?: unknown; code?: string; keys?: string[] }) =>
  issue.code === 'unrecognized_keys'
    ? `has fields this shape does not know: ${(issue.keys ?? []).join(', ')}`
    : issue.input === undefined
      ? `is required (${what})`
      : `must be ${what}`;

const LANGUAGE_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/;
const ABSOLUTE_IRI = /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>"{}|\\^`]+$/;
const COUNTRY = /^[A-Z]{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function isRealDate(value: string): boolean {
  const day = value.slice(0, 10);
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
}

/** Plain text (taken in the tenant's default language) or a language map {"en": "...", "de": "..."}. */
export const text = (what: string) =>
  z.union(
    [
      z.string().trim().min(1, `must not be empty (${what})`).max(10_000, 'is too long (at most 10,000 characters)'),
      z
        .record(
          z.string().regex(LANGUAGE_TAG, 'is not a language tag such as "en" or "de-AT"'),
          z.string().trim().min(1, 'must not be empty').max(10_000, 'is too long (at most 10,000 characters)'),
        )
        .refine((map) => Object.keys(map).length > 0, 'must name at least one language'),
    ],
    { error: required(`${what}: text, or a language map such as {"en": "..."}`) },
  );

export const iri = (what: string) =>
  z
    .string({ error: required(`${what}: an absolute IRI`) })
    .regex(ABSOLUTE_IRI, `must be an absolute IRI (${what}), such as https://... or urn:...`);

const country = z
  .string({ error: required('an ISO 3166-1 alpha-2 country code such as "DE"') })
  .regex(COUNTRY, 'must be an ISO 3166-1 alpha-2 country code in capitals, such as "DE"')
  .refine(isCountryCode, 'is not an ISO 3166-1 country code');

const date = (what: string) =>
  z
    .string({ error: required(`${what}: an ISO 8601 date`) })
    .regex(DATE, `must be an ISO 8601 date such as 1990-12-31 (${what})`)
    .refine(isRealDate, 'is not a real calendar date');

const dateTime = (what: string) =>
  z
    .string({ error: required(`${what}: an ISO 8601 date or date-time`) })
    .refine(
      (value) => DATE.test(value) || DATE_TIME.test(value),
      `must be an ISO 8601 date (2026-03-14) or date-time with a time zone (2026-03-14T10:00:00Z) (${what})`,
    )
    .refine(isRealDate, 'is not a real calendar date');

/** A value from a code list, or an absolute IRI of a concept from another scheme. */
const coded = <C extends string>(codes: readonly C[], what: string) =>
  z.union([z.enum(codes as [C, ...C[]]), iri(what)], {
    error: required(`${what}: one of ${codes.join(', ')}, or the IRI of a concept`),
  });

const positive = (what: string) =>
  z
    .number({ error: required(`${what}: a positive number`) })
    .positive(`must be a positive number (${what})`)
    .max(100_000, `is implausibly large (${what})`);

export const learnerSchema = z
  .strictObject(
    {
      id: iri('the learner: a DID, mailto: or URN').optional(),
      givenName: z.string().trim().min(1).max(500).optional(),
      familyName: z.string().trim().min(1).max(500).optional(),
      fullName: z.string().trim().min(1).max(1000).optional(),
      email: z.email('must be an e-mail address').optional(),
      dateOfBirth: date('date of birth').optional(),
      identifier: z.string().trim().min(1).max(500).optional(),
    },
    { error: required('the learner: an object with givenName and familyName, or fullName') },
  )
  .superRefine((learner, ctx) => {
    if (learner.fullName === undefined && (learner.givenName === undefined || learner.familyName === undefined)) {
      for (const key of ['givenName', 'familyName'] as const) {
        if (learner[key] === undefined) {
          ctx.addIssue({ code: 'custom', path: [key], message: 'is required (or give fullName)' });
        }
      }
    }
  });

const region = z.strictObject({ country, region: text('region') });

export const awardingBodySchema = z.strictObject({
  id: iri('awarding body').optional(),
  legalName: text('legal name of the awarding body'),
  country,
  legalIdentifier: z.string().trim().min(1).max(200).optional(),
  homepage: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
});

export const learningOutcomeSchema = z.strictObject({
  title: text('learning outcome'),
  relatedSkill: z.union([iri('ESCO skill'), z.array(iri('ESCO skill')).min(1)]).optional(),
});

const workload = z
  .strictObject(
    { ects: positive('ECTS credits').optional(), hours: positive('hours').optional() },
    { error: required('notional workload: {"ects": N} and/or {"hours": N}') },
  )
  .refine((w) => w.ects !== undefined || w.hours !== undefined, 'must give ects and/or hours');

const level = z.union(
  [
    z.literal('not-applicable'),
    z
      .strictObject({
        eqf: z.number().int().min(1, 'must be an EQF level from 1 to 8').max(8, 'must be an EQF level from 1 to 8').optional(),
        nqf: z
          .strictObject({
            framework: iri('national qualifications framework'),
            level: z.union([z.string().trim().min(1), z.number()]),
          })
          .optional(),
        qfEhea: z.enum(qfEheaCycles.codes as ['short-cycle', 'first', 'second', 'third']).optional(),
      })
      .refine(
        (l) => l.eqf !== undefined || l.nqf !== undefined || l.qfEhea !== undefined,
        'must give eqf, nqf and/or qfEhea (or the string "not-applicable")',
      ),
  ],
  { error: required('level: {"eqf": 1-8} and/or nqf / qfEhea, or "not-applicable"') },
);

const stackability = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('stand-alone') }),
    z.strictObject({ type: z.literal('stackable'), towards: text('what it stacks towards').optional() }),
  ],
  { error: 'must be {"type": "stand-alone"} or {"type": "stackable", "towards": ...}' },
);

export const microCredentialInputSchema = z.strictObject(
  {
    learner: learnerSchema,
    title: text('title of the micro-credential'),
    description: text('description').optional(),
    issuerCountries: z
      .array(z.union([country, region]), { error: required('countries of the issuer: a list such as ["DE"]') })
      .min(1, 'must name at least one country'),
    awardingBodies: z
      .array(awardingBodySchema, { error: required('awarding bodies: a list of {legalName, country}') })
      .min(1, 'must name at least one awarding body'),
    issued: dateTime('date of issuing').optional(),
    learningOutcomes: z
      .array(learningOutcomeSchema, { error: required('learning outcomes: a list of {title}') })
      .min(1, 'must name at least one learning outcome'),
    workload,
    level,
    assessment: z.strictObject(
      {
        type: coded(assessmentTypes.codes, 'type of assessment'),
        description: text('assessment description').optional(),
      },
      { error: required('type of assessment: {"type": ...}') },
    ),
    participation: z.strictObject(
      {
        mode: coded(learningModes.codes, 'form of participation'),
        setting: z.enum(learningSettings.codes as ['formal', 'non-formal', 'informal'], {
          error: required('learning setting: formal, non-formal or informal'),
        }),
      },
      { error: required('form of participation: {"mode": ..., "setting": ...}') },
    ),
    qualityAssurance: z.strictObject(
      {
        type: coded(qualityAssuranceTypes.codes, 'type of quality assurance'),
        description: text('quality assurance description'),
      },
      { error: required('quality assurance: {"type": ..., "description": ...}') },
    ),
    prerequisites: text('prerequisites').optional(),
    supervision: z
      .enum(supervisionMethods.codes as [string, ...string[]], {
        error: `must be one of ${supervisionMethods.codes.join(', ')}`,
      })
      .optional(),
    grade: text('grade').optional(),
    stackability: stackability.optional(),
    furtherInformation: text('further information').optional(),
    // ISO/IEC 17024 certificate elements
    certificateNumber: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[\p{L}\p{N}._\-/]+$/u, 'may hold only letters, digits and . _ - /')
      .optional(),
    placeOfIssue: text('place of issue').optional(),
    validUntil: dateTime('end of validity').optional(),
    certificationScheme: z
      .strictObject({ name: text('certification scheme'), version: z.string().trim().min(1).max(100).optional() })
      .optional(),
    scope: text('scope of certification').optional(),
    signatory: z
      .strictObject({ name: z.string().trim().min(1).max(500), role: text('role of the signatory').optional() })
      .optional(),
    recertificationOf: iri('the credential this one renews').optional(),
  },
  { error: required('a JSON object holding one micro-credential') },
);

export type MicroCredentialInput = z.infer<typeof microCredentialInputSchema>;
export type Text = string | Record<string, string>;
/** A text after normalisation: always a language map. */
export type LanguageMap = Record<string, string>;
