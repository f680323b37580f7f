import type { z } from 'zod';
import { microCredentialInputSchema, type MicroCredentialInput } from './input.ts';

/** One failing field: `path` as a user writes it (`learningOutcomes[0].title`), and what is wrong. */
export interface FieldIssue {
  path: string;
  message: string;
}

export class InvalidInputError extends Error {
  readonly code = 'ERR_INVALID_MICRO_CREDENTIAL';
  constructor(readonly issues: FieldIssue[]) {
    super(
      `The micro-credential is not valid: ${issues.map((i) => `${i.path || '(the whole input)'} ${i.message}`).join('; ')}`,
    );
    this.name = 'InvalidInputError';
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

type Issue = z.core.$ZodIssue;

/**
 * zod reports a failing union once, with each branch's issues nested. When exactly one branch got
 * past the type check (the user clearly meant that form), its own issues say more than the union's.
 */
function flatten(issues: readonly Issue[], base: readonly PropertyKey[], out: FieldIssue[]): void {
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const meant = issue.errors.filter(
        (branch) => branch.length > 0 && !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0) &&
          !branch.some((i) => i.code === 'invalid_value' && i.path.length === 0),
      );
      if (meant.length === 1) {
        flatten(meant[0]!, path, out);
        continue;
      }
    }
    if (issue.code === 'invalid_key' && issue.issues.length > 0) {
      flatten(issue.issues, path, out);
      continue;
    }
    out.push({ path: formatPath(path), message: issue.message });
  }
}

export type ValidationResult =
  | { ok: true; value: MicroCredentialInput }
  | { ok: false; issues: FieldIssue[] };

/** Checks a micro-credential input and names every missing or invalid field by its path. */
export function validateMicroCredentialInput(value: unknown): ValidationResult {
  const result = microCredentialInputSchema.safeParse(value);
  const issues: FieldIssue[] = [];
  if (!result.success) flatten(result.error.issues, [], issues);
  else {
    const input = result.data;
    if (input.issued && input.validUntil && Date.parse(input.validUntil) <= Date.parse(input.issued)) {
      issues.push({ path: 'validUntil', message: 'must be later than the date of issuing' });
    }
  }
  if (issues.length > 0 || !result.success) {
    // Keep one message per path and message, in the order the user wrote the fields.
    const seen = new Set<string>();
    return {
      ok: false,
      issues: issues.filter((i) => {
        const key = `${i.path}\u0000${i.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      }),
    };
  }
  return { ok: true, value: result.data };
}

/** Like validateMicroCredentialInput, but throws InvalidInputError listing every issue. */
export function parseMicroCredentialInput(value: unknown): MicroCredentialInput {
  const result = validateMicroCredentialInput(value);
  if (!result.ok) throw new InvalidInputError(result.issues);
  return result.value;
}
