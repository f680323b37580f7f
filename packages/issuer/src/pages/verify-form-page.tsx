import type { FC } from 'hono/jsx';
import { textsFor, type Language } from './i18n.ts';
import { Layout, withLanguage } from './layout.tsx';

/**
 * Upload or paste a credential: a plain multipart form to POST /verify, so it
 * works with JavaScript off; the answer is the same result page a share link shows.
 */
export const VerifyFormPage: FC<{ language: Language; error?: string | undefined }> = ({ language, error }) => {
  const t = textsFor(language);
  return (
    <Layout language={language} title={t.verifyTitle} switchPath="/verify">
      <section class="card card--intro" aria-labelledby="verify-title">
        <h1 id="verify-title">{t.verifyTitle}</h1>
        <p class="lead">{t.verifyIntro}</p>
        {error && (
          <p class="notice notice--bad" role="alert" id="verify-error">
            {error}
          </p>
        )}
        <form class="form" method="post" action={withLanguage('/verify', language)} enctype="multipart/form-data">
          <div class="field">
            <label for="file">{t.fileLabel}</label>
            <p class="field__hint" id="file-hint">
              {t.fileHint}
            </p>
            <input
              id="file"
              name="file"
              type="file"
              accept=".json,.jwt,.txt,.jsonld,application/json,application/ld+json,application/vc+ld+json,text/plain"
              aria-describedby={error ? 'file-hint verify-error' : 'file-hint'}
            />
          </div>
          <div class="field field--wide">
            <label for="credential">{t.pasteLabel}</label>
            <p class="field__hint" id="credential-hint">
              {t.pasteHint}
            </p>
            <textarea id="credential" name="credential" rows={8} spellcheck={false} autocomplete="off" aria-describedby="credential-hint"></textarea>
          </div>
          <button type="submit" class="button">
            {t.checkButton}
          </button>
        </form>
      </section>
    </Layout>
  );
};
