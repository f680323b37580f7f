import { readMicroCredential, type NormalizedMicroCredential } from '@microcred/model';
import type { CredentialSummary } from './report.ts';

function pick(map: Record<string, string> | undefined, language: string): string | undefined {
  if (!map) return undefined;
  return map[language] ?? map.en ?? Object.values(map)[0];
}

/** A readable account of what a micro-credential certifies (English words; pages translate). */
export function summarize(credential: Record<string, unknown>, language = 'en'): CredentialSummary | undefined {
  let mc: NormalizedMicroCredential;
  try {
    mc = readMicroCredential(credential);
  } catch {
    return undefined;
  }
  if (!mc.title) return undefined;
  const learner = mc.learner ?? {};
  const level = mc.level;
  const levelText =
    level === undefined
      ? undefined
      : level === 'not-applicable'
        ? 'Not applicable'
        : [
            level.eqf !== undefined ? `EQF level ${level.eqf}` : undefined,
            level.nqf ? `national framework level ${level.nqf.level}` : undefined,
            level.qfEhea ? `QF-EHEA ${level.qfEhea} cycle` : undefined,
          ]
            .filter(Boolean)
            .join(', ');
  const workload = mc.workload
    ? [
        mc.workload.ects !== undefined ? `${mc.workload.ects} ECTS credits` : undefined,
        mc.workload.hours !== undefined ? `${mc.workload.hours} hours` : undefined,
      ]
        .filter(Boolean)
        .join(', ')
    : undefined;
  return {
    title: mc.title,
    learner: learner.fullName ?? ([learner.givenName, learner.familyName].filter(Boolean).join(' ') || undefined),
    awardingBodies: (mc.awardingBodies ?? []).map((b) => ({ name: b.legalName, country: b.country })),
    issuerCountries: (mc.issuerCountries ?? []).map((c) => (typeof c === 'string' ? c : `${c.country} (${pick(c.region, language)})`)),
    issued: mc.issued,
    placeOfIssue: mc.placeOfIssue,
    level: levelText || undefined,
    workload: workload || undefined,
    learningOutcomes: (mc.learningOutcomes ?? []).map((o) => o.title),
    assessment: mc.assessment ? [mc.assessment.type, pick(mc.assessment.description, language)].filter(Boolean).join(': ') : undefined,
    participation: mc.participation ? `${mc.participation.mode}, ${mc.participation.setting} learning` : undefined,
    qualityAssurance: mc.qualityAssurance
      ? [mc.qualityAssurance.type, pick(mc.qualityAssurance.description, language)].filter(Boolean).join(': ')
      : undefined,
    validUntil: mc.validUntil,
    certificateNumber: mc.certificateNumber,
    microCredential: mc,
  };
}
