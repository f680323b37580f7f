/**
 * Presentations secured as a JWT, as wallets send them: enveloped (VC 2.0 §4.13, a data: URL of
 * application/vp+jwt, or of application/jwt for a VC-JWT 1.1 presentation) or as the bare JWT. What a
 * verifier relies on: the holder signed it with a key of theirs, for this verifier's challenge (nonce)
 * and domain (aud), and every credential inside is checked on its own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CompactSign } from 'jose';
import {
  didDocumentFor,
  ErrorCodes,
  generateKey,
  isPresentationJwt,
  readEnvelope,
  secureCredential,
  verifyPresentation,
  type DidDocument,
  type DidResolver,
  type KeyPair,
} from '../src/index.ts';
import { smallCredential, VC_V2 } from './helpers.ts';

type Json = Record<string, unknown>;

let issuer: KeyPair;
let holder: KeyPair;
let other: KeyPair;
let diCredential: Json;
let vcJwt: string;

beforeAll(async () => {
  issuer = await generateKey({ type: 'P-256' });
  holder = await generateKey({ type: 'Ed25519' });
  other = await generateKey({ type: 'Ed25519' });
  diCredential = (await secureCredential(smallCredential(issuer.controller), { key: issuer, format: 'ecdsa' })).credential;
  vcJwt = (await secureCredential(smallCredential(issuer.controller), { key: issuer, format: 'jwt' })).jwt!;
});

/** Signs a payload as the holder's wallet would: a compact JWS with the given protected header. */
async function sign(payload: Json, key: KeyPair, header: Json = {}): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: key.jwsAlgorithm, kid: key.id, typ: 'vp+jwt', cty: 'vp', ...header })
    .sign(await key.joseKey());
}

function presentationOf(holderId: string, credentials: unknown[] = [diCredential, envelopedVc()]): Json {
  return { '@context': [VC_V2], type: ['VerifiablePresentation'], holder: holderId, verifiableCredential: credentials };
}

function envelopedVc(jwt = vcJwt): Json {
  return { '@context': VC_V2, type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${jwt}` };
}

function envelope(jwt: string, mediaType = 'application/vp+jwt'): Json {
  return { '@context': VC_V2, type: 'EnvelopedVerifiablePresentation', id: `data:${mediaType},${jwt}` };
}

/** A VC-JOSE-COSE vp+jwt: the payload is the presentation, with the verifier's challenge and domain as nonce and aud. */
function vpJwt(claims: Json = {}, key = holder, header: Json = {}): Promise<string> {
  return sign({ ...presentationOf(holder.controller), nonce: 'n-1', aud: 'employer.example', ...claims }, key, header);
}

const CHALLENGE = { challenge: 'n-1', domain: 'employer.example' };

describe('a presentation secured as a JWT', () => {
  it('verifies enveloped as application/vp+jwt: the holder, its key, and each credential inside', async () => {
    const result = await verifyPresentation(envelope(await vpJwt()), CHALLENGE);
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.format).toBe('jwt');
    expect(result.holder).toBe(holder.controller);
    expect(result.verificationMethod).toBe(holder.id);
    expect(result.credentials.map((c) => [c.verified, c.format])).toEqual([
      [true, 'ecdsa'],
      [true, 'jwt'],
    ]);
    expect(result.presentation?.verifiableCredential).toHaveLength(2);
  });

  it('verifies a VC-JWT 1.1 presentation (vp claim, iss = holder, typ JWT) enveloped as application/jwt', async () => {
    // The shape the W3C VC 2.0 test suite sends: its `vp` claim holds the presentation.
    const { holder: _holder, ...vp } = presentationOf(holder.controller);
    const jwt = await sign({ iss: holder.controller, aud: 'employer.example', nonce: 'n-1', vp }, holder, { typ: 'JWT', cty: undefined });
    const result = await verifyPresentation(envelope(jwt, 'application/jwt'), CHALLENGE);
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.holder).toBe(holder.controller);
    expect(result.credentials.every((c) => c.verified)).toBe(true);
  });

  it('verifies the bare JWT, and a data: URL in base64, the same way', async () => {
    const jwt = await vpJwt();
    expect(isPresentationJwt(jwt)).toBe(true);
    expect(isPresentationJwt(vcJwt)).toBe(false);
    expect((await verifyPresentation(jwt, CHALLENGE)).verified).toBe(true);
    const base64 = { ...envelope(jwt), id: `data:application/vp+jwt;base64,${Buffer.from(jwt).toString('base64')}` };
    expect((await verifyPresentation(base64, CHALLENGE)).verified).toBe(true);
  });

  it('is refused when made for another challenge, with none, or without the verifier\'s challenge', async () => {
    // What stops a replay: a presentation copied from an earlier exchange carries that exchange's nonce.
    const replayed = await verifyPresentation(envelope(await vpJwt()), { challenge: 'n-2', domain: 'employer.example' });
    expect(replayed.verified).toBe(false);
    expect(replayed.errors).toEqual([{ code: ErrorCodes.PROOF_INVALID, message: expect.stringContaining('replay') }]);
    const { nonce: _nonce, ...withoutNonce } = { ...presentationOf(holder.controller), nonce: 'x', aud: 'employer.example' };
    const noNonce = await verifyPresentation(envelope(await sign(withoutNonce, holder)), CHALLENGE);
    expect(noNonce.errors.map((e) => e.message)).toEqual([expect.stringContaining('carries no "nonce"')]);
    const noChallenge = await verifyPresentation(envelope(await vpJwt()), {});
    expect(noChallenge.verified).toBe(false);
    expect(noChallenge.errors[0]!.message).toContain('A challenge is required');
  });

  it('checks the audience when the verifier names its domain, and only then', async () => {
    const jwt = await vpJwt({ aud: ['other.example', 'employer.example'] });
    expect((await verifyPresentation(jwt, CHALLENGE)).verified).toBe(true);
    const elsewhere = await verifyPresentation(jwt, { challenge: 'n-1', domain: 'mallory.example' });
    expect(elsewhere.errors.map((e) => e.message)).toEqual([expect.stringContaining('not for the domain "mallory.example"')]);
    // VC-API's domain is optional: a verifier that gave none has nothing to compare `aud` with.
    expect((await verifyPresentation(jwt, { challenge: 'n-1' })).verified).toBe(true);
  });

  it('is refused when its signature does not hold or the key is not the holder\'s', async () => {
    // A replayed presentation with its nonce changed to the new challenge: the signature no longer holds.
    const [header, payload, signature] = (await vpJwt()).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Json;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, nonce: 'n-9' })).toString('base64url')}.${signature}`;
    const forged = await verifyPresentation(envelope(tampered), { challenge: 'n-9', domain: 'employer.example' });
    expect(forged.verified).toBe(false);
    expect(forged.errors).toEqual([{ code: ErrorCodes.PROOF_INVALID, message: expect.stringContaining('signature does not verify') }]);

    // Signed by someone else, in the holder's name (their kid, so the signature cannot hold)...
    const impostor = await vpJwt({}, other, { kid: holder.id });
    expect((await verifyPresentation(impostor, CHALLENGE)).errors[0]!.code).toBe(ErrorCodes.PROOF_INVALID);
    // ...or openly with their own key: the key is not the holder's.
    const otherKey = await vpJwt({}, other);
    expect((await verifyPresentation(otherKey, CHALLENGE)).errors[0]!.code).toBe(ErrorCodes.HOLDER_MISMATCH);
    // iss and holder must name the same party.
    const twoNames = await vpJwt({ iss: other.controller });
    expect((await verifyPresentation(twoNames, CHALLENGE)).errors[0]!.code).toBe(ErrorCodes.HOLDER_MISMATCH);
  });

  it('needs a key the holder lists for authentication; a relative kid is the holder\'s', async () => {
    const webHolder = await generateKey({ type: 'Ed25519', did: 'web', domain: 'holder.example' });
    const document = didDocumentFor([webHolder], webHolder.controller);
    const resolverOf = (doc: DidDocument): DidResolver => ({
      resolve: async () => doc,
      dereference: async () => { throw new Error('not used'); },
    });
    const fragment = webHolder.id.slice(webHolder.id.indexOf('#'));
    const jwt = await sign({ ...presentationOf(webHolder.controller, []), nonce: 'n-1' }, webHolder, { kid: fragment });
    const listed = await verifyPresentation(jwt, { challenge: 'n-1', didResolver: resolverOf(document) });
    expect(listed.errors).toEqual([]);
    expect(listed.verificationMethod).toBe(webHolder.id);
    // A key the holder lists only for issuing credentials (assertionMethod) does not prove who is presenting.
    const assertionOnly = await verifyPresentation(jwt, { challenge: 'n-1', didResolver: resolverOf({ ...document, authentication: [] }) });
    expect(assertionOnly.errors).toEqual([{ code: ErrorCodes.HOLDER_MISMATCH, message: expect.stringContaining('not an authentication key') }]);
  });

  it('is refused once expired (exp), and before it is valid (nbf)', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const at = (iso: string) => Math.floor(Date.parse(iso) / 1000);
    const expired = await vpJwt({ exp: at('2029-12-31T00:00:00Z') });
    expect((await verifyPresentation(expired, { ...CHALLENGE, now })).errors[0]!.message).toContain('expired');
    const early = await vpJwt({ nbf: at('2030-01-02T00:00:00Z') });
    expect((await verifyPresentation(early, { ...CHALLENGE, now })).errors[0]!.message).toContain('not valid yet');
    const current = await vpJwt({ nbf: at('2029-12-31T00:00:00Z'), exp: at('2030-01-02T00:00:00Z') });
    expect((await verifyPresentation(current, { ...CHALLENGE, now })).verified).toBe(true);
  });

  it('is not verified when a credential inside was changed, though the holder\'s own JWT holds', async () => {
    const [h, p, s] = vcJwt.split('.') as [string, string, string];
    const credential = JSON.parse(Buffer.from(p, 'base64url').toString()) as Json;
    const changedVc = `${h}.${Buffer.from(JSON.stringify({ ...credential, credentialSubject: { id: 'did:example:mallory' } })).toString('base64url')}.${s}`;
    const jwt = await sign({ ...presentationOf(holder.controller, [diCredential, envelopedVc(changedVc)]), nonce: 'n-1', aud: 'employer.example' }, holder);
    const result = await verifyPresentation(envelope(jwt), CHALLENGE);
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(false);
    expect(result.credentials.map((c) => c.verified)).toEqual([true, false]);
  });

  it('refuses a typ that says it holds something else, and a payload that is not a presentation', async () => {
    const asCredential = await vpJwt({}, holder, { typ: 'vc+jwt' });
    expect((await verifyPresentation(asCredential, CHALLENGE)).errors[0]!.code).toBe(ErrorCodes.UNKNOWN_FORMAT);
    const notAPresentation = await sign({ '@context': [VC_V2], type: ['VerifiableCredential'], nonce: 'n-1' }, holder);
    expect((await verifyPresentation(envelope(notAPresentation), CHALLENGE)).errors[0]!.code).toBe(ErrorCodes.CREDENTIAL_INVALID);
  });
});

describe('the envelope of a presentation', () => {
  it('must hold a data: URL of a presentation JWT media type', async () => {
    const jwt = await vpJwt();
    const cases: [Json, string, string][] = [
      [{ ...envelope(jwt), id: jwt }, ErrorCodes.CREDENTIAL_INVALID, 'must be a data: URL'],
      [{ ...envelope(jwt), id: undefined }, ErrorCodes.CREDENTIAL_INVALID, 'has no "id"'],
      [envelope(jwt, 'application/vc+jwt'), ErrorCodes.CREDENTIAL_INVALID, 'holds a credential (application/vc+jwt), not a presentation'],
      [envelope(jwt, 'text/plain'), ErrorCodes.UNKNOWN_FORMAT, 'holds text/plain'],
      [envelope(jwt, 'application/vp+sd-jwt'), ErrorCodes.UNKNOWN_FORMAT, 'holds application/vp+sd-jwt'],
      [envelope('not-a-jwt'), ErrorCodes.CREDENTIAL_INVALID, 'does not hold a compact JWS'],
      [{ ...envelope(jwt), id: 'data:application/vp+jwt;base64,!!!' }, ErrorCodes.CREDENTIAL_INVALID, 'must be a data: URL'],
    ];
    for (const [value, code, message] of cases) {
      const result = await verifyPresentation(value, CHALLENGE);
      expect(result.verified).toBe(false);
      expect(result.errors).toEqual([{ code, message: expect.stringContaining(message) }]);
    }
  });

  it('is read with its media type parameters and case as the Fetch standard reads data: URLs', () => {
    expect(readEnvelope({ type: 'EnvelopedVerifiablePresentation', id: 'DATA:Application/VP+JWT;charset=utf-8,a.b.c' }, 'presentation')).toEqual({
      jwt: 'a.b.c',
      mediaType: 'application/vp+jwt',
    });
  });
});
