import type { FC } from 'hono/jsx';
import { textsFor, type Language } from './i18n.ts';
import { Layout, withLanguage } from './layout.tsx';

/** A link that leads nowhere (withdrawn, expired, unknown), said in words: no hint which of them it was. */
export const NotFoundPage: FC<{ language: Language; switchPath: string; kind: 'share' | 'wallet' }> = ({ language, switchPath, kind }) => {
  const t = textsFor(language);
  const title = kind === 'share' ? t.notFoundTitle : t.walletNotFoundTitle;
  return (
    <Layout language={language} title={title} switchPath={switchPath}>
      <section class="card card--intro" aria-labelledby="not-found">
        <h1 id="not-found">{title}</h1>
        <p class="lead">{kind === 'share' ? t.notFoundText : t.walletNotFoundText}</p>
        {kind === 'share' && <p>{t.notFoundHint}</p>}
        <p>
          <a class="button button--secondary" href={withLanguage('/verify', language)}>
            {t.verifyTitle}
          </a>
        </p>
      </section>
    </Layout>
  );
};
