import { SecuringError, ErrorCodes } from '../errors.ts';
import { contextsOf, isJsonObject } from '../credential.ts';
import { CREDENTIALS_V2_URL } from '../contexts.ts';
import type { JsonObject } from '../types.ts';

/*
 * VC Data Model 1.1 §6.3.1, "JSON Web Token": a 1.1 credential as a JWT
 * ("VC-JWT 1.1", what OpenID4VCI calls jwt_vc_json). Five properties move
 * to registered claims (iss ← issuer, nbf ← issuanceDate, exp ←
 * expirationDate, jti ← id, sub ← credentialSubject.id) and the rest of the
 * credential goes in the `vc` claim. The specification lets a property stay in
 * `vc` "in addition to" its claim; we keep it there only where the claim
 * cannot say it exactly (an issuer object's other properties, a date with
 * fractional seconds or an offset), so that decoding gives the credential
 * back property for property.
 *
 * The same claims set also carries VC Data Model 2.0 credentials: did-jwt-vc,
 * Veramo and SpruceID put a 2.0 credential (first @context
 * https://www.w3.org/ns/credentials/v2) in the `vc` claim unchanged, and the
 * VC 2.0 test suite's enveloped presentation holds one. 2.0 has no
 * issuanceDate or expirationDate, so for it nbf and exp stand for validFrom and
 * validUntil; the other claims mean the same in both. We only read that shape:
 * our own 2.0 credentials are signed as vc+jwt.
 */

/** A NumericDate as an XML Schema date-time, in whole seconds when it is whole. */
export function dateTimeOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

// XML Schema 1.1 dateTime (four-digit years): the fields are range-checked below.
const XSD_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:Z|([+-])(\d{2}):(\d{2}))?$/;

const daysIn = (year: number, month: number) =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/**
 * The time an XML Schema dateTime stands for (milliseconds since 1970), or
 * undefined when the string is not one. Every field must be in range: Date.parse
 * rolls "2020-02-30" over to March 1st, which would sign (or read) a date the
 * credential does not say. Without a time zone the time is UTC, as VC 2.0's
 * "Representing Time" has verifiers read it (Date.parse would take the local time).
 */
function xsdDateTimeMillis(value: string): number | undefined {
  const m = XSD_DATE_TIME.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const fraction = m[7] ?? '';
  const endOfDay = hour === 24 && minute === 0 && second === 0 && /^\.?0*$/.test(fraction);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if ((hour > 23 && !endOfDay) || minute > 59 || second > 59) return undefined;
  let offset = 0;
  if (m[8] !== undefined) {
    const [h, min] = [Number(m[9]), Number(m[10])];
    if (min > 59 || h > 14 || (h === 14 && min > 0)) return undefined;
    offset = (m[8] === '-' ? -1 : 1) * (h * 60 + min);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offset, second, Math.floor(Number(`0${fraction || '.0'}`) * 1000));
  return date.getTime();
}

function numericDateOf(value: unknown, property: string): { seconds: number; exact: boolean } {
  const time = typeof value === 'string' ? xsdDateTimeMillis(value) : undefined;
  if (time === undefined) {
    throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, `"${property}" must be an XML Schema date-time (a real date and time, such as 2030-01-01T00:00:00Z), not ${JSON.stringify(value)}.`);
  }
  const seconds = Math.floor(time / 1000);
  return { seconds, exact: dateTimeOf(seconds) === value };
}

/** The claims set of a VC 1.1 credential (§6.3.1 encoding). Never modifies the input. */
export function encodeVc11Claims(credential: JsonObject): JsonObject {
  const vc = structuredClone(credential);
  const claims: JsonObject = {};
  const { issuer } = credential;
  if (typeof issuer === 'string') {
    claims.iss = issuer;
    delete vc.issuer;
  } else if (isJsonObject(issuer) && typeof issuer.id === 'string') {
    // The issuer's other properties (its name) have no claim: the object stays, its id is iss.
    claims.iss = issuer.id;
  }
  for (const [property, claim] of [['issuanceDate', 'nbf'], ['expirationDate', 'exp']] as const) {
    if (credential[property] === undefined) continue;
    const { seconds, exact } = numericDateOf(credential[property], property);
    claims[claim] = seconds;
    if (exact) delete vc[property];
  }
  if (typeof credential.id === 'string') {
    claims.jti = credential.id;
    delete vc.id;
  }
  const subject = vc.credentialSubject;
  if (isJsonObject(subject) && typeof subject.id === 'string') {
    claims.sub = subject.id;
    delete subject.id;
  }
  return { ...claims, vc };
}

function inconsistent(message: string): SecuringError {
  return new SecuringError(ErrorCodes.CREDENTIAL_INVALID, `The VC-JWT's claims contradict its "vc" claim: ${message}`);
}

/** The properties nbf and exp stand for, by the data model of the credential in the `vc` claim. */
const DATE_PROPERTIES = {
  '1.1': [['nbf', 'issuanceDate'], ['exp', 'expirationDate']],
  '2.0': [['nbf', 'validFrom'], ['exp', 'validUntil']],
} as const;

/**
 * The credential a VC-JWT 1.1 claims set stands for (§6.3.1 decoding): the `vc`
 * claim with iss, nbf, exp, jti and sub written back — nbf and exp as
 * issuanceDate and expirationDate, or as validFrom and validUntil when the
 * credential is a VC 2.0 one (first @context v2; nothing is invented for the
 * other data model's dates). A property present both as a claim and in `vc`
 * must say the same thing; anything else is refused (ERR_CREDENTIAL_INVALID),
 * since a verifier could not tell which one the issuer meant. Other claims
 * (iat, aud, ...) are not part of the credential.
 */
export function decodeVc11Claims(claims: JsonObject): JsonObject {
  if (!isJsonObject(claims.vc)) {
    throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, 'The JWT has no "vc" claim holding the credential.');
  }
  const vc = structuredClone(claims.vc);
  const restored: JsonObject = {};

  const { iss } = claims;
  if (iss !== undefined) {
    if (typeof iss !== 'string' || iss === '') throw inconsistent('"iss" must be the issuer\'s id (a string).');
    const inner = vc.issuer;
    if (inner === undefined || inner === iss) restored.issuer = iss;
    else if (isJsonObject(inner) && (inner.id === undefined || inner.id === iss)) restored.issuer = { ...inner, id: iss };
    else throw inconsistent(`"iss" is ${JSON.stringify(iss)} but the credential's issuer is ${JSON.stringify(isJsonObject(inner) ? inner.id : inner)}.`);
  }

  const model = contextsOf(vc)[0] === CREDENTIALS_V2_URL ? '2.0' : '1.1';
  for (const [claim, property] of DATE_PROPERTIES[model]) {
    const value = claims[claim];
    // A date the vc claim gives must be a real one, whether or not a claim stands for it.
    if (vc[property] !== undefined) numericDateOf(vc[property], property);
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw inconsistent(`"${claim}" must be a NumericDate (seconds since 1970).`);
    const inner = vc[property];
    if (inner === undefined) restored[property] = dateTimeOf(value);
    else if (numericDateOf(inner, property).seconds === Math.floor(value)) restored[property] = inner;
    else throw inconsistent(`"${claim}" is ${dateTimeOf(value)} but the credential's ${property} is ${JSON.stringify(inner)}.`);
  }

  const { jti } = claims;
  if (jti !== undefined) {
    if (typeof jti !== 'string') throw inconsistent('"jti" must be the credential\'s id (a string).');
    if (vc.id !== undefined && vc.id !== jti) throw inconsistent(`"jti" is ${JSON.stringify(jti)} but the credential's id is ${JSON.stringify(vc.id)}.`);
    restored.id = jti;
  }

  const { sub } = claims;
  if (sub !== undefined) {
    if (typeof sub !== 'string') throw inconsistent('"sub" must be the subject\'s id (a string).');
    const subject = vc.credentialSubject;
    if (subject === undefined) vc.credentialSubject = { id: sub };
    else if (isJsonObject(subject)) {
      if (subject.id !== undefined && subject.id !== sub) throw inconsistent(`"sub" is ${JSON.stringify(sub)} but credentialSubject.id is ${JSON.stringify(subject.id)}.`);
      vc.credentialSubject = { id: sub, ...subject };
    } else if (!Array.isArray(subject) || !subject.some((s) => isJsonObject(s) && s.id === sub)) {
      throw inconsistent(`"sub" is ${JSON.stringify(sub)} but no credentialSubject has that id.`);
    }
  }

  // The usual order of a credential's properties, for whoever reads it; the rest as the issuer wrote them.
  const merged: JsonObject = { ...vc, ...restored };
  const ordered: JsonObject = {};
  for (const key of ['@context', 'id', 'type', 'issuer', ...DATE_PROPERTIES[model].map(([, property]) => property)]) {
    if (merged[key] !== undefined) ordered[key] = merged[key];
  }
  return { ...ordered, ...merged };
}
