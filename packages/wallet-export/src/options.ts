import type { LanguageMap, NormalizedMicroCredential } from '@microcred/model';
import { WalletExportError, WalletExportErrorCodes } from './errors.ts';

export type JsonObject = Record<string, unknown>;

/** The issuer (the tenant) of every rendition. */
export interface RenditionIssuer {
  /** The issuer's DID: the controller of the signing key (Open Badges) or the issuer node's id (Europass). */
  id: string;
  /** Its name: plain text in the rendition's language, or a language map. */
  name: string | LanguageMap;
  /** Its homepage. */
  url?: string;
}

/** What every rendition of one achievement shares with the primary credential. */
export interface RenditionOptions {
  /** The rendition's own id (`urn:uuid:...`). */
  id: string;
  issuer: RenditionIssuer;
  /** The id of the primary (ELM-mapped VC 2.0) credential this is a rendition of. */
  primaryCredentialId: string;
  /** The same BitstringStatusListEntry entries as the primary credential (Open Badges only: a Europass EDC carries none). */
  credentialStatus?: JsonObject[];
  /** The language of the texts that a format allows in one language only. Default: the title's first language. */
  language?: string;
}

const ABSOLUTE_IRI = /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>"{}|\\^`]+$/;
const LANGUAGE_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/;

export function isAbsoluteIri(value: unknown): value is string {
  return typeof value === 'string' && ABSOLUTE_IRI.test(value);
}

function invalid(message: string): never {
  throw new WalletExportError(WalletExportErrorCodes.INVALID_OPTIONS, message);
}

function isLanguageMap(value: unknown): value is LanguageMap {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length > 0 &&
    Object.entries(value).every(([k, v]) => LANGUAGE_TAG.test(k) && typeof v === 'string' && v.trim() !== '')
  );
}

/** Validates the options shared by all renditions, naming the first bad one. */
export function checkRenditionOptions(options: RenditionOptions): void {
  if (typeof options !== 'object' || options === null) invalid('options must be an object.');
  if (typeof options.id !== 'string' || !ABSOLUTE_IRI.test(options.id)) {
    invalid(`options.id must be an absolute IRI such as urn:uuid:...; got ${JSON.stringify(options.id)}.`);
  }
  if (typeof options.primaryCredentialId !== 'string' || !ABSOLUTE_IRI.test(options.primaryCredentialId)) {
    invalid(`options.primaryCredentialId must be the primary credential's id (an absolute IRI); got ${JSON.stringify(options.primaryCredentialId)}.`);
  }
  const issuer = options.issuer;
  if (typeof issuer !== 'object' || issuer === null) invalid('options.issuer must be an object {id, name, url?}.');
  if (typeof issuer.id !== 'string' || !issuer.id.startsWith('did:')) {
    invalid(`options.issuer.id must be the issuer's DID; got ${JSON.stringify(issuer.id)}.`);
  }
  if (!(typeof issuer.name === 'string' && issuer.name.trim() !== '') && !isLanguageMap(issuer.name)) {
    invalid('options.issuer.name must be non-empty text or a language map such as {"en": "..."}.');
  }
  if (issuer.url !== undefined && !(typeof issuer.url === 'string' && /^https?:\/\/\S+$/.test(issuer.url))) {
    invalid(`options.issuer.url must be an http(s) URL; got ${JSON.stringify(issuer.url)}.`);
  }
  if (options.credentialStatus !== undefined) {
    if (!Array.isArray(options.credentialStatus)) invalid('options.credentialStatus must be a list of status entries.');
    options.credentialStatus.forEach((entry, i) => {
      if (typeof entry !== 'object' || entry === null || typeof entry.type !== 'string') {
        invalid(`options.credentialStatus[${i}] must be a status entry object with a type.`);
      }
    });
  }
  if (options.language !== undefined && !(typeof options.language === 'string' && LANGUAGE_TAG.test(options.language))) {
    invalid(`options.language must be a language tag such as "en"; got ${JSON.stringify(options.language)}.`);
  }
}

/** The date of issuing: renditions are made of an issued micro-credential, so it must be there. */
export function issuedOf(mc: NormalizedMicroCredential): string {
  if (!mc.issued) {
    throw new WalletExportError(
      WalletExportErrorCodes.INCOMPLETE_MICRO_CREDENTIAL,
      'The micro-credential has no date of issuing (issued): build renditions from an issued credential (readMicroCredential gives it).',
    );
  }
  return mc.issued;
}

/** The rendition's language: the option, else the title's first language. */
export function renditionLanguage(mc: NormalizedMicroCredential, options: RenditionOptions): string {
  return options.language ?? Object.keys(mc.title)[0] ?? 'en';
}

/** A text in one language: the wanted one, else the first there is. */
export function textIn(map: LanguageMap, language: string): string {
  return map[language] ?? Object.values(map)[0] ?? '';
}

/** A name as a language map. */
export function asLanguageMap(value: string | LanguageMap, language: string): LanguageMap {
  return typeof value === 'string' ? { [language]: value } : { ...value };
}

/** Drops undefined members, so the JSON carries only what is there. */
export function defined<T extends JsonObject>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}
