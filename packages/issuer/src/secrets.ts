import { randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: API tokens, claim and share tokens. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
