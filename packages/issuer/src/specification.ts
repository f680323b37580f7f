import { validateMicroCredentialInput, type MicroCredentialInput } from '@microcred/model';
import type { FieldError } from './problem.ts';

/**
 * A specification is a micro-credential without its learner (ISO/IEC 17024's
 * certification scheme): every credential of a cohort is issued against one,
 * naming the exact version. Fields that only make sense per certificate are
 * refused here, and `validFor` (an ISO 8601 period such as P5Y) lets each
 * certificate's end of validity follow from its date of issuing.
 */
export const PER_CREDENTIAL_FIELDS = ['learner', 'issued', 'certificateNumber', 'recertificationOf'] as const;

export interface SpecificationBody {
  [field: string]: unknown;
  validFor?: string;
}

const PERIOD = /^P(?:(\d{1,3})Y)?(?:(\d{1,4})M)?(?:(\d{1,5})D)?$/;
const PLACEHOLDER_LEARNER = { fullName: 'Specification placeholder' };

export function specificationIri(publicUrl: string, id: string, version: number): string {
  return `${publicUrl}/specifications/${encodeURIComponent(id)}/versions/${version}`;
}

/** Checks a specification body (the create/update request without `id`): every field but the learner's, all valid. */
export function validateSpecification(body: unknown): { ok: true; value: SpecificationBody } | { ok: false; errors: FieldError[] } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, errors: [{ path: '', message: 'must be a JSON object holding a micro-credential without its learner' }] };
  }
  const errors: FieldError[] = [];
  const spec = { ...(body as Record<string, unknown>) };
  for (const field of PER_CREDENTIAL_FIELDS) {
    if (field in spec) errors.push({ path: field, message: 'belongs to each credential, not to the specification' });
    delete spec[field];
  }
  const validFor = spec.validFor;
  delete spec.validFor;
  if (validFor !== undefined && (typeof validFor !== 'string' || !PERIOD.test(validFor) || validFor === 'P')) {
    errors.push({ path: 'validFor', message: 'must be an ISO 8601 period of years, months and/or days, such as P5Y or P2Y6M' });
  }
  const checked = validateMicroCredentialInput({ ...spec, learner: PLACEHOLDER_LEARNER });
  if (!checked.ok) errors.push(...checked.issues);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: validFor === undefined ? spec : { ...spec, validFor } };
}

/** issued + period − 1 day, as a date: a 5-year certificate issued 2026-09-01 is valid until 2031-08-31. */
export function endOfValidity(issued: string | Date, period: string): string | undefined {
  const match = PERIOD.exec(period);
  if (!match) return undefined;
  const start = new Date(typeof issued === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(issued) ? `${issued}T00:00:00Z` : issued);
  if (Number.isNaN(start.getTime())) return undefined;
  const end = new Date(
    Date.UTC(
      start.getUTCFullYear() + Number(match[1] ?? 0),
      start.getUTCMonth() + Number(match[2] ?? 0),
      start.getUTCDate() + Number(match[3] ?? 0) - 1,
    ),
  );
  return end.toISOString().slice(0, 10);
}

/**
 * The input of one credential issued against a specification: the
 * specification's fields, with the request's fields on top (top-level
 * replacement, no deep merge: a request that gives `learningOutcomes`
 * replaces the list).
 */
export function mergeWithSpecification(spec: SpecificationBody, overrides: Record<string, unknown>, now: Date): Record<string, unknown> {
  const { validFor, ...fields } = spec;
  const merged: Record<string, unknown> = { ...fields, ...overrides };
  if (merged.validUntil === undefined && typeof validFor === 'string') {
    const issued = typeof merged.issued === 'string' ? merged.issued : now;
    const until = endOfValidity(issued, validFor);
    if (until) merged.validUntil = until;
  }
  return merged;
}

export type { MicroCredentialInput };
