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

function numericDateOf(value: unknown, property: string): { seconds: number; exact: boolean } {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new SecuringError(ErrorCodes.CREDENTIAL_INVALID, `"${property}" must be an XML Schema date-time, not ${JSON.stringify(value)}.`);
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
