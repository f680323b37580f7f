/*
 * The last line of defence for logs: whatever reaches a log line (an error
 * message from a library, a field someone logged by mistake) goes through
 * here, and anything shaped like private key material is replaced. Routes
 * and storage already keep keys out of errors; this catches what they miss.
 */

const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
/** "secretKeyMultibase": "…", also inside a JSON string (escaped quotes). JWK "d" is the private scalar. */
const SECRET_FIELD = /(\\*"(?:secretKeyMultibase|privateKeyMultibase|privateKeyPem|privateKeyJwk|d)\\*"\s*:\s*\\*")[^"\\]+/g;
/** Multikey secret keys: ed25519-priv (z3u2…), p256-priv (z42t…), p384-priv (z2fa…), even without their field name. */
const SECRET_MULTIBASE = /\bz(?:3u2|42t|2fa)[1-9A-HJ-NP-Za-km-z]{36,}/g;

export const REDACTED = '[redacted]';

export function redactSecrets(text: string): string {
  return text.replace(PEM_PRIVATE_KEY, REDACTED).replace(SECRET_FIELD, `$1${REDACTED}`).replace(SECRET_MULTIBASE, REDACTED);
}
