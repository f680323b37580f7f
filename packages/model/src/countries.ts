import countries from 'i18n-iso-countries';
import { COUNTRY_AUTHORITY } from './vocabulary.ts';

/**
 * The EU country authority table (http://publications.europa.eu/resource/authority/country) names
 * countries by three-letter codes; the input uses ISO 3166-1 alpha-2. Where the EU table departs
 * from ISO alpha-3, the exception is listed here.
 */
const EU_EXCEPTIONS: Record<string, string> = { XK: '1A0' };
const EU_EXCEPTIONS_REVERSE = Object.fromEntries(Object.entries(EU_EXCEPTIONS).map(([a2, a3]) => [a3, a2]));

export function isCountryCode(alpha2: string): boolean {
  return /^[A-Z]{2}$/.test(alpha2) && countries.isValid(alpha2);
}

export function countryIri(alpha2: string): string {
  const alpha3 = EU_EXCEPTIONS[alpha2] ?? countries.alpha2ToAlpha3(alpha2);
  if (!alpha3) throw new Error(`Unknown country code ${alpha2}`);
  return COUNTRY_AUTHORITY + alpha3;
}

/** The alpha-2 code of an EU country authority IRI, or undefined when it is not one. */
export function countryFromIri(iri: string): string | undefined {
  if (!iri.startsWith(COUNTRY_AUTHORITY)) return undefined;
  const alpha3 = iri.slice(COUNTRY_AUTHORITY.length);
  return EU_EXCEPTIONS_REVERSE[alpha3] ?? countries.alpha3ToAlpha2(alpha3) ?? undefined;
}

/** The country's name in a language, for pages and reports. */
export function countryName(alpha2: string, language = 'en'): string {
  return countries.getName(alpha2, language) ?? countries.getName(alpha2, 'en') ?? alpha2;
}
