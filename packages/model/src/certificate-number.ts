import { randomInt } from 'node:crypto';

// Crockford base32 without I, L, O, U: nothing a person misreads when typing it from paper.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A certificate number that is unique (50 random bits) and traceable (the issuing body's prefix and
 * the year of issue), with a check character so a mistyped number is caught before any look-up.
 */
export function generateCertificateNumber(options: { prefix?: string; issued?: Date } = {}): string {
  const year = (options.issued ?? new Date()).getUTCFullYear();
  let body = '';
  for (let i = 0; i < 10; i++) body += ALPHABET[randomInt(32)];
  const core = `${year}-${body}`;
  return `${options.prefix ? `${options.prefix}-` : 'MC-'}${core}${checkCharacter(core)}`;
}

function checkCharacter(value: string): string {
  let sum = 0;
  for (const [i, ch] of [...value.replace(/-/g, '')].entries()) sum += (i + 1) * Math.max(0, ALPHABET.indexOf(ch));
  return ALPHABET[sum % 32]!;
}

export function hasValidCheckCharacter(certificateNumber: string): boolean {
  const match = /^(?:.+-)?(\d{4}-[0-9A-Z]{10})([0-9A-Z])$/.exec(certificateNumber);
  return match !== null && checkCharacter(match[1]!) === match[2];
}
