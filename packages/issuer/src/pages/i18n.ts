import type { CheckName, CheckStatus, VerdictLabel } from '@microcred/verifier';

/**
 * The words of the pages people see, in the languages they are offered in. The certificate's own label
 * table (@microcred/certificate) supplies the Annex I element names and the EU vocabulary codes, so the
 * page and the printed certificate name things alike.
 */
export const LANGUAGES = ['en', 'de', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', de: 'Deutsch', fr: 'Français' };

function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/**
 * `?lang=` wins (the switch on every page), then the best Accept-Language
 * match by quality, then English.
 */
export function chooseLanguage(query: string | undefined, acceptLanguage: string | undefined): Language {
  const asked = query?.toLowerCase().split('-')[0];
  if (asked && isLanguage(asked)) return asked;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0 && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((entry) => entry.base).find(isLanguage) ?? 'en';
}

const LOCALES: Record<Language, string> = { en: 'en-GB', de: 'de-DE', fr: 'fr-FR' };

/** "29 May 2026" / "29. Mai 2026" / "29 mai 2026", in UTC. */
export function formatDay(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALES[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** "29 May 2026, 15:45:12 UTC": when a check was made, to the second. */
export function formatMoment(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = formatDay(iso, language);
  const time = new Intl.DateTimeFormat(LOCALES[language], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: 'UTC' }).format(date);
  return `${day}, ${time} UTC`;
}

export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 2 }).format(value);
}

type CheckSentences = Partial<Record<CheckStatus, string>>;

export interface CheckWording {
  format: CheckSentences;
  proof: CheckSentences;
  issuer: CheckSentences;
  /** pass: the window; fail: expired or not yet valid. */
  validity: { passUntil: (date: string) => string; passOpen: string; expired: (date?: string) => string; notYet: string; other: string };
  revocation: CheckSentences & { superseded: string };
  suspension: CheckSentences;
  /** `said`: the issuer's message in quotes and its value, e.g. "accepted" (0x1). */
  message: { pass: (said: string) => string; warn: (said: string) => string; unknown: string };
  trust: { pass: (issuer: string) => string; warn: (issuer: string) => string };
  profile: CheckSentences;
}

export interface PageTexts {
  skipToContent: string;
  languageNav: string;
  brandTagline: string;
  footerVerify: string;
  footerNote: string;

  verdicts: Record<VerdictLabel, string>;
  headlines: Record<VerdictLabel, string> & { validUntrusted: string };
  untrustedNotice: string;
  supersededNotice: string;
  verificationResult: string;
  checkedOn: (moment: string) => string;
  whatItCertifies: string;
  howChecked: string;
  checkNames: Record<CheckName, string>;
  checkStatuses: Record<CheckStatus, string>;
  /** Sentences in this language; undefined for English, whose sentences are the verifier's own. */
  checkWording?: CheckWording;
  technicalDetail: string;
  presentationHolder: (holder: string) => string;
  presentationCredential: (n: number) => string;

  learner: string;
  issuer: string;
  placeOfIssue: string;
  validity: string;
  description: string;
  notAMicroCredential: string;

  downloads: string;
  downloadCredential: string;
  downloadReport: string;

  notFoundTitle: string;
  notFoundText: string;
  notFoundHint: string;
  walletNotFoundTitle: string;
  walletNotFoundText: string;

  verifyTitle: string;
  verifyIntro: string;
  fileLabel: string;
  fileHint: string;
  pasteLabel: string;
  pasteHint: string;
  checkButton: string;
  noCredential: string;
  checkAnother: string;

  walletEyebrow: string;
  /** With its colon (French puts a space before it). */
  statusLabel: string;
  keepPrivate: string;
  statusNotices: Partial<Record<'suspended' | 'revoked' | 'expired' | 'superseded', string>>;
  shareHeading: string;
  shareIntro: string;
  noLinks: string;
  created: (date: string) => string;
  expiresOn: (date: string) => string;
  neverExpires: string;
  forWhom: (label: string) => string;
  origins: Record<'issuance' | 'issuer' | 'learner' | 'certificate', string>;
  qrCode: string;
  qrAlt: string;
  withdraw: string;
  withdrawLabel: (url: string) => string;
  createHeading: string;
  labelField: string;
  labelHint: string;
  expiryField: string;
  expiryOptions: Record<'never' | '7' | '30' | '90' | '365', string>;
  createButton: string;
  earlierLinks: string;
  withdrawnOn: (date: string) => string;
  expiredOn: (date: string) => string;
  flashCreated: string;
  flashWithdrawn: string;
  formErrorLabel: string;
  downloadHeading: string;
  certificatePdf: string;
  certificatePdfHint: string;
  renditions: Record<'vc' | 'vc-jwt' | 'ob3' | 'edc', { name: string; hint: string }>;
  walletHeading: string;
  walletText: string;
  walletLink: string;

  reportTitle: string;
  reportCheckedAt: string;
  reportAddress: string;
  reportCredentialId: string;
  reportFooter: (url: string) => string;
  reportResult: string;
}

const en: PageTexts = {
  skipToContent: 'Skip to content',
  languageNav: 'Language',
  brandTagline: 'EU micro-credentials',
  footerVerify: 'Check another credential',
  footerNote: 'Checks are made by this service at the moment you open the page: the signature, the issuer, the validity period and the issuer’s revocation and suspension lists.',

  verdicts: {
    Valid: 'Valid',
    Suspended: 'Suspended',
    'Revoked (withdrawn)': 'Revoked (withdrawn)',
    Expired: 'Expired',
    'Not yet valid': 'Not yet valid',
    'Superseded by a newer credential': 'Superseded by a newer credential',
    'Not genuine': 'Not genuine',
    'Could not check': 'Could not check',
  },
  headlines: {
    Valid: 'Genuine, current and not revoked or suspended.',
    validUntrusted: 'Genuine, current and not revoked, but issued by someone not on the trusted-issuer list.',
    Suspended: 'The issuer has suspended this credential for now: do not rely on it until it is reinstated.',
    'Revoked (withdrawn)': 'The issuer has revoked (withdrawn) this credential: it no longer certifies anything.',
    Expired: 'The credential was genuine, but its validity has ended.',
    'Not yet valid': 'The credential is genuine but not valid yet.',
    'Superseded by a newer credential': 'The issuer has renewed this credential: ask the holder for the newer one.',
    'Not genuine': 'This credential is not genuine: do not rely on it.',
    'Could not check': 'Some checks could not be made, so this credential cannot be confirmed as valid.',
  },
  untrustedNotice:
    'The issuer is not on this service’s list of trusted issuers. The credential is genuine and unchanged since it was signed, but nobody this service trusts vouches for who the issuer is: confirm the issuer yourself before you rely on it.',
  supersededNotice: 'The issuer’s records show that a newer credential renews this one.',
  verificationResult: 'Verification result',
  checkedOn: (moment) => `Checked on ${moment}`,
  whatItCertifies: 'What it certifies',
  howChecked: 'How it was checked',
  checkNames: {
    format: 'Format',
    proof: 'Signature',
    issuer: 'Issuer',
    validity: 'Validity period',
    revocation: 'Revocation',
    suspension: 'Suspension',
    message: 'Status message',
    trust: 'Trusted issuer',
    profile: 'EU micro-credential',
  },
  checkStatuses: { pass: 'Passed', fail: 'Failed', warn: 'Attention', 'not-applicable': 'Not applicable', unknown: 'Could not check' },
  technicalDetail: 'Technical detail',
  presentationHolder: (holder) => `Presented by ${holder}`,
  presentationCredential: (n) => `Credential ${n}`,

  learner: 'Learner',
  issuer: 'Issuer',
  placeOfIssue: 'Place of issue',
  validity: 'Validity',
  description: 'Description',
  notAMicroCredential: 'This credential does not describe an EU micro-credential, so there is no summary of what it certifies.',

  downloads: 'Downloads',
  downloadCredential: 'The credential file (JSON)',
  downloadReport: 'This verification report (PDF, one page)',

  notFoundTitle: 'This link does not work',
  notFoundText:
    'The share link you followed was withdrawn by the learner or the issuer, has expired, or never existed. Nothing can be shown for it.',
  notFoundHint: 'Ask the person who sent the link for a new one, or check a credential file yourself.',
  walletNotFoundTitle: 'This learner link does not work',
  walletNotFoundText: 'No credential belongs to this address. Check that you copied the whole link, or ask your issuer to send it again.',

  verifyTitle: 'Check a credential',
  verifyIntro:
    'Choose the credential file you were given, or paste its contents. It is checked here, at once: whether it is genuine, current, not revoked or suspended, and who issued it. Nothing you check is kept.',
  fileLabel: 'Credential file',
  fileHint: 'A .json file, or a .jwt file holding a vc+jwt.',
  pasteLabel: 'Or paste the credential',
  pasteHint: 'The JSON of the credential, or the JWT text.',
  checkButton: 'Check the credential',
  noCredential: 'Choose a credential file, or paste the credential, then check it.',
  checkAnother: 'Check another credential',

  walletEyebrow: 'Your micro-credential',
  statusLabel: 'Status:',
  keepPrivate:
    'This page is yours alone: anyone who has its address can download and share your credential. Do not forward it. To show your credential to someone, make a share link below.',
  statusNotices: {
    suspended: 'Your issuer has suspended this credential. Share links show it as suspended until it is reinstated.',
    revoked: 'Your issuer has revoked (withdrawn) this credential. Share links show it as revoked.',
    expired: 'The validity of this credential has ended. Share links show it as expired.',
    superseded: 'Your issuer has renewed this credential: the newer one is the one to share.',
  },
  shareHeading: 'Share with an employer',
  shareIntro:
    'A share link opens a page where anyone can see this credential and check that it is genuine, without an app. Withdraw a link at any time: it stops working at once.',
  noLinks: 'You have no working share link. Create one below.',
  created: (date) => `Created ${date}`,
  expiresOn: (date) => `Works until ${date}`,
  neverExpires: 'Works until you withdraw it',
  forWhom: (label) => `For: ${label}`,
  origins: {
    issuance: 'Made when the credential was issued',
    issuer: 'Made by your issuer',
    learner: 'Made by you',
    certificate: 'Printed on your certificate’s QR code',
  },
  qrCode: 'Show the QR code',
  qrAlt: 'QR code that opens this share link',
  withdraw: 'Withdraw',
  withdrawLabel: (url) => `Withdraw the share link ${url}`,
  createHeading: 'Make a new share link',
  labelField: 'Who is it for? (optional)',
  labelHint: 'A note for yourself, such as the employer’s name. Only you see it.',
  expiryField: 'Stops working',
  expiryOptions: { never: 'Only when I withdraw it', '7': 'After 7 days', '30': 'After 30 days', '90': 'After 90 days', '365': 'After one year' },
  createButton: 'Make the link',
  earlierLinks: 'Earlier links (withdrawn or expired)',
  withdrawnOn: (date) => `Withdrawn ${date}`,
  expiredOn: (date) => `Expired ${date}`,
  flashCreated: 'Your new share link is ready.',
  flashWithdrawn: 'The share link is withdrawn: it no longer works.',
  formErrorLabel: 'The link was not made:',
  downloadHeading: 'Download',
  certificatePdf: 'Printable certificate',
  certificatePdfHint: 'PDF, one A4 page, with a QR code that verifies it.',
  renditions: {
    vc: { name: 'Verifiable Credential (JSON-LD)', hint: 'W3C Verifiable Credential 2.0: for wallets and verifiers that read Data Integrity proofs.' },
    'vc-jwt': { name: 'Verifiable Credential (JWT)', hint: 'The same credential secured as a vc+jwt.' },
    ob3: { name: 'Open Badges 3.0', hint: 'For Open Badges wallets and backpacks, such as Learner Credential Wallet.' },
    edc: { name: 'Europass Digital Credential', hint: 'For your Europass profile.' },
  },
  walletHeading: 'Add to a wallet',
  walletText: 'Take the credential into a wallet app on your phone: the next page shows a QR code your wallet scans.',
  walletLink: 'Add to a wallet app',

  reportTitle: 'Verification report',
  reportCheckedAt: 'Checked on',
  reportAddress: 'Checked at',
  reportCredentialId: 'Credential',
  reportFooter: (url) => `This report records the result at the moment shown. The status can change later: open ${url} to check again.`,
  reportResult: 'Result',
};

const de: PageTexts = {
  skipToContent: 'Zum Inhalt springen',
  languageNav: 'Sprache',
  brandTagline: 'EU-Microcredentials',
  footerVerify: 'Einen anderen Nachweis prüfen',
  footerNote:
    'Dieser Dienst prüft in dem Moment, in dem Sie die Seite öffnen: die Signatur, den Aussteller, den Gültigkeitszeitraum und die Widerrufs- und Aussetzungslisten des Ausstellers.',

  verdicts: {
    Valid: 'Gültig',
    Suspended: 'Ausgesetzt',
    'Revoked (withdrawn)': 'Widerrufen (zurückgezogen)',
    Expired: 'Abgelaufen',
    'Not yet valid': 'Noch nicht gültig',
    'Superseded by a newer credential': 'Durch einen neueren Nachweis ersetzt',
    'Not genuine': 'Nicht echt',
    'Could not check': 'Prüfung nicht möglich',
  },
  headlines: {
    Valid: 'Echt, aktuell, weder widerrufen noch ausgesetzt.',
    validUntrusted: 'Echt, aktuell und nicht widerrufen, aber von einem Aussteller, der nicht auf der Liste vertrauenswürdiger Aussteller steht.',
    Suspended: 'Der Aussteller hat diesen Nachweis vorläufig ausgesetzt: Verlassen Sie sich nicht darauf, bis er wieder in Kraft gesetzt ist.',
    'Revoked (withdrawn)': 'Der Aussteller hat diesen Nachweis widerrufen (zurückgezogen): Er bescheinigt nichts mehr.',
    Expired: 'Der Nachweis war echt, aber seine Gültigkeit ist abgelaufen.',
    'Not yet valid': 'Der Nachweis ist echt, aber noch nicht gültig.',
    'Superseded by a newer credential': 'Der Aussteller hat diesen Nachweis erneuert: Bitten Sie die Inhaberin oder den Inhaber um den neueren.',
    'Not genuine': 'Dieser Nachweis ist nicht echt: Verlassen Sie sich nicht darauf.',
    'Could not check': 'Einige Prüfungen waren nicht möglich, daher kann der Nachweis nicht als gültig bestätigt werden.',
  },
  untrustedNotice:
    'Der Aussteller steht nicht auf der Liste vertrauenswürdiger Aussteller dieses Dienstes. Der Nachweis ist echt und seit dem Signieren unverändert, aber niemand, dem dieser Dienst vertraut, bürgt für die Identität des Ausstellers: Vergewissern Sie sich selbst, wer ihn ausgestellt hat.',
  supersededNotice: 'Laut den Unterlagen des Ausstellers erneuert ein neuerer Nachweis diesen.',
  verificationResult: 'Prüfergebnis',
  checkedOn: (moment) => `Geprüft am ${moment}`,
  whatItCertifies: 'Was bescheinigt wird',
  howChecked: 'Wie geprüft wurde',
  checkNames: {
    format: 'Format',
    proof: 'Signatur',
    issuer: 'Aussteller',
    validity: 'Gültigkeitszeitraum',
    revocation: 'Widerruf',
    suspension: 'Aussetzung',
    message: 'Statusmeldung',
    trust: 'Vertrauenswürdiger Aussteller',
    profile: 'EU-Microcredential',
  },
  checkStatuses: { pass: 'Bestanden', fail: 'Nicht bestanden', warn: 'Achtung', 'not-applicable': 'Entfällt', unknown: 'Nicht prüfbar' },
  checkWording: {
    format: {
      pass: 'Ein W3C Verifiable Credential in einem bekannten Format.',
      fail: 'Die Eingabe ist kein lesbarer digitaler Nachweis.',
      unknown: 'Der Nachweis verwendet ein Vokabular, das dieser Dienst nicht kennt; es wird nie aus dem Netz geladen.',
    },
    proof: {
      pass: 'Die Signatur ist echt: Seit der Ausstellung wurde nichts verändert.',
      fail: 'Die Signatur passt nicht: Der Nachweis wurde nach dem Signieren verändert oder nicht von seinem Aussteller signiert.',
      unknown: 'Die Signatur konnte nicht geprüft werden.',
    },
    issuer: {
      pass: 'Signiert von dem Aussteller, den der Nachweis nennt.',
      fail: 'Nicht von dem Aussteller signiert, den der Nachweis nennt.',
      unknown: 'Es ließ sich nicht bestätigen, dass der genannte Aussteller den Nachweis signiert hat.',
    },
    validity: {
      passUntil: (date) => `Gültig bis ${date}.`,
      passOpen: 'Gültig ohne Enddatum.',
      expired: (date) => (date ? `Die Gültigkeit ist am ${date} abgelaufen.` : 'Die Gültigkeit ist abgelaufen.'),
      notYet: 'Der Nachweis ist noch nicht gültig.',
      other: 'Der Gültigkeitszeitraum ist nicht lesbar.',
    },
    revocation: {
      pass: 'Der Aussteller hat den Nachweis nicht widerrufen.',
      fail: 'Der Aussteller hat den Nachweis widerrufen (zurückgezogen).',
      superseded: 'Laut den Unterlagen des Ausstellers wurde der Nachweis durch einen neueren ersetzt.',
      'not-applicable': 'Der Nachweis hat keinen Widerrufseintrag: Der Aussteller kann ihn nicht online widerrufen.',
      unknown: 'Der Widerrufsstatus konnte nicht abgefragt werden.',
    },
    suspension: {
      pass: 'Der Aussteller hat den Nachweis nicht ausgesetzt.',
      fail: 'Der Aussteller hat den Nachweis ausgesetzt.',
      'not-applicable': 'Der Nachweis hat keinen Aussetzungseintrag.',
      unknown: 'Der Aussetzungsstatus konnte nicht abgefragt werden.',
    },
    message: {
      pass: (said) => `Die Statusmeldung des Ausstellers für diesen Nachweis ist ${said}, der Anfangswert.`,
      warn: (said) => `Der Aussteller hat die Statusmeldung ${said} gesetzt. Was sie bedeutet, legt der Aussteller fest; sie widerruft den Nachweis nicht und setzt ihn nicht aus.`,
      unknown: 'Die Statusmeldung konnte nicht abgefragt werden.',
    },
    trust: {
      pass: (issuer) => `Der Aussteller ${issuer} steht auf der Liste vertrauenswürdiger Aussteller.`,
      warn: (issuer) =>
        `Der Aussteller ${issuer} steht nicht auf der Liste vertrauenswürdiger Aussteller: Der Nachweis kann echt sein, aber niemand, dem dieser Dienst vertraut, bürgt für die Identität des Ausstellers.`,
    },
    profile: {
      pass: 'Er enthält alle Pflichtangaben einer EU-Microcredential (Empfehlung des Rates 2022, Anhang I).',
      fail: 'Er gibt sich als EU-Microcredential aus, aber Pflichtangaben fehlen oder sind falsch.',
      'not-applicable': 'Der Nachweis gibt sich nicht als EU-Microcredential aus.',
    },
  },
  technicalDetail: 'Technische Einzelheiten (Englisch)',
  presentationHolder: (holder) => `Vorgelegt von ${holder}`,
  presentationCredential: (n) => `Nachweis ${n}`,

  learner: 'Lernende Person',
  issuer: 'Aussteller',
  placeOfIssue: 'Ausstellungsort',
  validity: 'Gültigkeit',
  description: 'Beschreibung',
  notAMicroCredential: 'Dieser Nachweis beschreibt keine EU-Microcredential, daher gibt es keine Zusammenfassung seines Inhalts.',

  downloads: 'Downloads',
  downloadCredential: 'Die Nachweisdatei (JSON)',
  downloadReport: 'Dieser Prüfbericht (PDF, eine Seite)',

  notFoundTitle: 'Dieser Link funktioniert nicht',
  notFoundText:
    'Der geteilte Link wurde von der lernenden Person oder dem Aussteller zurückgezogen, ist abgelaufen oder hat nie existiert. Zu ihm kann nichts angezeigt werden.',
  notFoundHint: 'Bitten Sie die Person, die Ihnen den Link geschickt hat, um einen neuen, oder prüfen Sie selbst eine Nachweisdatei.',
  walletNotFoundTitle: 'Dieser Link für Lernende funktioniert nicht',
  walletNotFoundText:
    'Zu dieser Adresse gehört kein Nachweis. Prüfen Sie, ob Sie den ganzen Link kopiert haben, oder bitten Sie Ihren Aussteller, ihn erneut zu senden.',

  verifyTitle: 'Einen Nachweis prüfen',
  verifyIntro:
    'Wählen Sie die Nachweisdatei, die Sie erhalten haben, oder fügen Sie ihren Inhalt ein. Sie wird hier sofort geprüft: ob sie echt, aktuell, nicht widerrufen oder ausgesetzt ist und wer sie ausgestellt hat. Nichts davon wird gespeichert.',
  fileLabel: 'Nachweisdatei',
  fileHint: 'Eine .json-Datei oder eine .jwt-Datei mit einem vc+jwt.',
  pasteLabel: 'Oder den Nachweis einfügen',
  pasteHint: 'Das JSON des Nachweises oder den JWT-Text.',
  checkButton: 'Nachweis prüfen',
  noCredential: 'Wählen Sie eine Nachweisdatei oder fügen Sie den Nachweis ein und prüfen Sie dann.',
  checkAnother: 'Einen anderen Nachweis prüfen',

  walletEyebrow: 'Ihre Microcredential',
  statusLabel: 'Status:',
  keepPrivate:
    'Diese Seite gehört nur Ihnen: Wer ihre Adresse hat, kann Ihren Nachweis herunterladen und teilen. Leiten Sie sie nicht weiter. Um Ihren Nachweis jemandem zu zeigen, erstellen Sie unten einen Link zum Teilen.',
  statusNotices: {
    suspended: 'Ihr Aussteller hat diesen Nachweis ausgesetzt. Geteilte Links zeigen ihn als ausgesetzt, bis er wieder in Kraft gesetzt wird.',
    revoked: 'Ihr Aussteller hat diesen Nachweis widerrufen (zurückgezogen). Geteilte Links zeigen ihn als widerrufen.',
    expired: 'Die Gültigkeit dieses Nachweises ist abgelaufen. Geteilte Links zeigen ihn als abgelaufen.',
    superseded: 'Ihr Aussteller hat diesen Nachweis erneuert: Teilen Sie den neueren.',
  },
  shareHeading: 'Mit Arbeitgebern teilen',
  shareIntro:
    'Ein Link zum Teilen öffnet eine Seite, auf der jede Person diesen Nachweis sehen und ohne App prüfen kann, ob er echt ist. Sie können einen Link jederzeit zurückziehen: Er funktioniert dann sofort nicht mehr.',
  noLinks: 'Sie haben keinen funktionierenden Link zum Teilen. Erstellen Sie unten einen.',
  created: (date) => `Erstellt am ${date}`,
  expiresOn: (date) => `Gültig bis ${date}`,
  neverExpires: 'Gültig, bis Sie ihn zurückziehen',
  forWhom: (label) => `Für: ${label}`,
  origins: {
    issuance: 'Bei der Ausstellung erstellt',
    issuer: 'Von Ihrem Aussteller erstellt',
    learner: 'Von Ihnen erstellt',
    certificate: 'Im QR-Code Ihres Zertifikats gedruckt',
  },
  qrCode: 'QR-Code anzeigen',
  qrAlt: 'QR-Code, der diesen Link öffnet',
  withdraw: 'Zurückziehen',
  withdrawLabel: (url) => `Den Link ${url} zurückziehen`,
  createHeading: 'Einen neuen Link zum Teilen erstellen',
  labelField: 'Für wen ist er? (optional)',
  labelHint: 'Eine Notiz für Sie selbst, etwa der Name des Arbeitgebers. Nur Sie sehen sie.',
  expiryField: 'Läuft ab',
  expiryOptions: { never: 'Nie (nur wenn ich ihn zurückziehe)', '7': 'Nach 7 Tagen', '30': 'Nach 30 Tagen', '90': 'Nach 90 Tagen', '365': 'Nach einem Jahr' },
  createButton: 'Link erstellen',
  earlierLinks: 'Frühere Links (zurückgezogen oder abgelaufen)',
  withdrawnOn: (date) => `Zurückgezogen am ${date}`,
  expiredOn: (date) => `Abgelaufen am ${date}`,
  flashCreated: 'Ihr neuer Link zum Teilen ist bereit.',
  flashWithdrawn: 'Der Link ist zurückgezogen: Er funktioniert nicht mehr.',
  formErrorLabel: 'Der Link wurde nicht erstellt:',
  downloadHeading: 'Herunterladen',
  certificatePdf: 'Druckbares Zertifikat',
  certificatePdfHint: 'PDF, eine A4-Seite, mit einem QR-Code, der es prüft.',
  renditions: {
    vc: { name: 'Verifiable Credential (JSON-LD)', hint: 'W3C Verifiable Credential 2.0: für Wallets und Prüfdienste, die Data-Integrity-Signaturen lesen.' },
    'vc-jwt': { name: 'Verifiable Credential (JWT)', hint: 'Derselbe Nachweis, gesichert als vc+jwt.' },
    ob3: { name: 'Open Badges 3.0', hint: 'Für Open-Badges-Wallets, etwa Learner Credential Wallet.' },
    edc: { name: 'Europass Digital Credential', hint: 'Für Ihr Europass-Profil.' },
  },
  walletHeading: 'Zu einer Wallet hinzufügen',
  walletText: 'Übernehmen Sie den Nachweis in eine Wallet-App auf Ihrem Telefon: Die nächste Seite zeigt einen QR-Code, den Ihre Wallet scannt.',
  walletLink: 'Zu einer Wallet-App hinzufügen',

  reportTitle: 'Prüfbericht',
  reportCheckedAt: 'Geprüft am',
  reportAddress: 'Geprüft unter',
  reportCredentialId: 'Nachweis',
  reportFooter: (url) => `Dieser Bericht hält das Ergebnis zum angegebenen Zeitpunkt fest. Der Status kann sich später ändern: Öffnen Sie ${url}, um erneut zu prüfen.`,
  reportResult: 'Ergebnis',
};

const fr: PageTexts = {
  skipToContent: 'Aller au contenu',
  languageNav: 'Langue',
  brandTagline: 'Microcertifications de l’UE',
  footerVerify: 'Vérifier une autre certification',
  footerNote:
    'Ce service vérifie au moment où vous ouvrez la page\u00a0: la signature, l’émetteur, la période de validité et les listes de révocation et de suspension de l’émetteur.',

  verdicts: {
    Valid: 'Valide',
    Suspended: 'Suspendue',
    'Revoked (withdrawn)': 'Révoquée (retirée)',
    Expired: 'Expirée',
    'Not yet valid': 'Pas encore valide',
    'Superseded by a newer credential': 'Remplacée par une certification plus récente',
    'Not genuine': 'Non authentique',
    'Could not check': 'Vérification impossible',
  },
  headlines: {
    Valid: 'Authentique, en cours de validité, ni révoquée ni suspendue.',
    validUntrusted: 'Authentique, en cours de validité et non révoquée, mais délivrée par un émetteur absent de la liste des émetteurs de confiance.',
    Suspended: 'L’émetteur a suspendu cette certification pour l’instant\u00a0: ne vous y fiez pas avant sa remise en vigueur.',
    'Revoked (withdrawn)': 'L’émetteur a révoqué (retiré) cette certification\u00a0: elle ne certifie plus rien.',
    Expired: 'La certification était authentique, mais sa validité a pris fin.',
    'Not yet valid': 'La certification est authentique mais pas encore valide.',
    'Superseded by a newer credential': 'L’émetteur a renouvelé cette certification\u00a0: demandez la plus récente à son titulaire.',
    'Not genuine': 'Cette certification n’est pas authentique\u00a0: ne vous y fiez pas.',
    'Could not check': 'Certaines vérifications n’ont pas pu être faites\u00a0: cette certification ne peut pas être confirmée comme valide.',
  },
  untrustedNotice:
    'L’émetteur ne figure pas sur la liste des émetteurs de confiance de ce service. La certification est authentique et inchangée depuis sa signature, mais personne à qui ce service fait confiance ne garantit l’identité de l’émetteur\u00a0: vérifiez vous-même qui l’a délivrée avant de vous y fier.',
  supersededNotice: 'Selon les registres de l’émetteur, une certification plus récente renouvelle celle-ci.',
  verificationResult: 'Résultat de la vérification',
  checkedOn: (moment) => `Vérifiée le ${moment}`,
  whatItCertifies: 'Ce qui est certifié',
  howChecked: 'Comment elle a été vérifiée',
  checkNames: {
    format: 'Format',
    proof: 'Signature',
    issuer: 'Émetteur',
    validity: 'Période de validité',
    revocation: 'Révocation',
    suspension: 'Suspension',
    message: 'Message de statut',
    trust: 'Émetteur de confiance',
    profile: 'Microcertification de l’UE',
  },
  checkStatuses: { pass: 'Réussi', fail: 'Échec', warn: 'Attention', 'not-applicable': 'Sans objet', unknown: 'Non vérifiable' },
  checkWording: {
    format: {
      pass: 'Une attestation vérifiable W3C (Verifiable Credential) dans un format reconnu.',
      fail: 'Ce qui a été fourni n’est pas une attestation numérique lisible.',
      unknown: 'La certification utilise un vocabulaire que ce service ne connaît pas ; il n’est jamais chargé depuis le réseau.',
    },
    proof: {
      pass: 'La signature est authentique\u00a0: rien n’a changé depuis la délivrance.',
      fail: 'La signature ne correspond pas\u00a0: la certification a été modifiée après sa signature ou n’a pas été signée par son émetteur.',
      unknown: 'La signature n’a pas pu être vérifiée.',
    },
    issuer: {
      pass: 'Signée par l’émetteur qu’elle indique.',
      fail: 'Non signée par l’émetteur qu’elle indique.',
      unknown: 'Il n’a pas pu être confirmé que l’émetteur indiqué l’a signée.',
    },
    validity: {
      passUntil: (date) => `Valable jusqu’au ${date}.`,
      passOpen: 'Valable sans date de fin.',
      expired: (date) => (date ? `Sa validité a pris fin le ${date}.` : 'Sa validité a pris fin.'),
      notYet: 'La certification n’est pas encore valide.',
      other: 'La période de validité n’est pas lisible.',
    },
    revocation: {
      pass: 'L’émetteur n’a pas révoqué la certification.',
      fail: 'L’émetteur a révoqué (retiré) la certification.',
      superseded: 'Selon les registres de l’émetteur, la certification a été remplacée par une plus récente.',
      'not-applicable': 'La certification n’a pas d’entrée de révocation\u00a0: son émetteur ne peut pas la révoquer en ligne.',
      unknown: 'Le statut de révocation n’a pas pu être consulté.',
    },
    suspension: {
      pass: 'L’émetteur n’a pas suspendu la certification.',
      fail: 'L’émetteur a suspendu la certification.',
      'not-applicable': 'La certification n’a pas d’entrée de suspension.',
      unknown: 'Le statut de suspension n’a pas pu être consulté.',
    },
    message: {
      pass: (said) => `Le message de statut de l’émetteur pour cette certification est ${said}, la valeur initiale.`,
      warn: (said) => `L’émetteur a fixé le message de statut ${said}. Son sens est défini par l’émetteur ; il ne révoque ni ne suspend la certification.`,
      unknown: 'Le message de statut n’a pas pu être consulté.',
    },
    trust: {
      pass: (issuer) => `L’émetteur ${issuer} figure sur la liste des émetteurs de confiance.`,
      warn: (issuer) =>
        `L’émetteur ${issuer} ne figure pas sur la liste des émetteurs de confiance\u00a0: la certification peut être authentique, mais personne à qui ce service fait confiance ne garantit l’identité de l’émetteur.`,
    },
    profile: {
      pass: 'Elle contient tous les éléments obligatoires d’une microcertification de l’UE (recommandation du Conseil de 2022, annexe I).',
      fail: 'Elle se présente comme une microcertification de l’UE, mais des éléments obligatoires manquent ou sont erronés.',
      'not-applicable': 'La certification ne se présente pas comme une microcertification de l’UE.',
    },
  },
  technicalDetail: 'Détail technique (en anglais)',
  presentationHolder: (holder) => `Présentée par ${holder}`,
  presentationCredential: (n) => `Certification ${n}`,

  learner: 'Apprenant·e',
  issuer: 'Émetteur',
  placeOfIssue: 'Lieu de délivrance',
  validity: 'Validité',
  description: 'Description',
  notAMicroCredential: 'Cette attestation ne décrit pas une microcertification de l’UE\u00a0: il n’y a donc pas de résumé de ce qu’elle certifie.',

  downloads: 'Téléchargements',
  downloadCredential: 'Le fichier de la certification (JSON)',
  downloadReport: 'Ce rapport de vérification (PDF, une page)',

  notFoundTitle: 'Ce lien ne fonctionne pas',
  notFoundText:
    'Le lien de partage que vous avez suivi a été retiré par l’apprenant·e ou par l’émetteur, a expiré ou n’a jamais existé. Rien ne peut être affiché pour lui.',
  notFoundHint: 'Demandez un nouveau lien à la personne qui vous l’a envoyé, ou vérifiez vous-même un fichier de certification.',
  walletNotFoundTitle: 'Ce lien d’apprenant·e ne fonctionne pas',
  walletNotFoundText:
    'Aucune certification ne correspond à cette adresse. Vérifiez que vous avez copié le lien en entier, ou demandez à votre émetteur de vous le renvoyer.',

  verifyTitle: 'Vérifier une certification',
  verifyIntro:
    'Choisissez le fichier de certification que vous avez reçu, ou collez son contenu. Il est vérifié ici, immédiatement\u00a0: authenticité, validité, absence de révocation ou de suspension, et émetteur. Rien de ce que vous vérifiez n’est conservé.',
  fileLabel: 'Fichier de certification',
  fileHint: 'Un fichier .json, ou un fichier .jwt contenant un vc+jwt.',
  pasteLabel: 'Ou collez la certification',
  pasteHint: 'Le JSON de la certification, ou le texte du JWT.',
  checkButton: 'Vérifier la certification',
  noCredential: 'Choisissez un fichier de certification, ou collez la certification, puis lancez la vérification.',
  checkAnother: 'Vérifier une autre certification',

  walletEyebrow: 'Votre microcertification',
  statusLabel: 'Statut\u00a0:',
  keepPrivate:
    'Cette page n’appartient qu’à vous\u00a0: toute personne qui en a l’adresse peut télécharger et partager votre certification. Ne la transférez pas. Pour montrer votre certification, créez ci-dessous un lien de partage.',
  statusNotices: {
    suspended: 'Votre émetteur a suspendu cette certification. Les liens de partage l’affichent comme suspendue jusqu’à sa remise en vigueur.',
    revoked: 'Votre émetteur a révoqué (retiré) cette certification. Les liens de partage l’affichent comme révoquée.',
    expired: 'La validité de cette certification a pris fin. Les liens de partage l’affichent comme expirée.',
    superseded: 'Votre émetteur a renouvelé cette certification\u00a0: c’est la plus récente qu’il faut partager.',
  },
  shareHeading: 'Partager avec un employeur',
  shareIntro:
    'Un lien de partage ouvre une page où chacun peut voir cette certification et vérifier qu’elle est authentique, sans application. Vous pouvez retirer un lien à tout moment\u00a0: il cesse aussitôt de fonctionner.',
  noLinks: 'Vous n’avez aucun lien de partage actif. Créez-en un ci-dessous.',
  created: (date) => `Créé le ${date}`,
  expiresOn: (date) => `Actif jusqu’au ${date}`,
  neverExpires: 'Actif jusqu’à ce que vous le retiriez',
  forWhom: (label) => `Pour\u00a0: ${label}`,
  origins: {
    issuance: 'Créé lors de la délivrance',
    issuer: 'Créé par votre émetteur',
    learner: 'Créé par vous',
    certificate: 'Imprimé dans le QR code de votre certificat',
  },
  qrCode: 'Afficher le QR code',
  qrAlt: 'QR code qui ouvre ce lien de partage',
  withdraw: 'Retirer',
  withdrawLabel: (url) => `Retirer le lien de partage ${url}`,
  createHeading: 'Créer un nouveau lien de partage',
  labelField: 'Pour qui\u00a0? (facultatif)',
  labelHint: 'Une note pour vous, par exemple le nom de l’employeur. Vous seul·e la voyez.',
  expiryField: 'Expire',
  expiryOptions: { never: 'Jamais (seulement si je le retire)', '7': 'Après 7 jours', '30': 'Après 30 jours', '90': 'Après 90 jours', '365': 'Après un an' },
  createButton: 'Créer le lien',
  earlierLinks: 'Liens précédents (retirés ou expirés)',
  withdrawnOn: (date) => `Retiré le ${date}`,
  expiredOn: (date) => `Expiré le ${date}`,
  flashCreated: 'Votre nouveau lien de partage est prêt.',
  flashWithdrawn: 'Le lien de partage est retiré\u00a0: il ne fonctionne plus.',
  formErrorLabel: 'Le lien n’a pas été créé\u00a0:',
  downloadHeading: 'Télécharger',
  certificatePdf: 'Certificat imprimable',
  certificatePdfHint: 'PDF, une page A4, avec un QR code qui permet de le vérifier.',
  renditions: {
    vc: { name: 'Verifiable Credential (JSON-LD)', hint: 'W3C Verifiable Credential 2.0\u00a0: pour les portefeuilles et vérificateurs qui lisent les preuves Data Integrity.' },
    'vc-jwt': { name: 'Verifiable Credential (JWT)', hint: 'La même certification, sécurisée en vc+jwt.' },
    ob3: { name: 'Open Badges 3.0', hint: 'Pour les portefeuilles Open Badges, comme Learner Credential Wallet.' },
    edc: { name: 'Europass Digital Credential', hint: 'Pour votre profil Europass.' },
  },
  walletHeading: 'Ajouter à un portefeuille',
  walletText: 'Importez la certification dans une application de portefeuille sur votre téléphone\u00a0: la page suivante affiche un QR code que votre portefeuille scanne.',
  walletLink: 'Ajouter à une application de portefeuille',

  reportTitle: 'Rapport de vérification',
  reportCheckedAt: 'Vérifiée le',
  reportAddress: 'Vérifiée à l’adresse',
  reportCredentialId: 'Certification',
  reportFooter: (url) => `Ce rapport consigne le résultat au moment indiqué. Le statut peut changer ensuite\u00a0: ouvrez ${url} pour vérifier à nouveau.`,
  reportResult: 'Résultat',
};

export const PAGE_TEXTS: Record<Language, PageTexts> = { en, de, fr };

export function textsFor(language: Language): PageTexts {
  return PAGE_TEXTS[language];
}
