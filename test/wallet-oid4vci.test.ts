/**
 * A real OpenID4VCI wallet client (@openid4vc/openid4vci, the OpenWallet Foundation's oid4vc-ts, as
 * Credo and Paradym use it) against the real issuer service on 127.0.0.1: the learner opens the
 * "add to a wallet" page, the wallet resolves the offer from its QR code, redeems the pre-authorized
 * code with the transaction code printed beside it, proves possession of its key and receives the
 * credential bound to that key; the service's verifier reports it valid. Then the achievement is
 * revoked, and every rendition the learner took away verifies as revoked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Openid4vciClient, Openid4vciVersion, setGlobalConfig } from '@openid4vc/openid4vci';
import { clientAuthenticationNone, HashAlgorithm, type JwtSigner } from '@openid4vc/oauth2';
import { loadFixture } from '@microcred/model';
import { createDidResolver, createDocumentLoader, generateKey, generateTestSeal, type KeyPair } from '@microcred/securing';
import { httpStatusLists, verify } from '@microcred/verifier';
import { createTenantToken, provisionTenant, readSettings, silentLogger, startServer, type RunningServer } from '@microcred/issuer';

type Json = Record<string, any>;

let server: RunningServer;
let dir: string;
let token: string;

async function http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** base58btc (the multibase of did:key), decoded. */
function base58(text: string): Uint8Array {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let value = 0n;
  for (const ch of text) value = value * 58n + BigInt(alphabet.indexOf(ch));
  const hex = value.toString(16);
  const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  const zeros = text.length - text.replace(/^1+/, '').length;
  return new Uint8Array(Buffer.concat([Buffer.alloc(zeros), bytes]));
}

/** The wallet's side of signing: the library hands over header and payload, jose signs with the wallet's key. */
function walletCallbacks(keys: Map<string, { privateKey: CryptoKey; publicJwk: JWK }>) {
  return {
    fetch,
    hash: (data: Uint8Array, alg: HashAlgorithm) =>
      new Uint8Array(createHash(alg === HashAlgorithm.Sha384 ? 'sha384' : alg === HashAlgorithm.Sha512 ? 'sha512' : 'sha256').update(data).digest()),
    generateRandom: (length: number) => new Uint8Array(randomBytes(length)),
    clientAuthentication: clientAuthenticationNone({ clientId: 'microcred-test-wallet' }),
    signJwt: async (signer: JwtSigner, jwt: { header: Json; payload: Json }) => {
      const id = signer.method === 'did' ? signer.didUrl : 'jwk';
      const key = keys.get(id);
      if (!key) throw new Error(`the test wallet has no key ${id}`);
      const compact = await new SignJWT(jwt.payload).setProtectedHeader(jwt.header as never).sign(key.privateKey);
      return { jwt: compact, signerJwk: key.publicJwk as never };
    },
  };
}

async function didKeyWallet(): Promise<{ key: KeyPair; signer: JwtSigner; keys: Map<string, { privateKey: CryptoKey; publicJwk: JWK }> }> {
  const key = await generateKey({ type: 'Ed25519', did: 'key' });
  const privateKey = await key.joseKey();
  const publicJwk: JWK = { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(base58(key.publicKeyMultibase.slice(1)).subarray(2)).toString('base64url') };
  return { key, signer: { method: 'did', didUrl: key.id, alg: 'EdDSA' }, keys: new Map([[key.id, { privateKey, publicJwk }]]) };
}

async function jwkWallet(): Promise<{ signer: JwtSigner; keys: Map<string, { privateKey: CryptoKey; publicJwk: JWK }>; publicJwk: JWK }> {
  const { privateKey, publicKey } = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as { privateKey: CryptoKey; publicKey: CryptoKey };
  const publicJwk = await exportJWK(publicKey);
  await importJWK(publicJwk, 'ES256');
  return { signer: { method: 'jwk', publicJwk: publicJwk as never, alg: 'ES256' }, keys: new Map([['jwk', { privateKey, publicJwk }]]), publicJwk };
}

/** What the learner's "add to a wallet" page shows: the offer link (in the QR code) and the transaction code beside it. */
async function addPage(claimLink: string): Promise<{ offerLink: string; txCode: string; lcwLink: string; html: string; headers: Headers }> {
  const claim = new URL(claimLink).pathname.split('/').pop() as string;
  const response = await fetch(`${server.url}/wallet/${claim}/add`);
  expect(response.status).toBe(200);
  const html = await response.text();
  const offerLink = /href="(openid-credential-offer:\/\/[^"]+)"/.exec(html)?.[1];
  const txCode = /<strong aria-label="Transaction code: [\d ]+">(\d{6})<\/strong>/.exec(html)?.[1];
  const lcwLink = /href="(https:\/\/lcw\.app\/request\.html\?[^"]+)"/.exec(html)?.[1];
  expect(offerLink).toBeDefined();
  expect(txCode).toBeDefined();
  expect(lcwLink).toBeDefined();
  return { offerLink: (offerLink as string).replace(/&amp;/g, '&'), txCode: txCode as string, lcwLink: (lcwLink as string).replace(/&amp;/g, '&'), html, headers: response.headers };
}

const verdictOf = async (credential: unknown) => (await http('POST', '/credentials/verify', { verifiableCredential: credential })).body;

beforeAll(async () => {
  setGlobalConfig({ allowInsecureUrls: true });
  dir = mkdtempSync(join(tmpdir(), 'microcred-wallet-'));
  server = await startServer({ host: '127.0.0.1', port: 0, dataDir: dir, settings: readSettings({}), signingThreads: 0, logger: silentLogger });
  // The tenant at the server's own host: did:web:127.0.0.1%3A<port>.
  const tenant = await provisionTenant(server.store, { id: 'pcb', name: 'Example Personnel Certification Body', publicUrl: server.publicUrl, root: true });
  token = (await createTenantToken(server.store, tenant.id, { scopes: ['issue', 'manage'] })).token;
});

afterAll(async () => {
  setGlobalConfig({ allowInsecureUrls: false });
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('OID4VCI 1.0 pre-authorized code flow with @openid4vc/openid4vci as the wallet', () => {
  let issued: Json;
  let bound: Json;

  beforeAll(async () => {
    const response = await http('POST', '/micro-credentials', loadFixture('digital-skills-bootcamp'));
    expect(response.status, response.text).toBe(201);
    issued = response.body;
  });

  it('serves credential issuer and authorization server metadata the client reads as OID4VCI 1.0', async () => {
    const wallet = await didKeyWallet();
    const client = new Openid4vciClient({ callbacks: walletCallbacks(wallet.keys) });
    const metadata = await client.resolveIssuerMetadata(server.publicUrl);
    expect(metadata.originalDraftVersion).toBe(Openid4vciVersion.V1);
    expect(metadata.credentialIssuer.credential_issuer).toBe(server.publicUrl);
    expect(Object.keys(metadata.credentialIssuer.credential_configurations_supported).sort()).toEqual(['MicroCredential', 'OpenBadgeCredential']);
    expect(metadata.credentialIssuer.credential_configurations_supported.MicroCredential).toMatchObject({ format: 'ldp_vc' });
    expect(metadata.credentialIssuer.nonce_endpoint).toBe(`${server.publicUrl}/oid4vci/nonce`);
    expect(metadata.authorizationServers[0]).toMatchObject({ issuer: server.publicUrl, token_endpoint: `${server.publicUrl}/oid4vci/token` });
  });

  it('issues the credential bound to the wallet\'s did:key, with the same status entries, and the verifier reports it valid', async () => {
    const page = await addPage(issued.links.claim);
    // The transaction code is on the page, never in what the QR code holds.
    expect(page.offerLink).not.toContain(page.txCode);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(page.html).not.toMatch(/<script|style=/);

    const wallet = await didKeyWallet();
    const client = new Openid4vciClient({ callbacks: walletCallbacks(wallet.keys) });
    const offer = await client.resolveCredentialOffer(page.offerLink);
    expect(offer.credential_configuration_ids).toEqual(['MicroCredential', 'OpenBadgeCredential']);
    const preAuthorized = offer.grants?.['urn:ietf:params:oauth:grant-type:pre-authorized_code'];
    expect(preAuthorized?.tx_code).toMatchObject({ input_mode: 'numeric', length: 6 });
    const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
    const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer: offer, issuerMetadata, txCode: page.txCode });
    expect(accessTokenResponse.token_type).toBe('Bearer');
    const { c_nonce } = await client.requestNonce({ issuerMetadata });
    const { jwt } = await client.createCredentialRequestJwtProof({ issuerMetadata, signer: wallet.signer, nonce: c_nonce, credentialConfigurationId: 'MicroCredential' });
    const response = await client.retrieveCredentials({
      issuerMetadata,
      accessToken: accessTokenResponse.access_token,
      credentialConfigurationId: 'MicroCredential',
      proofs: { jwt: [jwt] },
    });
    const credentials = response.credentialResponse.credentials as { credential: Json }[];
    expect(credentials).toHaveLength(1);
    bound = credentials[0]!.credential;

    expect(bound.credentialSubject.id).toBe(wallet.key.controller);
    expect(bound.id).not.toBe(issued.id);
    expect(bound.credentialStatus).toEqual(issued.verifiableCredential.credentialStatus);
    expect(bound.identifier).toEqual(issued.verifiableCredential.identifier);
    const report = await verdictOf(bound);
    expect(report.verified, JSON.stringify(report.report.checks)).toBe(true);
    expect(report.report.label).toBe('Valid');

    // The offer is redeemable once, and its access token buys one credential.
    await expect(client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer: offer, issuerMetadata, txCode: page.txCode })).rejects.toThrow();
    const again = await http('POST', '/oid4vci/credential', { credential_configuration_id: 'MicroCredential', proofs: { jwt: [jwt] } }, { authorization: `Bearer ${accessTokenResponse.access_token}` });
    expect(again.status).toBe(401);
    expect(again.body.error).toBe('invalid_token');
  });

  it('issues the Open Badge 3.0 to a did:jwk wallet (P-256 key in the proof header)', async () => {
    const page = await addPage(issued.links.claim);
    const wallet = await jwkWallet();
    const client = new Openid4vciClient({ callbacks: walletCallbacks(wallet.keys) });
    const offer = await client.resolveCredentialOffer(page.offerLink);
    const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
    const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer: offer, issuerMetadata, txCode: page.txCode });
    const { c_nonce } = await client.requestNonce({ issuerMetadata });
    const { jwt } = await client.createCredentialRequestJwtProof({ issuerMetadata, signer: wallet.signer, nonce: c_nonce, credentialConfigurationId: 'OpenBadgeCredential' });
    const response = await client.retrieveCredentials({ issuerMetadata, accessToken: accessTokenResponse.access_token, credentialConfigurationId: 'OpenBadgeCredential', proofs: { jwt: [jwt] } });
    const badge = (response.credentialResponse.credentials as { credential: Json }[])[0]!.credential;
    expect(badge.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(badge.credentialSubject.id).toMatch(/^did:jwk:/);
    expect(JSON.parse(Buffer.from(badge.credentialSubject.id.slice('did:jwk:'.length), 'base64url').toString())).toMatchObject({ kty: 'EC', crv: 'P-256', x: wallet.publicJwk.x });
    expect(badge.credentialStatus).toEqual(issued.verifiableCredential.credentialStatus);
    expect((await verdictOf(badge)).verified).toBe(true);
  });

  it('refuses a wrong transaction code, and burns the offer after five', async () => {
    const page = await addPage(issued.links.claim);
    const code = decodeURIComponent(new URL(page.offerLink).searchParams.get('credential_offer_uri') as string).split('/').pop() as string;
    const wrong = page.txCode === '000000' ? '111111' : '000000';
    const form = (txCode: string) =>
      fetch(`${server.url}/oid4vci/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code, tx_code: txCode }),
      });
    for (let i = 0; i < 5; i++) {
      const response = await form(wrong);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
    }
    const right = await form(page.txCode);
    expect(right.status).toBe(400);
    expect(await right.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a proof for another audience, an unknown nonce, and a credential outside the offer', async () => {
    const wallet = await didKeyWallet();
    const offer = await http('POST', `${new URL(issued.links.self).pathname}/offers`, { credentialConfigurationIds: ['MicroCredential'], txCode: false });
    expect(offer.status).toBe(201);
    expect(offer.body.txCode).toBeNull();
    const code = offer.body.credentialOfferUri.split('/').pop();
    const tokenResponse = await fetch(`${server.url}/oid4vci/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code }),
    });
    const { access_token } = (await tokenResponse.json()) as Json;
    const nonce = (await http('POST', '/oid4vci/nonce')).body.c_nonce;
    const proof = (claims: Json) =>
      new SignJWT({ iat: Math.floor(Date.now() / 1000), ...claims })
        .setProtectedHeader({ alg: 'EdDSA', typ: 'openid4vci-proof+jwt', kid: wallet.key.id })
        .sign(wallet.keys.get(wallet.key.id)!.privateKey);
    const ask = async (body: Json) => (await http('POST', '/oid4vci/credential', body, { authorization: `Bearer ${access_token}` })).body;
    expect(await ask({ credential_configuration_id: 'MicroCredential', proofs: { jwt: [await proof({ aud: 'https://elsewhere.example', nonce })] } })).toMatchObject({ error: 'invalid_proof' });
    expect(await ask({ credential_configuration_id: 'MicroCredential', proofs: { jwt: [await proof({ aud: server.publicUrl, nonce: 'made-up' })] } })).toMatchObject({ error: 'invalid_nonce' });
    expect(await ask({ credential_configuration_id: 'OpenBadgeCredential', proofs: { jwt: [await proof({ aud: server.publicUrl, nonce })] } })).toMatchObject({ error: 'unknown_credential_configuration' });
    // Still unused: the right request gets the credential.
    const good = await ask({ credential_configuration_id: 'MicroCredential', proofs: { jwt: [await proof({ aud: server.publicUrl, nonce })] } });
    expect(good.credentials[0].credential.credentialSubject.id).toBe(wallet.key.controller);
  });
});

describe('revoking the achievement revokes every rendition', () => {
  it('the primary, vc+jwt, Open Badge 3.0 and OID4VCI-issued credentials all verify as revoked; the sealed EDC is no longer handed out', async () => {
    const seal = await generateTestSeal({ organization: 'Example Personnel Certification Body', organizationIdentifier: 'VATSI-12345678', country: 'SI', keyType: 'P-256' });
    const set = await http('PUT', '/tenants/current/seal', { certificateChain: [seal.certificatePem, seal.caCertificatePem], privateKey: seal.privateKeyPem });
    expect(set.status, set.text).toBe(200);

    const issuedResponse = await http('POST', '/micro-credentials', loadFixture('crane-operator-certificate'));
    expect(issuedResponse.status, issuedResponse.text).toBe(201);
    const issued = issuedResponse.body as Json;
    const claim = new URL(issued.links.claim).pathname.split('/').pop() as string;
    const self = new URL(issued.links.self).pathname;

    const files: Record<string, { body: string; type: string | null; disposition: string | null }> = {};
    for (const name of ['vc', 'vc-jwt', 'ob3', 'edc']) {
      const response = await fetch(`${server.url}${self}/renditions/${name}?claim=${claim}`);
      expect(response.status, `${name}: ${response.status}`).toBe(200);
      files[name] = { body: await response.text(), type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition') };
    }
    expect(files.vc!.type).toBe('application/vc');
    expect(files['vc-jwt']!.type).toBe('application/vc+jwt');
    expect(files.ob3!.type).toBe('application/vc');
    expect(files.edc!.type).toBe('application/jose+json');
    expect(files.ob3!.disposition).toBe(`attachment; filename="${issued.certificateNumber}-open-badge.json"`);
    // Made once and kept: a second download is the very same file.
    const again = await fetch(`${server.url}${self}/renditions/ob3`, { headers: { authorization: `Bearer ${token}` } });
    expect(await again.text()).toBe(files.ob3!.body);

    const badge = JSON.parse(files.ob3!.body) as Json;
    expect(badge.credentialStatus).toEqual(issued.verifiableCredential.credentialStatus);
    expect(badge.proof.cryptosuite).toBe('eddsa-rdfc-2022');

    // The wallet's copy through OID4VCI.
    const page = await addPage(issued.links.claim);
    const wallet = await didKeyWallet();
    const client = new Openid4vciClient({ callbacks: walletCallbacks(wallet.keys) });
    const offer = await client.resolveCredentialOffer(page.offerLink);
    const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
    const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer: offer, issuerMetadata, txCode: page.txCode });
    const { c_nonce } = await client.requestNonce({ issuerMetadata });
    const { jwt } = await client.createCredentialRequestJwtProof({ issuerMetadata, signer: wallet.signer, nonce: c_nonce, credentialConfigurationId: 'MicroCredential' });
    const oid4vci = ((await client.retrieveCredentials({ issuerMetadata, accessToken: accessTokenResponse.access_token, credentialConfigurationId: 'MicroCredential', proofs: { jwt: [jwt] } }))
      .credentialResponse.credentials as { credential: Json }[])[0]!.credential;

    const renditions = { primary: issued.verifiableCredential, vc: JSON.parse(files.vc!.body), 'vc-jwt': files['vc-jwt']!.body, ob3: badge, oid4vci };
    for (const [name, credential] of Object.entries(renditions)) {
      const report = await verdictOf(credential);
      expect(report.verified, `${name}: ${JSON.stringify(report.report.checks)}`).toBe(true);
    }
    const sealed = await verdictOf(JSON.parse(files.edc!.body));
    expect(sealed.report.checks.find((c: Json) => c.check === 'proof').status).toBe('pass');

    const revoked = await http('POST', `${self}/revoke`, { reason: 'Certification withdrawn after an audit' });
    expect(revoked.status).toBe(200);

    for (const [name, credential] of Object.entries(renditions)) {
      const report = await verdictOf(credential);
      expect(report.verified, name).toBe(false);
      expect(report.report.label, name).toBe('Revoked (withdrawn)');
      expect(report.report.checks.find((c: Json) => c.check === 'proof').status, name).toBe('pass');
    }
    // The same with the verifier library on its own, resolving did:web and reading the status lists over HTTP from this server.
    const didResolver = createDidResolver({ allowHttp: true });
    const standalone = { didResolver, documentLoader: createDocumentLoader({ didResolver }), statusLists: httpStatusLists({ allowLoopback: true }) };
    for (const [name, credential] of Object.entries(renditions)) {
      expect((await verify(credential, standalone)).label, name).toBe('Revoked (withdrawn)');
    }

    // The EDC carries no status: after revocation it is not handed out again, and no wallet gets a new copy.
    const edc = await fetch(`${server.url}${self}/renditions/edc?claim=${claim}`);
    expect(edc.status).toBe(409);
    const after = await fetch(`${server.url}/wallet/${claim}/add`);
    expect(await after.text()).toContain('revoked (withdrawn)');
  });
});
