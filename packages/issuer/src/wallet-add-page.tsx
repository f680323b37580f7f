import type { FC } from 'hono/jsx';
import { raw } from 'hono/html';
import { STYLESHEET_PATH } from './pages/layout.tsx';

/** One download on the page. */
export interface DownloadLink {
  href: string;
  title: string;
  note?: string;
}

export interface WalletAddPageProps {
  title: string;
  issuerName: string;
  backHref: string;
  /** Absent when nothing new can be issued (revoked, suspended): the page says why instead. */
  refusal?: string;
  oid4vci?: { link: string; qrSvg: string; txCode: string; expiresAt: string };
  lcw?: { link: string; qrSvg: string; expiresAt: string };
  downloads: DownloadLink[];
}

/** A time a person reads: "14:05 UTC, 3 June 2026". */
function readableTime(iso: string): string {
  const date = new Date(iso);
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const hh = String(date.getUTCHours()).padStart(2, '0');
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `${hh}:${mm} UTC, ${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/**
 * "Add to a wallet": the learner's page behind /wallet/:claimToken/add. Plain semantic HTML that works
 * without JavaScript or styles (the page's CSP allows neither inline script nor inline style); the QR
 * codes are inline SVG, drawn with presentation attributes only. The transaction code is printed apart
 * from the QR code: whoever photographs the QR code alone cannot redeem the offer.
 */
export const WalletAddPage: FC<WalletAddPageProps> = (props) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="no-referrer" />
      <title>Add your credential to a wallet: {props.title}</title>
      <link rel="stylesheet" href={STYLESHEET_PATH} />
    </head>
    <body>
      <header>
        <p>
          <a href={props.backHref}>Back to your credential</a>
        </p>
        <h1>Add your credential to a wallet</h1>
        <p>
          <strong>{props.title}</strong>, issued by {props.issuerName}.
        </p>
      </header>
      <main>
        {props.refusal && (
          <section aria-labelledby="unavailable">
            <h2 id="unavailable">Not available</h2>
            <p role="alert">{props.refusal}</p>
          </section>
        )}
        {props.oid4vci && (
          <section aria-labelledby="oid4vci">
            <h2 id="oid4vci">A wallet that speaks OpenID for Verifiable Credential Issuance</h2>
            <ol>
              <li>Open your wallet and scan this QR code, or on this device open the link below it.</li>
              <li>When the wallet asks for the transaction code, type the code shown under "Transaction code".</li>
            </ol>
            <figure>
              <div role="img" aria-label="QR code of the credential offer">{raw(props.oid4vci.qrSvg)}</div>
              <figcaption>
                <a href={props.oid4vci.link}>Open the credential offer in a wallet on this device</a>
              </figcaption>
            </figure>
            <h3>Transaction code</h3>
            <p>
              <strong aria-label={`Transaction code: ${props.oid4vci.txCode.split('').join(' ')}`}>{props.oid4vci.txCode}</strong>
            </p>
            <p>Keep this code to yourself. The offer works once, until {readableTime(props.oid4vci.expiresAt)}; reload this page for a new one.</p>
          </section>
        )}
        {props.lcw && (
          <section aria-labelledby="lcw">
            <h2 id="lcw">Learner Credential Wallet</h2>
            <p>Scan this QR code with Learner Credential Wallet, or on this device open the link below it. You receive the Open Badge 3.0 of your credential, bound to your wallet.</p>
            <figure>
              <div role="img" aria-label="QR code for Learner Credential Wallet">{raw(props.lcw.qrSvg)}</div>
              <figcaption>
                <a href={props.lcw.link}>Open in Learner Credential Wallet</a>
              </figcaption>
            </figure>
            <p>The request works once, until {readableTime(props.lcw.expiresAt)}.</p>
          </section>
        )}
        <section aria-labelledby="downloads">
          <h2 id="downloads">Download a file</h2>
          <p>Each file is the same credential, signed by the issuer, in the format a wallet or a service asks for.</p>
          <ul>
            {props.downloads.map((link) => (
              <li>
                <a href={link.href} download>
                  {link.title}
                </a>
                {link.note && <> ({link.note})</>}
              </li>
            ))}
          </ul>
        </section>
      </main>
    </body>
  </html>
);

/** The not-found page: a claim link that is wrong or no longer works. */
export const WalletNotFoundPage: FC = () => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="no-referrer" />
      <title>Credential not found</title>
      <link rel="stylesheet" href={STYLESHEET_PATH} />
    </head>
    <body>
      <main>
        <h1>Credential not found</h1>
        <p>This link does not lead to a credential. Check that you copied the whole link from the message your issuer sent you.</p>
      </main>
    </body>
  </html>
);

/** The page as an HTML document. */
export function walletAddPageHtml(props: WalletAddPageProps): string {
  return `<!doctype html>${(<WalletAddPage {...props} />).toString()}`;
}

export function walletNotFoundPageHtml(): string {
  return `<!doctype html>${(<WalletNotFoundPage />).toString()}`;
}
