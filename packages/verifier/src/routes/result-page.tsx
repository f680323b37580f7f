import type { FC } from 'hono/jsx';
import type { VerificationReport } from '../report.ts';

function text(map: Record<string, string> | undefined): string | undefined {
  return map ? (map.en ?? Object.values(map)[0]) : undefined;
}

/** The answer to a browser form: the verdict first, then the checks in words, then what it certifies. */
export const ResultPage: FC<{ report?: VerificationReport; error?: string }> = ({ report, error }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{report ? `${report.label}: credential check` : 'Check a credential'}</title>
    </head>
    <body>
      <main>
        {error && <p role="alert">{error}</p>}
        {report && (
          <>
            <h1>{report.label}</h1>
            <p>{report.headline}</p>
            <h2>Checks</h2>
            <ul>
              {report.checks.map((check) => (
                <li>
                  <strong>{check.check}</strong> ({check.status}): {check.reason}
                </li>
              ))}
            </ul>
            {report.summary && (
              <>
                <h2>What it certifies</h2>
                <dl>
                  <dt>Title</dt>
                  <dd>{text(report.summary.title)}</dd>
                  {report.summary.learner && (<><dt>Learner</dt><dd>{report.summary.learner}</dd></>)}
                  <dt>Awarded by</dt>
                  <dd>{report.summary.awardingBodies.map((b) => `${text(b.name)} (${b.country})`).join('; ')}</dd>
                  {report.summary.certificateNumber && (<><dt>Certificate number</dt><dd>{report.summary.certificateNumber}</dd></>)}
                </dl>
              </>
            )}
            <p>Checked at {report.checkedAt}.</p>
          </>
        )}
      </main>
    </body>
  </html>
);
