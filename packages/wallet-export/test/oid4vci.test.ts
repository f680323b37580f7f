/**
 * OID4VCI pieces without a server: the metadata and offer a wallet reads, and the check of a wallet's
 * key proof, over every way a proof can be wrong.
 */
import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDidResolver, generateKey, type KeyPair } from '@microcred/securing';
import {
  authorizationServerMetadata,
  credentialIssuerMetadata,
  credentialOffer,
  credentialOfferLink,
  didJwkOf,
  newTxCode,
  Oid4vciError,
  verifyKeyProof,
} from '../src/index.ts';

const ISSUER = 'https://certs.example.org';
const didResolver = createDidResolver();

describe('OID4VCI metadata and offers', () => {
  it('describes both configurations as ldp_vc bound by a jwt proof, with display under credential_metadata (1.0)', () => {
    const metadata = credentialIssuerMetadata({ credentialIssuer: ISSUER });
    expect(metadata).toMatchObject({ credential_issuer: ISSUER, credential_endpoint: `${ISSUER}/oid4vci/credential`, nonce_endpoint: `${ISSUER}/oid4vci/nonce` });
    expect(metadata).not.toHaveProperty('authorization_servers');
    expect(metadata.credential_configurations_supported.OpenBadgeCredential).toMatchObject({
      format: 'ldp_vc',
      cryptographic_binding_methods_supported: ['did:key', 'did:jwk'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['EdDSA', 'ES256', 'ES384'] } },
      credential_definition: { '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'], type: ['VerifiableCredential', 'OpenBadgeCredential'] },
      credential_metadata: { display: [expect.objectContaining({ name: 'Open Badge 3.0', locale: 'en' })] },
    });
    expect(authorizationServerMetadata({ issuer: ISSUER })).toMatchObject({
      issuer: ISSUER,
      token_endpoint: `${ISSUER}/oid4vci/token`,
      grant_types_supported: ['urn:ietf:params:oauth:grant-type:pre-authorized_code'],
      'pre-authorized_grant_anonymous_access_supported': true,
    });
  });

  it('makes an offer by reference with a numeric transaction code, and a link that carries neither code', () => {
    const offer = credentialOffer({ credentialIssuer: ISSUER, configurationIds: ['MicroCredential'], preAuthorizedCode: 'abc', txCode: { length: 6, description: 'On your page' } });
    expect(offer).toEqual({
      credential_issuer: ISSUER,
      credential_configuration_ids: ['MicroCredential'],
      grants: { 'urn:ietf:params:oauth:grant-type:pre-authorized_code': { 'pre-authorized_code': 'abc', tx_code: { input_mode: 'numeric', length: 6, description: 'On your page' } } },
    });
    expect(credentialOfferLink(`${ISSUER}/oid4vci/offers/abc`)).toBe('openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fcerts.example.org%2Foid4vci%2Foffers%2Fabc');
    const codes = new Set(Array.from({ length: 50 }, () => newTxCode()));
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(codes.size).toBeGreaterThan(40);
  });
});

describe('the wallet\'s key proof', () => {
  let wallet: KeyPair;
  let walletKey: CryptoKey;
  const now = new Date('2026-06-01T12:00:00Z');
  const iat = Math.floor(now.getTime() / 1000);

  beforeAll(async () => {
    wallet = await generateKey({ type: 'Ed25519', did: 'key' });
    walletKey = await wallet.joseKey();
  });

  const proof = (header: Record<string, unknown>, payload: Record<string, unknown>, key: CryptoKey | Uint8Array = walletKey) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', typ: 'openid4vci-proof+jwt', kid: wallet.id, ...header } as never).sign(key as CryptoKey);
  const check = (jwt: unknown) => verifyKeyProof(jwt, { credentialIssuer: ISSUER, didResolver, now });
  const refusal = async (jwt: unknown) => {
    const error = await check(jwt).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(Oid4vciError);
    expect((error as Oid4vciError).error).toBe('invalid_proof');
    return (error as Error).message;
  };

  it('accepts a did:key proof and names the wallet\'s DID and the nonce', async () => {
    expect(await check(await proof({}, { aud: ISSUER, iat, nonce: 'n-1' }))).toEqual({ holder: wallet.controller, nonce: 'n-1', algorithm: 'EdDSA' });
  });

  it('accepts a jwk proof (P-256) and names the key as did:jwk', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = (await exportJWK(publicKey)) as JWK;
    const jwt = await new SignJWT({ aud: ISSUER, iat, nonce: 'n-2' }).setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk }).sign(privateKey);
    const result = await check(jwt);
    expect(result.holder).toBe(didJwkOf(jwk));
    expect(JSON.parse(Buffer.from(result.holder.slice(8), 'base64url').toString())).toEqual({ crv: 'P-256', kty: 'EC', x: jwk.x, y: jwk.y });
    // The same key named by its did:jwk DID URL gives the same DID.
    const byKid = await new SignJWT({ aud: ISSUER, iat, nonce: 'n-3' }).setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', kid: `${result.holder}#0` }).sign(privateKey);
    expect((await check(byKid)).holder).toBe(result.holder);
  });

  it('refuses every malformed or misdirected proof, saying what is wrong', async () => {
    expect(await refusal('not a jwt')).toMatch(/compact JWT/);
    expect(await refusal(await proof({ typ: 'JWT' }, { aud: ISSUER, iat }))).toMatch(/typ must be "openid4vci-proof\+jwt"/);
    expect(await refusal(await proof({}, { aud: 'https://elsewhere.example', iat }))).toMatch(/aud must be the credential issuer/);
    expect(await refusal(await proof({}, { aud: ISSUER, iat: iat - 3600 }))).toMatch(/too old/);
    expect(await refusal(await proof({}, { aud: ISSUER, iat: iat + 3600 }))).toMatch(/in the future/);
    expect(await refusal(await proof({}, { aud: ISSUER }))).toMatch(/no iat/);
    expect(await refusal(await proof({ kid: 'did:web:wallet.example#key-1' }, { aud: ISSUER, iat }))).toMatch(/did:key or did:jwk/);
    const other = await generateKey({ type: 'Ed25519', did: 'key' });
    expect(await refusal(await proof({}, { aud: ISSUER, iat }, await other.joseKey()))).toMatch(/signature does not verify/);
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const withPrivate = await new SignJWT({ aud: ISSUER, iat })
      .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: (await exportJWK(privateKey)) as JWK })
      .sign(privateKey);
    expect(await refusal(withPrivate)).toMatch(/private key/);
    const both = await new SignJWT({ aud: ISSUER, iat }).setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', kid: wallet.id, jwk: (await exportJWK(publicKey)) as JWK }).sign(privateKey);
    expect(await refusal(both)).toMatch(/exactly one of kid/);
    const hs = await new SignJWT({ aud: ISSUER, iat }).setProtectedHeader({ alg: 'HS256', typ: 'openid4vci-proof+jwt', kid: wallet.id }).sign(new Uint8Array(32));
    expect(await refusal(hs)).toMatch(/alg must be one of/);
  });
});
