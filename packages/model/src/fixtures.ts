import { readFileSync } from 'node:fs';
import type { MicroCredentialInput } from './input.ts';

/** Example micro-credentials of the project's own, for tests, the demo data and benchmarks. */
export const FIXTURE_NAMES = ['digital-skills-bootcamp', 'crane-operator-certificate', 'minimal'] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

export function fixturePath(name: FixtureName): string {
  return new URL(`../fixtures/${name}.json`, import.meta.url).pathname;
}

export function loadFixture(name: FixtureName): MicroCredentialInput {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as MicroCredentialInput;
}
