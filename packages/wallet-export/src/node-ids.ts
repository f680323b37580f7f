import { createHash } from 'node:crypto';

/**
 * A UUID derived from a seed and a name (RFC 9562 version 8, "custom"): the same rendition id gives the
 * same node ids, so building a rendition twice gives the same JSON.
 */
export function derivedUuid(seed: string, name: string): string {
  const bytes = createHash('sha256').update(`${seed}\u0000${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Node ids in the Europass style (`urn:epass:<kind>:<uuid>`), numbered per kind, derived from the rendition id. */
export function epassIds(seed: string): (kind: string) => string {
  const counters = new Map<string, number>();
  return (kind) => {
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    return `urn:epass:${kind}:${derivedUuid(seed, `${kind}/${n}`)}`;
  };
}
