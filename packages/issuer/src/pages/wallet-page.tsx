import type { FC } from 'hono/jsx';
import type { NormalizedMicroCredential } from '@microcred/model';
import type { EffectiveStatus, ShareLink } from '../storage/index.ts';
import { CredentialFacts, LearningOutcomes, Localized, pickText } from './credential-facts.tsx';
import { formatDay, textsFor, type Language } from './i18n.ts';
import { Layout, withLanguage } from './layout.tsx';
import { toneOf } from './verdict.ts';
import type { VerdictLabel } from '@microcred/verifier';

export const RENDITIONS = ['vc', 'vc-jwt', 'ob3', 'edc'] as const;
export const EXPIRY_CHOICES = ['never', '7', '30', '90', '365'] as const;

const STATUS_LABEL: Record<EffectiveStatus, VerdictLabel> = {
  active: 'Valid',
  suspended: 'Suspended',
  revoked: 'Revoked (withdrawn)',
  expired: 'Expired',
  superseded: 'Superseded by a newer credential',
};

export interface WalletShareLink extends ShareLink {
  url: string;
  /** data: URI of the QR code (img-src allows data:, so no extra request and no script). */
  qr?: string;
}

export interface WalletPageProps {
  language: Language;
  claimToken: string;
  /** The credential's path segment under /micro-credentials/. */
  credentialPath: string;
  mc: NormalizedMicroCredential;
  status: EffectiveStatus;
  issuerName?: string | undefined;
  links: WalletShareLink[];
  flash?: 'created' | 'withdrawn' | undefined;
  formError?: string | undefined;
}

/** The learner's page: the credential in words, share links with QR codes, downloads, wallets. */
export const WalletPage: FC<WalletPageProps> = (props) => {
  const { language, claimToken, credentialPath, mc, status, issuerName, links, flash, formError } = props;
  const t = textsFor(language);
  const base = `/wallet/${claimToken}`;
  const active = links.filter((link) => link.state === 'active');
  const earlier = links.filter((link) => link.state !== 'active');
  const label = STATUS_LABEL[status];
  const notice = status === 'active' ? undefined : t.statusNotices[status];
  const title = pickText(mc.title, language)?.text ?? '';
  const claim = encodeURIComponent(claimToken);
  return (
    <Layout language={language} title={`${title} · ${t.walletEyebrow}`} switchPath={base}>
      <section class="card card--intro" aria-labelledby="credential-title">
        <p class="eyebrow">{t.walletEyebrow}</p>
        <h1 id="credential-title" class="credential-title credential-title--page">
          <Localized map={mc.title} language={language} />
        </h1>
        <p class="status-line">
          <span class="muted">{t.statusLabel} </span>
          <span class={`pill pill--${toneOf(label)}`}>{t.verdicts[label]}</span>
        </p>
        {notice && (
          <p class={`notice notice--${toneOf(label)}`} role="note">
            {notice}
          </p>
        )}
        {flash && (
          <p class="notice notice--good" role="status">
            {flash === 'created' ? t.flashCreated : t.flashWithdrawn}
          </p>
        )}
        <p class="muted small">{t.keepPrivate}</p>
      </section>

      <section class="card" aria-labelledby="share">
        <h2 id="share">{t.shareHeading}</h2>
        <p>{t.shareIntro}</p>
        {active.length === 0 ? (
          <p class="notice notice--neutral">{t.noLinks}</p>
        ) : (
          <ul class="shares">
            {active.map((link, index) => (
              <li class="share">
                <p class="share__url">
                  <a href={`/v/${link.token}`}>{link.url}</a>
                </p>
                <p class="share__meta muted">
                  {link.label && (
                    <>
                      <strong class="share__label">{t.forWhom(link.label)}</strong>
                      <br />
                    </>
                  )}
                  {t.created(formatDay(link.createdAt, language))} · {link.expiresAt ? t.expiresOn(formatDay(link.expiresAt, language)) : t.neverExpires}
                  <br />
                  {t.origins[link.origin]}
                </p>
                <div class="share__actions">
                  {link.qr && (
                    <details class="share__qr" open={index === 0}>
                      <summary>{t.qrCode}</summary>
                      <img src={link.qr} width="200" height="200" alt={`${t.qrAlt}: ${link.url}`} />
                    </details>
                  )}
                  <form method="post" action={withLanguage(`${base}/share-links/${link.token}/withdraw`, language)}>
                    <button type="submit" class="button button--danger" aria-label={t.withdrawLabel(link.url)}>
                      {t.withdraw}
                    </button>
                  </form>
                </div>
              </li>
            ))}
          </ul>
        )}

        <h3 id="create-link">{t.createHeading}</h3>
        {formError && (
          <p class="notice notice--bad" role="alert" id="create-error">
            <strong>{t.formErrorLabel} </strong>
            {formError}
          </p>
        )}
        <form class="form" method="post" action={withLanguage(`${base}/share-links`, language)} aria-labelledby="create-link">
          <div class="field">
            <label for="label">{t.labelField}</label>
            <p class="field__hint" id="label-hint">
              {t.labelHint}
            </p>
            <input id="label" name="label" type="text" maxlength={200} autocomplete="off" aria-describedby="label-hint" />
          </div>
          <div class="field">
            <label for="expires">{t.expiryField}</label>
            <select id="expires" name="expires">
              {EXPIRY_CHOICES.map((choice) => (
                <option value={choice} selected={choice === 'never'}>
                  {t.expiryOptions[choice]}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button">
            {t.createButton}
          </button>
        </form>

        {earlier.length > 0 && (
          <details class="earlier">
            <summary>{t.earlierLinks}</summary>
            <ul class="plain">
              {earlier.map((link) => (
                <li>
                  <span class="mono muted">…{link.token.slice(-8)}</span>
                  {link.label && ` · ${link.label}`}
                  {' · '}
                  {link.state === 'withdrawn'
                    ? t.withdrawnOn(formatDay(link.withdrawnAt as string, language))
                    : t.expiredOn(formatDay(link.expiresAt as string, language))}
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>

      <section class="card" aria-labelledby="what">
        <h2 id="what">{t.whatItCertifies}</h2>
        {mc.description && (
          <p class="credential-description">
            <Localized map={mc.description} language={language} />
          </p>
        )}
        <CredentialFacts mc={mc} language={language} issuerName={issuerName} />
        <LearningOutcomes mc={mc} language={language} />
      </section>

      <section class="card" aria-labelledby="download">
        <h2 id="download">{t.downloadHeading}</h2>
        <ul class="downloads">
          <li>
            <a href={withLanguage(`${base}/certificate.pdf`, language)}>{t.certificatePdf}</a>
            <span class="muted small">{t.certificatePdfHint}</span>
          </li>
          {RENDITIONS.map((name) => (
            <li>
              <a href={`/micro-credentials/${credentialPath}/renditions/${name}?claim=${claim}`}>{t.renditions[name].name}</a>
              <span class="muted small">{t.renditions[name].hint}</span>
            </li>
          ))}
        </ul>
      </section>

      <section class="card" aria-labelledby="wallet">
        <h2 id="wallet">{t.walletHeading}</h2>
        <p>{t.walletText}</p>
        <p>
          <a class="button button--secondary" href={withLanguage(`${base}/add`, language)}>
            {t.walletLink}
          </a>
        </p>
      </section>
    </Layout>
  );
};
