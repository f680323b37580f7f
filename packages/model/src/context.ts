import { readFileSync } from 'node:fs';

export const CREDENTIALS_V2 = 'https://www.w3.org/ns/credentials/v2';

/**
 * The ELM terms, as an inline context placed after the VC 2.0 context in every primary credential.
 * Inline, so that a verifier holding only the standard contexts and no network can process and
 * verify the credential (see packages/model/README.md). The file in contexts/ is the one source.
 */
export const MICROCREDENTIAL_CONTEXT: Readonly<Record<string, unknown>> = deepFreeze(
  (JSON.parse(readFileSync(new URL('../../../contexts/microcredential-v1.jsonld', import.meta.url), 'utf8')) as {
    '@context': Record<string, unknown>;
  })['@context'],
);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
