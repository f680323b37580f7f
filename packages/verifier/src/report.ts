import type { NormalizedMicroCredential } from '@microcred/model';

export type CheckName = 'format' | 'proof' | 'issuer' | 'validity' | 'revocation' | 'suspension' | 'message' | 'trust' | 'profile';
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'not-applicable' | 'unknown';
export type Verdict = 'valid' | 'invalid' | 'indeterminate';

export interface Check {
  check: CheckName;
  status: CheckStatus;
  /** In plain words, for the person who has to trust the answer. */
  reason: string;
  /**
   * For a `message` check that read its value: the value in hexadecimal ("0x2"), the issuer's message
   * for it, and where the issuer explains its messages (the entry's statusReference).
   */
  statusMessage?: { value: string; message?: string; statusReference?: string[] };
}

/**
 * What a person sees first (ARCHITECTURE.md "Conventions"): Valid, Suspended, Revoked (withdrawn),
 * Expired, Superseded by a newer credential, Not genuine, Could not check.
 */
export type VerdictLabel =
  | 'Valid'
  | 'Suspended'
  | 'Revoked (withdrawn)'
  | 'Expired'
  | 'Not yet valid'
  | 'Superseded by a newer credential'
  | 'Not genuine'
  | 'Could not check';

export interface VerificationReport {
  verdict: Verdict;
  label: VerdictLabel;
  /** One sentence that sums the checks up. */
  headline: string;
  checks: Check[];
  /** What the credential certifies, where it could be read. */
  summary?: CredentialSummary;
  format?: string;
  issuer?: string;
  /** For a presentation: who presented it, and one report per credential it carries. */
  holder?: string;
  credentials?: VerificationReport[];
  credentialId?: string;
  checkedAt: string;
}

export interface CredentialSummary {
  title: Record<string, string>;
  learner?: string;
  awardingBodies: { name: Record<string, string>; country: string }[];
  issuerCountries: string[];
  issued?: string;
  placeOfIssue?: Record<string, string>;
  level?: string;
  workload?: string;
  learningOutcomes: Record<string, string>[];
  assessment?: string;
  participation?: string;
  qualityAssurance?: string;
  validUntil?: string;
  certificateNumber?: string;
  /** The whole reading, for pages that show more. */
  microCredential?: NormalizedMicroCredential;
}

const ORDER: CheckName[] = ['format', 'proof', 'issuer', 'validity', 'revocation', 'suspension', 'message', 'trust', 'profile'];

export function verdictOf(checks: Check[]): Verdict {
  if (checks.some((c) => c.status === 'fail')) return 'invalid';
  if (checks.some((c) => c.status === 'unknown')) return 'indeterminate';
  return 'valid';
}

export function labelOf(checks: Check[]): VerdictLabel {
  const failed = (name: CheckName) => checks.find((c) => c.check === name && c.status === 'fail');
  if (failed('format') || failed('proof') || failed('issuer')) return 'Not genuine';
  if (failed('revocation')) return /superseded/i.test(failed('revocation')!.reason) ? 'Superseded by a newer credential' : 'Revoked (withdrawn)';
  if (failed('suspension')) return 'Suspended';
  const validity = failed('validity');
  if (validity) return /not valid before|not yet valid/i.test(validity.reason) ? 'Not yet valid' : 'Expired';
  if (checks.some((c) => c.status === 'fail')) return 'Not genuine';
  if (checks.some((c) => c.status === 'unknown')) return 'Could not check';
  return 'Valid';
}

export function sortChecks(checks: Check[]): Check[] {
  return [...checks].sort((a, b) => ORDER.indexOf(a.check) - ORDER.indexOf(b.check));
}
