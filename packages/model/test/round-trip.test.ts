import fc from 'fast-check';
import { microCredentialInput } from './support/micro-credential-input.ts';
import { describe, expect, it } from 'vitest';
import {
  buildMicroCredential,
  FIXTURE_NAMES,
  loadFixture,
  normalizeMicroCredential,
  readMicroCredential,
  validateMicroCredentialInput,
  type MicroCredentialInput,
} from '../src/index.ts';

const ISSUER = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';

/** What the input becomes once issued: the same, under the reading conventions, with what the issuer adds. */
function expected(input: MicroCredentialInput, credential: Record<string, unknown>) {
  const normalized = normalizeMicroCredential(input, 'en');
  const read = readMicroCredential(credential);
  return { normalized: { ...normalized, issued: normalized.issued ?? read.issued, certificateNumber: normalized.certificateNumber ?? read.certificateNumber }, read };
}

describe('input → credential → input', () => {
  it.each(FIXTURE_NAMES)('is lossless for the example %s', (name) => {
    const input = loadFixture(name);
    const credential = buildMicroCredential(input, { issuer: ISSUER, now: new Date('2026-11-01T12:00:00Z') });
    const { normalized, read } = expected(input, credential);
    expect(read).toEqual(normalized);
    // The credential reads back into an input that is itself valid and builds the same credential.
    expect(validateMicroCredentialInput(read).ok).toBe(true);
    expect(buildMicroCredential(read, { issuer: ISSUER, id: credential.id as string })).toEqual(credential);
  });

  it('gives every credential a urn:uuid id, the v2 context first and a generated certificate number', () => {
    const credential = buildMicroCredential(loadFixture('minimal'), { issuer: { id: ISSUER, name: 'Esimerkki' } });
    expect(credential.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((credential['@context'] as unknown[])[0]).toBe('https://www.w3.org/ns/credentials/v2');
    expect(readMicroCredential(credential).certificateNumber).toMatch(/^MC-\d{4}-[0-9A-Z]{11}$/);
    expect(credential.issuer).toMatchObject({ id: ISSUER, name: 'Esimerkki' });
  });

  it('is lossless for generated micro-credentials', () => {
    const input = microCredentialInput;

    fc.assert(
      fc.property(input, (value) => {
        expect(validateMicroCredentialInput(value).ok).toBe(true);
        const credential = buildMicroCredential(value, { issuer: ISSUER });
        const { normalized, read } = expected(value, credential);
        expect(read).toEqual(normalized);
      }),
      { numRuns: 300 },
    );
  });
});

describe('workload in hours', () => {
  it('is written as a valid xsd:duration (a fraction only on seconds) and read back', async () => {
    const { durationOfHours } = await import('../src/build-credential.ts');
    expect(durationOfHours(60)).toBe('PT60H');
    expect(durationOfHours(7.5)).toBe('PT7H30M');
    expect(durationOfHours(0.25)).toBe('PT15M');
    expect(durationOfHours(1.0001)).toBe('PT1H0.36S');
    for (const hours of [60, 7.5, 0.25, 1.0001, 1500]) {
      const credential = buildMicroCredential({ ...loadFixture('minimal'), workload: { hours } }, { issuer: ISSUER });
      expect(readMicroCredential(credential).workload.hours).toBe(hours);
    }
  });
});
