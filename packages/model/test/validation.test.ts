import { describe, expect, it } from 'vitest';
import { FIXTURE_NAMES, loadFixture, validateMicroCredentialInput } from '../src/index.ts';

function issuesOf(value: unknown) {
  const result = validateMicroCredentialInput(value);
  if (result.ok) throw new Error('expected the input to be refused');
  return result.issues;
}

describe('micro-credential input validation', () => {
  it.each(FIXTURE_NAMES)('accepts the example %s', (name) => {
    expect(validateMicroCredentialInput(loadFixture(name)).ok).toBe(true);
  });

  it('refuses a request missing workload, level and learning outcomes, naming all three', () => {
    const input: Record<string, unknown> = { ...loadFixture('minimal') };
    delete input.workload;
    delete input.level;
    delete input.learningOutcomes;
    const issues = issuesOf(input);
    expect(issues.map((i) => i.path).sort()).toEqual(['learningOutcomes', 'level', 'workload']);
    for (const issue of issues) expect(issue.message).toMatch(/^is required/);
  });

  it('names every missing mandatory Annex I element of an empty object', () => {
    const paths = issuesOf({}).map((i) => i.path).sort();
    expect(paths).toEqual(
      [
        'assessment', 'awardingBodies', 'issuerCountries', 'learner', 'learningOutcomes', 'level',
        'participation', 'qualityAssurance', 'title', 'workload',
      ].sort(),
    );
  });

  it('names nested fields by their path', () => {
    const input = {
      ...loadFixture('minimal'),
      learner: { givenName: 'Eero' },
      awardingBodies: [{ legalName: 'X', country: 'XX' }],
      learningOutcomes: [{ title: '' }, { title: { en: 'ok' }, relatedSkill: 'not an iri' }],
      workload: {},
      level: { eqf: 9 },
      participation: { mode: 'telepathy', setting: 'formal' },
      issued: '2026-02-30',
    };
    const issues = issuesOf(input);
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        'awardingBodies[0].country', 'issued', 'learner.familyName', 'learningOutcomes[0].title',
        'learningOutcomes[1].relatedSkill', 'level.eqf', 'participation.mode', 'workload',
      ].sort(),
    );
    expect(byPath['learner.familyName']).toBe('is required (or give fullName)');
    expect(byPath['level.eqf']).toBe('must be an EQF level from 1 to 8');
    expect(byPath.workload).toBe('must give ects and/or hours');
    expect(byPath['awardingBodies[0].country']).toBe('is not an ISO 3166-1 country code');
    expect(byPath.issued).toBe('is not a real calendar date');
  });

  it('refuses unknown fields so that nothing a user sent is silently dropped', () => {
    const issues = issuesOf({ ...loadFixture('minimal'), titel: 'typo' });
    expect(issues).toEqual([{ path: '', message: expect.stringContaining('titel') }]);
  });

  it('refuses a validity end before the date of issuing', () => {
    const issues = issuesOf({ ...loadFixture('minimal'), issued: '2026-01-02', validUntil: '2026-01-01' });
    expect(issues).toEqual([{ path: 'validUntil', message: 'must be later than the date of issuing' }]);
  });

  it('refuses bad language tags and empty language maps', () => {
    const byPath = Object.fromEntries(
      issuesOf({ ...loadFixture('minimal'), title: { 'not a tag': 'x' }, description: {} }).map((i) => [i.path, i.message]),
    );
    expect(byPath['title.not a tag']).toMatch(/language tag/);
    expect(byPath.description).toBe('must name at least one language');
  });
});
