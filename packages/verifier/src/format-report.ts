import type { CheckStatus, VerificationReport } from './report.ts';

const MARK: Record<CheckStatus, string> = {
  pass: 'ok  ',
  fail: 'FAIL',
  warn: 'warn',
  'not-applicable': 'n/a ',
  unknown: '??  ',
};

function text(map: Record<string, string> | undefined, language: string): string | undefined {
  if (!map) return undefined;
  return map[language] ?? map.en ?? Object.values(map)[0];
}

/** The report in words, as the CLI prints it. */
export function formatReport(report: VerificationReport, language = 'en'): string {
  const lines = [`${report.label.toUpperCase()}: ${report.headline}`, ''];
  for (const check of report.checks) lines.push(`  [${MARK[check.status]}] ${check.check.padEnd(10)} ${check.reason}`);
  const s = report.summary;
  if (s) {
    lines.push('', 'What it certifies:');
    const row = (label: string, value: string | undefined) => {
      if (value) lines.push(`  ${label.padEnd(20)} ${value}`);
    };
    row('Title', text(s.title, language));
    row('Learner', s.learner);
    row('Awarded by', s.awardingBodies.map((b) => `${text(b.name, language)} (${b.country})`).join('; '));
    row('Issuer countries', s.issuerCountries.join(', '));
    row('Date of issue', s.issued);
    row('Place of issue', text(s.placeOfIssue, language));
    row('Level', s.level);
    row('Workload', s.workload);
    s.learningOutcomes.forEach((o, i) => row(i === 0 ? 'Learning outcomes' : '', `- ${text(o, language)}`));
    row('Assessment', s.assessment);
    row('Participation', s.participation);
    row('Quality assurance', s.qualityAssurance);
    row('Valid until', s.validUntil);
    row('Certificate number', s.certificateNumber);
  }
  lines.push('', `Checked at ${report.checkedAt}.`);
  return lines.join('\n');
}
