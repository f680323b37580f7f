import { randomUUID } from 'node:crypto';
import { CompactSign, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeJwtCredential,
  generateKey,
  secureCredential,
  verifySecuredCredential,
  withJwtProof,
  type KeyPair,
  type KeyType,
} from '../src/index.ts';
import { flipPayloadByte, withChangedLeaf, leafPaths, withPayload } from './helpers.ts';

/*
 * A VC Data Model 1.1 credential secured as a JWT, as §6.3.1 of that
 * specification defines it: iss, nbf, exp, jti and sub carry issuer,
 * issuanceDate, expirationDate, id and credentialSubject.id, the `vc` claim
 * the rest; `typ` is JWT. Verifiers of the 1.1 era (and OpenID4VCI's
 * jwt_vc_json) read exactly that, so the claims are checked one by one here,
 * not only the round trip.
 */

const V1 = 'https://www.w3.org/2018/credentials/v1';

function v1Credential(issuer: string): Record<string, unknown> {
  return {
    '@context': [V1, 'https://w3id.org/security/suites/ed25519-2020/v1'],
    id: `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential'],
    issuer,
    issuanceDate: '2025-01-01T00:00:00Z',
    expirationDate: '2030-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:learner-1' },
  };
}

const seconds = (date: string) => Date.parse(date) / 1000;
const decodePart = (jwt: string, index: number) => JSON.parse(Buffer.from(jwt.split('.')[index] ?? '', 'base64url').toString('utf8'));

/** Signs a claims set by hand (typ JWT), as another implementation of §6.3.1 would. */
async function signClaims(key: KeyPair, claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: key.jwsAlgorithm, kid: key.id, typ: 'JWT', ...header })
    .sign(await key.joseKey());
}

const keys = new Map<KeyType, KeyPair>();
beforeAll(async () => {
  for (const type of ['Ed25519', 'P-256', 'P-384'] as const) keys.set(type, await generateKey({ type }));
});
const keyOf = (type: KeyType): KeyPair => keys.get(type) as KeyPair;

describe.each(['Ed25519', 'P-256', 'P-384'] as const)('a VC 1.1 credential as a JWT (%s)', (type) => {
  it('moves issuer, issuanceDate, expirationDate, id and the subject id to iss, nbf, exp, jti and sub, and verifies back to the same credential', async () => {
    const key = keyOf(type);
    const credential = v1Credential(key.controller);
    const before = structuredClone(credential);
    const secured = await secureCredential(credential, { key, format: 'jwt' });
    expect(credential).toEqual(before);
    expect(secured.credential).toEqual(credential);

    const jwt = secured.jwt as string;
    expect(decodePart(jwt, 0)).toEqual({ alg: { Ed25519: 'EdDSA', 'P-256': 'ES256', 'P-384': 'ES384' }[type], kid: key.id, typ: 'JWT' });
    expect(decodePart(jwt, 1)).toEqual({
      iss: key.controller,
      nbf: seconds('2025-01-01T00:00:00Z'),
      exp: seconds('2030-01-01T00:00:00Z'),
      jti: credential.id,
      sub: 'did:example:learner-1',
      vc: {
        '@context': credential['@context'],
        type: ['VerifiableCredential'],
        credentialSubject: {},
      },
    });

    const result = await verifySecuredCredential(jwt);
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ verified: true, format: 'jwt', issuer: key.controller, verificationMethod: key.id });
    expect(result.credential).toEqual(credential);
  });
});

describe('VC 1.1 JWT encoding details', () => {
  it('gives a credential without issuanceDate one (VC 1.1 requires it), which becomes nbf', async () => {
    const key = keyOf('Ed25519');
    const { issuanceDate: _none, ...credential } = v1Credential(key.controller);
    const secured = await secureCredential(credential, { key, format: 'jwt', date: '2025-06-01T12:30:00.250Z' });
    expect(secured.credential.issuanceDate).toBe('2025-06-01T12:30:00Z');
    expect(decodePart(secured.jwt as string, 1).nbf).toBe(seconds('2025-06-01T12:30:00Z'));
    expect((await verifySecuredCredential(secured.jwt as string)).credential).toEqual(secured.credential);
  });

  it('keeps in `vc` what a claim cannot say exactly: the issuer\'s name, a date with fractions of a second or an offset', async () => {
    const key = keyOf('Ed25519');
    const credential = {
      ...v1Credential(key.controller),
      issuer: { id: key.controller, name: 'Example Academy' },
      issuanceDate: '2025-01-01T10:00:00.500Z',
      expirationDate: '2030-01-01T12:00:00+02:00',
    };
    const { jwt } = await secureCredential(credential, { key, format: 'jwt' });
    const claims = decodePart(jwt as string, 1);
    expect(claims.iss).toBe(key.controller);
    expect(claims.nbf).toBe(seconds('2025-01-01T10:00:00Z'));
    expect(claims.exp).toBe(seconds('2030-01-01T10:00:00Z'));
    expect(claims.vc).toMatchObject({
      issuer: { id: key.controller, name: 'Example Academy' },
      issuanceDate: '2025-01-01T10:00:00.500Z',
      expirationDate: '2030-01-01T12:00:00+02:00',
    });
    const result = await verifySecuredCredential(jwt as string);
    expect(result.verified).toBe(true);
    expect(result.credential).toEqual(credential);
  });

  it('leaves a VC 2.0 credential a vc+jwt (the encoding follows the first @context)', async () => {
    const key = keyOf('Ed25519');
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: key.controller,
      credentialSubject: { id: 'did:example:learner-1' },
    };
    const { jwt } = await secureCredential(credential, { key, format: 'jwt' });
    expect(decodeProtectedHeader(jwt as string).typ).toBe('vc+jwt');
    expect(decodeJwtCredential(jwt as string)).toMatchObject({ encoding: 'vc+jwt', credential });
  });

  it('refuses to sign a VC 1.1 credential whose issuanceDate is not a date-time', async () => {
    const key = keyOf('Ed25519');
    await expect(secureCredential({ ...v1Credential(key.controller), issuanceDate: 'yesterday' }, { key, format: 'jwt' })).rejects.toMatchObject({
      code: 'ERR_CREDENTIAL_INVALID',
      message: expect.stringContaining('issuanceDate'),
    });
  });
  it('refuses to sign a date that is not on the calendar (Date.parse would roll 2020-02-30 over to March 1st and sign that as exp)', async () => {
    const key = keyOf('Ed25519');
    for (const expirationDate of ['2020-02-30T00:00:00Z', '2021-02-29T00:00:00Z', '2030-04-31T00:00:00Z', '2030-01-01T25:00:00Z', '2030-01-01T10:60:00Z', '2030-01-01T00:00:00+15:00']) {
      await expect(secureCredential({ ...v1Credential(key.controller), expirationDate }, { key, format: 'jwt' }), expirationDate).rejects.toMatchObject({
        code: 'ERR_CREDENTIAL_INVALID',
        message: expect.stringContaining('"expirationDate"'),
      });
    }
  });

  it('signs real dates at the edges: a leap day, 24:00:00 (the next midnight), and a date-time without a time zone read as UTC', async () => {
    const key = keyOf('Ed25519');
    const expOf = async (expirationDate: string) =>
      decodePart((await secureCredential({ ...v1Credential(key.controller), expirationDate }, { key, format: 'jwt' })).jwt as string, 1).exp;
    expect(await expOf('2032-02-29T00:00:00Z')).toBe(seconds('2032-02-29T00:00:00Z'));
    expect(await expOf('2032-02-29T24:00:00Z')).toBe(seconds('2032-03-01T00:00:00Z'));
    expect(await expOf('2032-02-29T12:00:00')).toBe(seconds('2032-02-29T12:00:00Z'));
    expect(await expOf('2032-02-29T12:00:00-14:00')).toBe(seconds('2032-03-01T02:00:00Z'));
  });
});

describe('reading VC 1.1 JWTs made elsewhere (§6.3.1 decoding)', () => {
  it('writes iss, nbf, exp, jti and sub back into the credential', async () => {
    const key = keyOf('P-256');
    const jwt = await signClaims(key, {
      iss: key.controller,
      sub: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
      jti: 'http://example.edu/credentials/3732',
      nbf: 1541493724,
      exp: 1893456000,
      iat: 1541493724,
      vc: {
        '@context': [V1],
        type: ['VerifiableCredential'],
        credentialSubject: { name: 'Ada' },
      },
    });
    const result = await verifySecuredCredential(jwt);
    expect(result.errors).toEqual([]);
    expect(result.credential).toEqual({
      '@context': [V1],
      id: 'http://example.edu/credentials/3732',
      type: ['VerifiableCredential'],
      issuer: key.controller,
      issuanceDate: '2018-11-06T08:42:04Z',
      expirationDate: '2030-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21', name: 'Ada' },
    });
  });

  it('accepts a JWT without typ (it is optional in 1.1) and with the mapped properties kept in `vc` too', async () => {
    const key = keyOf('Ed25519');
    const credential = v1Credential(key.controller);
    const jwt = await new CompactSign(
      new TextEncoder().encode(JSON.stringify({ iss: key.controller, nbf: seconds('2025-01-01T00:00:00Z'), jti: credential.id, sub: 'did:example:learner-1', vc: credential })),
    )
      .setProtectedHeader({ alg: 'EdDSA', kid: key.id })
      .sign(await key.joseKey());
    const result = await verifySecuredCredential(jwt);
    expect(result.errors).toEqual([]);
    expect(result.credential).toEqual(credential);
  });

  it.each([
    ['iss names another issuer than vc.issuer', { vc: { issuer: 'did:example:someone-else' } }, '"iss"'],
    ['jti is not vc.id', { jti: 'urn:uuid:00000000-0000-4000-8000-000000000000', vc: { id: 'urn:uuid:11111111-1111-4111-8111-111111111111' } }, '"jti"'],
    ['sub is not credentialSubject.id', { vc: { credentialSubject: { id: 'did:example:someone-else' } } }, '"sub"'],
    ['nbf is not issuanceDate', { vc: { issuanceDate: '2024-01-01T00:00:00Z' } }, '"nbf"'],
    ['exp is not expirationDate', { exp: seconds('2031-01-01T00:00:00Z'), vc: { expirationDate: '2030-01-01T00:00:00Z' } }, '"exp"'],
  ])('refuses a JWT whose %s', async (_name, change: Record<string, unknown>, named) => {
    const key = keyOf('Ed25519');
    const base = { iss: key.controller, nbf: seconds('2025-01-01T00:00:00Z'), sub: 'did:example:learner-1', vc: { '@context': [V1], type: ['VerifiableCredential'], credentialSubject: {} } };
    const { vc: vcChange, ...claimChange } = change as { vc?: Record<string, unknown> };
    const claims = { ...base, ...claimChange, vc: { ...base.vc, ...vcChange } };
    const result = await verifySecuredCredential(await signClaims(key, claims));
    expect(result.verified).toBe(false);
    expect(result.errors[0]?.code).toBe('ERR_CREDENTIAL_INVALID');
    expect(result.errors[0]?.message).toContain(named);
  });

  it('refuses an impossible date in `vc`, whether a claim stands for it (exp rolled over to it) or not', async () => {
    const key = keyOf('Ed25519');
    const vc = { '@context': [V1], type: ['VerifiableCredential'], credentialSubject: {} };
    const base = { iss: key.controller, nbf: seconds('2019-01-01T00:00:00Z'), sub: 'did:example:learner-1' };
    const rolledOver = { ...base, exp: seconds('2020-03-01T00:00:00Z'), vc: { ...vc, expirationDate: '2020-02-30T00:00:00Z' } };
    const withoutClaim = { ...base, vc: { ...vc, expirationDate: '2020-02-30T00:00:00Z' } };
    for (const claims of [rolledOver, withoutClaim]) {
      const result = await verifySecuredCredential(await signClaims(key, claims));
      expect(result.verified).toBe(false);
      expect(result.errors[0]).toMatchObject({ code: 'ERR_CREDENTIAL_INVALID', message: expect.stringContaining('"expirationDate"') });
    }
  });

  it('refuses a JWT without iss, and one whose iss is not the signing key\'s controller', async () => {
    const key = keyOf('Ed25519');
    const other = await generateKey({ type: 'Ed25519' });
    const vc = { '@context': [V1], type: ['VerifiableCredential'], issuanceDate: '2025-01-01T00:00:00Z', issuer: key.controller, credentialSubject: { id: 'did:example:x' } };
    const { issuer: _issuer, ...vcWithoutIssuer } = vc;
    const noIss = await verifySecuredCredential(await signClaims(key, { vc }));
    expect(noIss.errors[0]).toMatchObject({ code: 'ERR_CREDENTIAL_INVALID', message: expect.stringContaining('"iss"') });
    // Signed with the issuer's key but naming someone else as iss: that someone else did not sign it.
    const forged = await verifySecuredCredential(await signClaims(key, { iss: other.controller, vc: vcWithoutIssuer }));
    expect(forged.verified).toBe(false);
    expect(forged.errors[0]?.code).toBe('ERR_ISSUER_MISMATCH');
  });

  it('refuses a `vc` claim whose credential is neither VC 1.1 nor VC 2.0, and a typ JWT without a `vc` claim', async () => {
    const key = keyOf('Ed25519');
    const other = { '@context': ['https://example.org/not-a-vc-context'], type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:x' } };
    const inVc = await verifySecuredCredential(await signClaims(key, { iss: key.controller, vc: other }));
    expect(inVc.errors[0]).toMatchObject({ code: 'ERR_CREDENTIAL_INVALID', message: expect.stringContaining('https://www.w3.org/ns/credentials/v2') });
    const plain = await verifySecuredCredential(await signClaims(key, { iss: key.controller, sub: 'did:example:x' }));
    expect(plain.errors[0]?.code).toBe('ERR_UNKNOWN_FORMAT');
  });

  it('does not look at the validity window: a not-yet-valid, expired JWT still has a good signature (the verifier reports the dates)', async () => {
    const key = keyOf('Ed25519');
    const credential = { ...v1Credential(key.controller), issuanceDate: '2999-01-01T00:00:00Z', expirationDate: '2000-01-01T00:00:00Z' };
    const secured = await secureCredential(credential, { key, format: 'jwt' });
    const result = await verifySecuredCredential(secured.jwt as string);
    expect(result.verified).toBe(true);
    expect(result.credential).toMatchObject({ issuanceDate: '2999-01-01T00:00:00Z', expirationDate: '2000-01-01T00:00:00Z' });
  });
});

/*
 * did-jwt-vc, Veramo and SpruceID put a VC 2.0 credential in the `vc` claim
 * unchanged (no typ, often ES256), and the W3C VC 2.0 test suite presents one.
 * A verifier must read it with 2.0's own dates: nbf and exp are validFrom and
 * validUntil (2.0 has no issuanceDate), or an expired credential would look
 * current.
 */
describe('a VC 2.0 credential in a `vc` claim', () => {
  const V2 = 'https://www.w3.org/ns/credentials/v2';
  const v2Claims = (issuer: string, vc: Record<string, unknown> = {}, claims: Record<string, unknown> = {}) => ({
    iss: issuer,
    sub: 'did:example:learner-1',
    jti: 'urn:uuid:6f1c9b52-5a57-4c1e-9a86-2b4a0f3d7e10',
    nbf: seconds('2025-01-01T00:00:00Z'),
    exp: seconds('2030-01-01T00:00:00Z'),
    ...claims,
    vc: { '@context': [V2], type: ['VerifiableCredential'], credentialSubject: { name: 'Ada' }, ...vc },
  });
  /** Signed without typ, as those libraries do. */
  const signUntyped = async (key: KeyPair, claims: Record<string, unknown>) =>
    new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: key.jwsAlgorithm, kid: key.id }).sign(await key.joseKey());

  it('verifies (P-256, no typ), with iss, jti, sub, nbf and exp as issuer, id, credentialSubject.id, validFrom and validUntil', async () => {
    const key = keyOf('P-256');
    const jwt = await signUntyped(key, v2Claims(key.controller));
    expect(decodePart(jwt, 0)).toEqual({ alg: 'ES256', kid: key.id });
    const result = await verifySecuredCredential(jwt);
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ verified: true, format: 'jwt', jwtEncoding: 'vc-jwt-1.1', issuer: key.controller, verificationMethod: key.id });
    // No issuanceDate or expirationDate: those are VC 1.1 properties, which a 2.0 credential does not have.
    expect(result.credential).toEqual({
      '@context': [V2],
      id: 'urn:uuid:6f1c9b52-5a57-4c1e-9a86-2b4a0f3d7e10',
      type: ['VerifiableCredential'],
      issuer: key.controller,
      validFrom: '2025-01-01T00:00:00Z',
      validUntil: '2030-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:learner-1', name: 'Ada' },
    });
  });

  it('keeps validFrom and validUntil given in `vc` when nbf and exp agree with them (to the second), and needs no date at all', async () => {
    const key = keyOf('Ed25519');
    const vc = { issuer: { id: key.controller, name: 'Example Academy' }, validFrom: '2025-01-01T01:00:00.500+01:00', validUntil: '2030-01-01T00:00:00Z' };
    const kept = await verifySecuredCredential(await signUntyped(key, v2Claims(key.controller, vc)));
    expect(kept.errors).toEqual([]);
    expect(kept.credential).toMatchObject({ issuer: vc.issuer, validFrom: vc.validFrom, validUntil: vc.validUntil });
    const { nbf: _nbf, exp: _exp, ...undated } = v2Claims(key.controller);
    const none = await verifySecuredCredential(await signUntyped(key, undated));
    expect(none.errors).toEqual([]);
    expect(Object.keys(none.credential ?? {}).filter((k) => /valid|Date/.test(k))).toEqual([]);
  });

  it.each([
    ['nbf is not validFrom', { validFrom: '2024-01-01T00:00:00Z' }, '"nbf"'],
    ['exp is not validUntil', { validUntil: '2031-01-01T00:00:00Z' }, '"exp"'],
    ['iss is not the issuer', { issuer: 'did:example:someone-else' }, '"iss"'],
    ['jti is not the id', { id: 'urn:uuid:11111111-1111-4111-8111-111111111111' }, '"jti"'],
    ['sub is not credentialSubject.id', { credentialSubject: { id: 'did:example:someone-else' } }, '"sub"'],
  ])('refuses one whose %s', async (_name, vc: Record<string, unknown>, named) => {
    const key = keyOf('P-256');
    const result = await verifySecuredCredential(await signUntyped(key, v2Claims(key.controller, vc)));
    expect(result.verified).toBe(false);
    expect(result.errors[0]).toMatchObject({ code: 'ERR_CREDENTIAL_INVALID', message: expect.stringContaining(named) });
  });

  it('refuses one whose iss is not the signing key\'s controller', async () => {
    const key = keyOf('P-256');
    const other = await generateKey({ type: 'P-256' });
    const result = await verifySecuredCredential(await signUntyped(key, v2Claims(other.controller)));
    expect(result.verified).toBe(false);
    expect(result.errors[0]?.code).toBe('ERR_ISSUER_MISMATCH');
  });

  it('fails when a claim or a value in `vc` is changed, the signature kept', async () => {
    const key = keyOf('P-256');
    const jwt = await signUntyped(key, v2Claims(key.controller));
    expect((await verifySecuredCredential(flipPayloadByte(jwt))).verified).toBe(false);
    const claims = decodePart(jwt, 1);
    for (const path of leafPaths(claims)) {
      const result = await verifySecuredCredential(withPayload(jwt, withChangedLeaf(claims, path)));
      expect(result.verified, `changed ${path.join('.')}`).toBe(false);
    }
  });
});

describe('tampering with a VC 1.1 JWT', () => {
  it('fails on a flipped payload byte', async () => {
    const key = keyOf('Ed25519');
    const { jwt } = await secureCredential(v1Credential(key.controller), { key, format: 'jwt' });
    const result = await verifySecuredCredential(flipPayloadByte(jwt as string));
    expect(result.verified).toBe(false);
  });

  it('fails whichever claim or vc value is changed, the signature kept', async () => {
    const key = keyOf('P-256');
    const { jwt } = await secureCredential({ ...v1Credential(key.controller), credentialSubject: { id: 'did:example:learner-1', name: 'Ada' } }, { key, format: 'jwt' });
    const claims = decodePart(jwt as string, 1);
    for (const path of leafPaths(claims)) {
      const result = await verifySecuredCredential(withPayload(jwt as string, withChangedLeaf(claims, path)));
      expect(result.verified, `changed ${path.join('.')}`).toBe(false);
    }
  });
});

describe('a VC 1.1 JWT shown as JSON with a JwtProof2020 proof', () => {
  it('is the decoded credential with the JWT as its proof, and verifies', async () => {
    const key = keyOf('Ed25519');
    const credential = v1Credential(key.controller);
    const { jwt } = await secureCredential(credential, { key, format: 'jwt' });
    const shown = withJwtProof(jwt as string);
    expect(shown).toEqual({ ...credential, proof: { type: 'JwtProof2020', jwt } });
    const result = await verifySecuredCredential(shown);
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ verified: true, format: 'jwt', credential });
  });

  it('fails when the JSON around the JWT says something the JWT does not', async () => {
    const key = keyOf('Ed25519');
    const { jwt } = await secureCredential(v1Credential(key.controller), { key, format: 'jwt' });
    const shown = withJwtProof(jwt as string);
    const { '@context': _context, ...noContext } = shown;
    for (const changed of [
      { ...shown, credentialSubject: { id: 'did:example:someone-else' } },
      { ...shown, expirationDate: '2099-01-01T00:00:00Z' },
      noContext,
    ]) {
      const result = await verifySecuredCredential(changed);
      expect(result.verified).toBe(false);
      expect(result.errors[0]).toMatchObject({ code: 'ERR_PROOF_INVALID', message: expect.stringContaining('differs from the one its JWT signs') });
    }
  });
});
