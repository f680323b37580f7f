/**
 * Learner Credential Wallet's side of the VC-API exchange, played as LCW plays it: a did:key made with
 * Ed25519VerificationKey2020, a DID authentication presentation built with createPresentation and
 * signed Ed25519Signature2020 (@digitalbazaar/vc, as LCW's @digitalcredentials/vc fork does), sent to
 * the exchange URL of the learner's "add to a wallet" page. The Open Badge it receives is bound to
 * that DID and verifies in the service's verifier (wallet-verifier-core.test.ts checks the service's
 * Open Badges in DCC's verifier-core, LCW's own).
 */
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';
import * as vc from '@digitalbazaar/vc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture } from '@microcred/model';
import { createDocumentLoader } from '@microcred/securing';
import { call, sqliteStore, tenantWithTokens, testApp, type TestTenant } from '../packages/issuer/test/support/app.ts';

type Json = Record<string, any>;

let disposeStore: () => Promise<void>;
let app: ReturnType<typeof testApp>;
let tenant: TestTenant;
let issued: Json;
const documentLoader = createDocumentLoader();

/** LCW's wallet: a did:key whose key is an Ed25519VerificationKey2020. */
async function lcwWallet() {
  const key = await Ed25519VerificationKey2020.generate();
  const did = `did:key:${key.fingerprint()}`;
  key.controller = did;
  key.id = `${did}#${key.fingerprint()}`;
  return { did, key };
}

/** LCW's DID authentication: an empty presentation by the holder, signed with the challenge (and domain, in the VC-API flow). */
async function didAuthentication(wallet: Awaited<ReturnType<typeof lcwWallet>>, challenge: string, domain?: string): Promise<Json> {
  const presentation = vc.createPresentation({ holder: wallet.did });
  return vc.signPresentation({
    presentation,
    suite: new Ed25519Signature2020({ key: wallet.key }),
    challenge,
    ...(domain ? { domain } : {}),
    documentLoader: documentLoader as never,
  });
}

async function post(url: string, body: unknown) {
  const path = new URL(url).pathname;
  return call(app, 'POST', path, { body });
}

function claimOf(link: string): string {
  return new URL(link).pathname.split('/').pop() as string;
}

beforeAll(async () => {
  const made = await sqliteStore();
  disposeStore = made.dispose;
  tenant = await tenantWithTokens(made.store, 'acme');
  app = testApp(made.store);
  const response = await call(app, 'POST', '/micro-credentials', { token: tenant.token, body: loadFixture('digital-skills-bootcamp') });
  expect(response.status, response.text).toBe(201);
  issued = response.body;
});

afterAll(async () => disposeStore());

describe('the "add to a wallet" page', () => {
  it('shows the OID4VCI offer as a QR code with the transaction code apart, LCW\'s deep link and its QR code, and the downloads, without script or inline style', async () => {
    const claim = claimOf(issued.links.claim);
    const page = await call(app, 'GET', `/wallet/${claim}/add`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.text).not.toMatch(/<script|\sstyle=|<style/);
    expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\/(?!lcw\.app)/);
    expect(page.text.match(/<svg/g)).toHaveLength(2);
    const offer = /href="(openid-credential-offer:\/\/\?credential_offer_uri=[^"]+)"/.exec(page.text)?.[1] as string;
    expect(decodeURIComponent(offer.split('credential_offer_uri=')[1] as string)).toMatch(/^https:\/\/certs\.example\.org\/oid4vci\/offers\/[A-Za-z0-9_-]{43}$/);
    const txCode = /<strong aria-label="Transaction code: [\d ]+">(\d{6})<\/strong>/.exec(page.text)?.[1] as string;
    expect(offer).not.toContain(txCode);
    const lcw = new URL((/href="(https:\/\/lcw\.app\/request\.html\?[^"]+)"/.exec(page.text)?.[1] as string).replace(/&amp;/g, '&'));
    expect(Object.fromEntries(lcw.searchParams)).toMatchObject({ issuer: tenant.did, auth_type: 'bearer' });
    expect(lcw.searchParams.get('vc_request_url')).toMatch(/^https:\/\/certs\.example\.org\/exchanges\/[A-Za-z0-9_-]{43}$/);
    for (const name of ['vc', 'vc-jwt', 'ob3']) expect(page.text).toContain(`/renditions/${name}?claim=${claim}`);
    // No seal configured: no Europass download is offered.
    expect(page.text).not.toContain('/renditions/edc');
  });

  it('answers an unknown claim link with a 404 page', async () => {
    const page = await call(app, 'GET', '/wallet/not-a-claim-token/add');
    expect(page.status).toBe(404);
    expect(page.text).toContain('Credential not found');
  });
});

describe('VC-API exchange with Learner Credential Wallet', () => {
  async function newExchange(): Promise<URL> {
    const page = await call(app, 'GET', `/wallet/${claimOf(issued.links.claim)}/add`);
    return new URL((/href="(https:\/\/lcw\.app\/request\.html\?[^"]+)"/.exec(page.text)?.[1] as string).replace(/&amp;/g, '&'));
  }

  it('VC-API flow: {} → a DIDAuthentication request; the signed presentation → the Open Badge bound to the wallet\'s DID, which verifies', async () => {
    const link = await newExchange();
    const exchangeUrl = link.searchParams.get('vc_request_url') as string;
    const start = await post(exchangeUrl, {});
    expect(start.status).toBe(200);
    const request = start.body.verifiablePresentationRequest;
    expect(request.query[0].type).toBe('DIDAuthentication');
    expect(request.challenge).toBe(link.searchParams.get('challenge'));
    expect(request.domain).toBe('certs.example.org');

    const wallet = await lcwWallet();
    const answer = await post(exchangeUrl, { verifiablePresentation: await didAuthentication(wallet, request.challenge, request.domain) });
    expect(answer.status, answer.text).toBe(200);
    const [badge] = answer.body.verifiablePresentation.verifiableCredential as Json[];
    expect(badge!.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(badge!.credentialSubject.id).toBe(wallet.did);
    expect(badge!.credentialSubject.achievement.achievementType).toBe('MicroCredential');
    expect(badge!.credentialStatus).toEqual(issued.verifiableCredential.credentialStatus);
    const verified = await call(app, 'POST', '/credentials/verify', { body: { verifiableCredential: badge } });
    expect(verified.body.verified, JSON.stringify(verified.body.report?.checks)).toBe(true);

    // Done once: the exchange is complete.
    const replay = await post(exchangeUrl, { verifiablePresentation: await didAuthentication(wallet, request.challenge, request.domain) });
    expect(replay.status).toBe(409);
    // The issuer sees which DID took it.
    const listed = await call(app, 'GET', `${new URL(issued.links.self).pathname}/renditions`, { token: tenant.token });
    expect(listed.body.issuedToWallets).toContainEqual(expect.objectContaining({ configuration: 'OpenBadgeCredential', holder: wallet.did, channel: 'vc-api' }));
  });

  it('request.html flow: LCW POSTs its signed presentation with the deep link\'s challenge and gets the credential itself', async () => {
    const link = await newExchange();
    const wallet = await lcwWallet();
    const answer = await post(link.searchParams.get('vc_request_url') as string, await didAuthentication(wallet, link.searchParams.get('challenge') as string));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(answer.body.credentialSubject.id).toBe(wallet.did);
  });

  it('refuses a presentation signed for another challenge, or by a key that is not the holder\'s', async () => {
    const link = await newExchange();
    const exchangeUrl = link.searchParams.get('vc_request_url') as string;
    const { challenge, domain } = (await post(exchangeUrl, {})).body.verifiablePresentationRequest;
    const wallet = await lcwWallet();
    const wrongChallenge = await post(exchangeUrl, { verifiablePresentation: await didAuthentication(wallet, 'another-challenge', domain) });
    expect(wrongChallenge.status).toBe(400);
    expect(wrongChallenge.body.type).toMatch(/did-authentication-failed$/);
    const other = await lcwWallet();
    const forged = await didAuthentication(other, challenge, domain);
    forged.holder = wallet.did;
    const wrongHolder = await post(exchangeUrl, { verifiablePresentation: forged });
    expect(wrongHolder.status).toBe(400);
    // Neither used the exchange up.
    const good = await post(exchangeUrl, { verifiablePresentation: await didAuthentication(wallet, challenge, domain) });
    expect(good.status).toBe(200);
  });

  it('refuses an unknown exchange', async () => {
    expect((await call(app, 'POST', '/exchanges/unknown', { body: {} })).status).toBe(404);
  });
});
