import type { FC } from 'hono/jsx';
import type { VerificationReport } from '@microcred/verifier';
import { CredentialFacts, LearningOutcomes, Localized, pickText } from './credential-facts.tsx';
import { formatMoment, textsFor, type Language } from './i18n.ts';
import { Layout, withLanguage } from './layout.tsx';
import { describeReport, type DescribedCheck, type Tone } from './verdict.ts';

const STATUS_MARK: Record<DescribedCheck['status'], string> = {
  pass: '✓',
  fail: '✕',
  warn: '!',
  'not-applicable': '–',
  unknown: '?',
};

const VerdictIcon: FC<{ tone: Tone }> = ({ tone }) => (
  <svg class="verdict__icon" viewBox="0 0 48 48" width="48" height="48" aria-hidden="true" focusable="false">
    <circle cx="24" cy="24" r="22" fill="currentColor" />
    {tone === 'good' && <path d="m14 24.5 7 7 13-14" fill="none" stroke="#ffffff" stroke-width="4.5" stroke-linecap="round" stroke-linejoin="round" />}
    {tone === 'bad' && <path d="m16 16 16 16M32 16 16 32" fill="none" stroke="#ffffff" stroke-width="4.5" stroke-linecap="round" />}
    {(tone === 'warn' || tone === 'neutral') && (
      <>
        <path d="M24 12v15" fill="none" stroke="#ffffff" stroke-width="4.5" stroke-linecap="round" />
        <circle cx="24" cy="35" r="3" fill="#ffffff" />
      </>
    )}
  </svg>
);

/** The verdict a person reads at a glance: a coloured band with an icon, the label in words, one sentence. */
export const Verdict: FC<{ report: VerificationReport; language: Language; headingLevel?: 1 | 3 }> = ({ report, language, headingLevel = 1 }) => {
  const t = textsFor(language);
  const described = describeReport(report, language);
  const tone = described.untrusted ? 'warn' : described.tone;
  return (
    <section class={`verdict verdict--${tone}`} aria-labelledby={headingLevel === 1 ? 'verdict' : undefined}>
      <VerdictIcon tone={described.tone} />
      <div class="verdict__text">
        <p class="verdict__eyebrow">{t.verificationResult}</p>
        {headingLevel === 1 ? (
          <h1 id="verdict" class="verdict__label">
            {described.label}
          </h1>
        ) : (
          <h3 class="verdict__label">{described.label}</h3>
        )}
        <p class="verdict__headline">{described.headline}</p>
        <p class="verdict__checked">
          {t.checkedOn(formatMoment(report.checkedAt, language))}
        </p>
      </div>
    </section>
  );
};

const Checks: FC<{ report: VerificationReport; language: Language; id: string }> = ({ report, language, id }) => {
  const t = textsFor(language);
  const described = describeReport(report, language);
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{t.howChecked}</h2>
      <ul class="checks">
        {described.checks.map((check) => (
          <li class={`check check--${check.status}`}>
            <span class="check__mark" aria-hidden="true">
              {STATUS_MARK[check.status]}
            </span>
            <div class="check__body">
              <p class="check__title">
                <span class="check__name">{check.name}</span>
                <span class="check__status">{check.statusText}</span>
              </p>
              <p class="check__sentence">{check.sentence}</p>
              {check.detail && (
                <details class="check__detail">
                  <summary>{t.technicalDetail}</summary>
                  <p lang="en">{check.detail}</p>
                </details>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
};

const Certifies: FC<{ report: VerificationReport; language: Language; id: string; issuerName?: string | undefined }> = ({ report, language, id, issuerName }) => {
  const t = textsFor(language);
  const mc = report.summary?.microCredential;
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{t.whatItCertifies}</h2>
      {mc ? (
        <>
          <p class="credential-title">
            <Localized map={mc.title} language={language} />
          </p>
          {mc.description && (
            <p class="credential-description">
              <Localized map={mc.description} language={language} />
            </p>
          )}
          <CredentialFacts mc={mc} language={language} issuerName={issuerName} />
          <LearningOutcomes mc={mc} language={language} />
        </>
      ) : (
        <p>{t.notAMicroCredential}</p>
      )}
    </section>
  );
};

export interface VerificationPageProps {
  report: VerificationReport;
  language: Language;
  /** The page's own path, for the language switch (e.g. /v/<token>). */
  switchPath: string;
  /** Download links, when the credential is one the service holds (a share link). */
  downloads?: { credential: string; report: string };
  /** For a checked upload: the text to send again for the PDF report. */
  resubmit?: string;
  issuerName?: string | undefined;
}

/** The employer's page: verdict first, then the untrusted-issuer fact, what it certifies, how it was checked, downloads. */
export const VerificationPage: FC<VerificationPageProps> = ({ report, language, switchPath, downloads, resubmit, issuerName }) => {
  const t = textsFor(language);
  const described = describeReport(report, language);
  const title = pickText(report.summary?.microCredential?.title ?? report.summary?.title, language)?.text;
  return (
    <Layout language={language} title={`${described.label}${title ? ` · ${title}` : ''}`} switchPath={switchPath}>
      <Verdict report={report} language={language} />
      {described.untrusted && (
        <p class="notice notice--warn" role="note">
          {t.untrustedNotice}
        </p>
      )}
      {report.holder && <p class="muted">{t.presentationHolder(report.holder)}</p>}
      {report.credentials ? (
        report.credentials.map((inner, index) => (
          <section class="card card--nested" aria-labelledby={`credential-${index}`}>
            <h2 id={`credential-${index}`}>{t.presentationCredential(index + 1)}</h2>
            <Verdict report={inner} language={language} headingLevel={3} />
            <Certifies report={inner} language={language} id={`certifies-${index}`} />
            <Checks report={inner} language={language} id={`checks-${index}`} />
          </section>
        ))
      ) : (
        <Certifies report={report} language={language} id="certifies" issuerName={issuerName} />
      )}
      <Checks report={report} language={language} id="checks" />
      {(downloads || resubmit !== undefined) && (
        <section class="card" aria-labelledby="downloads">
          <h2 id="downloads">{t.downloads}</h2>
          <ul class="actions">
            {downloads && (
              <>
                <li>
                  <a class="button button--secondary" href={downloads.credential} download>
                    {t.downloadCredential}
                  </a>
                </li>
                <li>
                  <a class="button button--secondary" href={withLanguage(downloads.report, language)}>
                    {t.downloadReport}
                  </a>
                </li>
              </>
            )}
            {resubmit !== undefined && (
              <li>
                <form method="post" action={withLanguage('/verify/report.pdf', language)}>
                  <input type="hidden" name="credential" value={resubmit} />
                  <button type="submit" class="button button--secondary">
                    {t.downloadReport}
                  </button>
                </form>
              </li>
            )}
          </ul>
        </section>
      )}
    </Layout>
  );
};
