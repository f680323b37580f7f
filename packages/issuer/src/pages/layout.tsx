import type { Child, FC } from 'hono/jsx';
import { LANGUAGE_NAMES, LANGUAGES, textsFor, type Language } from './i18n.ts';

export const STYLESHEET_PATH = '/pages/style.css';

export interface LayoutProps {
  language: Language;
  /** The document title (the tab, and what a screen reader announces first). */
  title: string;
  /** Where the language switch points (the same page in another language). */
  switchPath: string;
  /** Extra query parameters the switch keeps. */
  switchQuery?: Record<string, string>;
  children?: Child;
}

export function withLanguage(path: string, language: Language, query: Record<string, string> = {}): string {
  const params = new URLSearchParams({ ...query, lang: language });
  return `${path}?${params.toString()}`;
}

/** Every page: one column, readable on a 360 px phone, with the language switch and a way to check another credential. */
export const Layout: FC<LayoutProps> = ({ language, title, switchPath, switchQuery, children }) => {
  const t = textsFor(language);
  return (
    <html lang={language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        <link rel="stylesheet" href={STYLESHEET_PATH} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skipToContent}
        </a>
        <header class="site">
          <div class="site__inner">
            <a class="brand" href={withLanguage('/verify', language)}>
              <span class="brand__mark" aria-hidden="true">
                <svg viewBox="0 0 24 24" width="24" height="24" focusable="false">
                  <path d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5l-8-3Z" fill="currentColor" />
                  <path d="m8.5 12.2 2.4 2.4 4.8-5" fill="none" stroke="#ffffff" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
                </svg>
              </span>
              <span class="brand__name">microcred</span>
              <span class="brand__tagline">{t.brandTagline}</span>
            </a>
            <nav class="languages" aria-label={t.languageNav}>
              <ul>
                {LANGUAGES.map((code) => (
                  <li>
                    <a
                      href={withLanguage(switchPath, code, switchQuery)}
                      hreflang={code}
                      lang={code}
                      {...(code === language ? { 'aria-current': 'true' } : {})}
                    >
                      <abbr title={LANGUAGE_NAMES[code]}>{code.toUpperCase()}</abbr>
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="page">
          {children}
        </main>
        <footer class="site-footer">
          <div class="site-footer__inner">
            <p>
              <a href={withLanguage('/verify', language)}>{t.footerVerify}</a>
            </p>
            <p class="muted">{t.footerNote}</p>
          </div>
        </footer>
      </body>
    </html>
  );
};
