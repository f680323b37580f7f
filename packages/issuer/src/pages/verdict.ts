import { labelOf, verdictOf, type Check, type CheckName, type CheckStatus, type VerdictLabel, type VerificationReport } from '@microcred/verifier';
import type { EffectiveStatus } from '../storage/index.ts';
import { formatDay, textsFor, type Language } from './i18n.ts';

/**
 * The verifier reads what the credential and its status lists say; only the
 * issuer's records know that a credential was renewed (superseded: its
 * status bits stay clear, so a verifier alone sees it as valid). For the
 * service's own credentials the page folds that fact in as a failed
 * revocation check whose reason says so, which the verifier's labelling
 * already turns into "Superseded by a newer credential".
 */
export function withStoreStatus(report: VerificationReport, status: EffectiveStatus | undefined): VerificationReport {
  if (status !== 'superseded' || report.label === 'Not genuine') return report;
  const reason = 'The issuer’s records show that this credential was superseded by a newer credential (it was renewed).';
  const others = report.checks.filter((check) => check.check !== 'revocation');
  const checks: Check[] = [...others, { check: 'revocation', status: 'fail', reason }];
  const order: CheckName[] = ['format', 'proof', 'issuer', 'validity', 'revocation', 'suspension', 'message', 'trust', 'profile'];
  checks.sort((a, b) => order.indexOf(a.check) - order.indexOf(b.check));
  const label = labelOf(checks);
  return {
    ...report,
    checks,
    verdict: verdictOf(checks),
    label,
    headline: textsFor('en').headlines[label],
  };
}

export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

/** The colour family of a verdict: never the only signal (the label says it in words). */
export function toneOf(label: VerdictLabel): Tone {
  switch (label) {
    case 'Valid':
      return 'good';
    case 'Suspended':
    case 'Expired':
    case 'Not yet valid':
    case 'Superseded by a newer credential':
      return 'warn';
    case 'Revoked (withdrawn)':
    case 'Not genuine':
      return 'bad';
    default:
      return 'neutral';
  }
}

export interface DescribedCheck {
  check: CheckName;
  status: CheckStatus;
  name: string;
  statusText: string;
  sentence: string;
  /** The verifier's own (English) reason, where the sentence is a translation that leaves detail out. */
  detail?: string;
}

export interface DescribedReport {
  label: string;
  headline: string;
  tone: Tone;
  untrusted: boolean;
  checks: DescribedCheck[];
}

/** The report in the reader's language: verdict, headline, and each check in plain words. */
export function describeReport(report: VerificationReport, language: Language): DescribedReport {
  const t = textsFor(language);
  const trust = report.checks.find((check) => check.check === 'trust');
  const untrusted = report.label === 'Valid' && trust?.status === 'warn';
  return {
    label: t.verdicts[report.label],
    headline: untrusted ? t.headlines.validUntrusted : t.headlines[report.label],
    tone: toneOf(report.label),
    untrusted,
    checks: report.checks.map((check) => {
      const sentence = translatedSentence(check, report, language);
      return {
        check: check.check,
        status: check.status,
        name: t.checkNames[check.check],
        statusText: t.checkStatuses[check.status],
        sentence: sentence ?? check.reason,
        // Details matter where something went wrong; a passed check says all in its sentence.
        ...(sentence !== undefined && (check.status === 'fail' || check.status === 'unknown') ? { detail: check.reason } : {}),
      };
    }),
  };
}

function translatedSentence(check: Check, report: VerificationReport, language: Language): string | undefined {
  const wording = textsFor(language).checkWording;
  if (!wording) return undefined;
  const issuer = report.issuer ?? '?';
  switch (check.check) {
    case 'validity': {
      const until = report.summary?.validUntil;
      if (check.status === 'pass') return until ? wording.validity.passUntil(formatDay(until, language)) : wording.validity.passOpen;
      if (report.label === 'Expired' || /expired/i.test(check.reason)) return wording.validity.expired(until ? formatDay(until, language) : undefined);
      if (/not valid before|not yet valid/i.test(check.reason)) return wording.validity.notYet;
      return wording.validity.other;
    }
    case 'trust':
      return check.status === 'pass' ? wording.trust.pass(issuer) : check.status === 'warn' ? wording.trust.warn(issuer) : undefined;
    case 'revocation':
      if (check.status === 'fail' && /superseded/i.test(check.reason)) return wording.revocation.superseded;
      return wording.revocation[check.status];
    case 'message': {
      // The issuer's own message stays in the issuer's words.
      const read = check.statusMessage;
      if (check.status === 'unknown') return wording.message.unknown;
      if (!read) return undefined;
      const said = read.message === undefined ? read.value : `“${read.message}” (${read.value})`;
      return check.status === 'pass' ? wording.message.pass(said) : check.status === 'warn' ? wording.message.warn(said) : undefined;
    }
    default:
      return wording[check.check][check.status];
  }
}
