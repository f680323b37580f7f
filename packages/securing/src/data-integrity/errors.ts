import { ErrorCodes, describeError, findSecuringError } from '../errors.ts';
import type { ProofError } from '../types.ts';

/**
 * Turns jsonld-signatures' results (errors nested in `error` — one or an
 * array — and in per-proof results) into coded ProofErrors.
 */
export function proofErrors(
  result: Digitalbazaar.VerificationResult,
  mismatchCode: string = ErrorCodes.ISSUER_MISMATCH,
): ProofError[] {
  const raw: unknown[] = [];
  const push = (error: unknown): void => {
    if (Array.isArray(error)) error.forEach(push);
    // jsonld-signatures' VerificationError ("Verification error(s).") only
    // wraps the real errors.
    else if (Array.isArray((error as { errors?: unknown })?.errors)) push((error as { errors: unknown[] }).errors);
    else if (error) raw.push(error);
  };
  push(result.error);
  for (const proofResult of result.results ?? []) {
    push(proofResult.error);
    push(proofResult.purposeResult?.error);
  }
  const errors: ProofError[] = [];
  const seen = new Set<string>();
  for (const error of raw) {
    const entry = toProofError(error, mismatchCode);
    const key = `${entry.code}\u0000${entry.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(entry);
  }
  if (!result.verified && errors.length === 0) {
    errors.push({ code: ErrorCodes.PROOF_INVALID, message: 'The proof did not verify.' });
  }
  return errors;
}

export function toProofError(error: unknown, mismatchCode: string = ErrorCodes.ISSUER_MISMATCH): ProofError {
  const coded = findSecuringError(error);
  if (coded) return { code: coded.code, message: coded.message };
  const message = describeError(error);
  if (/issuer must match the verification method controller|not authorized by controller/i.test(message)) {
    return { code: mismatchCode, message };
  }
  if (/^jsonld\./.test((error as { name?: string })?.name ?? '') || /safe mode/i.test(message)) {
    return { code: ErrorCodes.CREDENTIAL_INVALID, message };
  }
  return { code: ErrorCodes.PROOF_INVALID, message };
}
