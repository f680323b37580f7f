/**
 * VC-API exchange messages and Learner Credential Wallet's deep link, and the check of a DID
 * authentication presentation signed the way LCW signs it (Ed25519Signature2020, did:key).
 */
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';
import * as vc from '@digitalbazaar/vc';
import { describe, expect, it } from 'vitest';
import { createDocumentLoader, generateKey, signPresentation } from '@microcred/securing';
import { checkDidAuthentication, didAuthenticationRequest, exchangeResponse, lcwDeepLink, readExchangeMessage } from '../src/index.ts';

const documentLoader = createDocumentLoader();

async function lcwPresentation(challenge: string, domain?: string) {
  const key = await Ed25519VerificationKey2020.generate();
  const did = `did:key:${key.fingerprint()}`;
  key.controller = did;
  key.id = `${did}#${key.fingerprint()}`;
  const presentation = await vc.signPresentation({
    presentation: vc.createPresentation({ holder: did }),
    suite: new Ed25519Signature2020({ key }),
    challenge,
    ...(domain ? { domain } : {}),
    documentLoader: documentLoader as never,
  });
  return { did, presentation: presentation as Record<string, unknown> };
}

describe('VC-API exchange messages', () => {
  it('reads the start, a wrapped presentation (VC-API) and a bare one (LCW request.html), and names anything else', () => {
    const vp = { type: ['VerifiablePresentation'], holder: 'did:key:z6Mk' };
    expect(readExchangeMessage(undefined)).toEqual({ kind: 'start' });
    expect(readExchangeMessage({})).toEqual({ kind: 'start' });
    expect(readExchangeMessage({ verifiablePresentation: vp })).toEqual({ kind: 'presentation', presentation: vp, wrapped: true });
    expect(readExchangeMessage(vp)).toEqual({ kind: 'presentation', presentation: vp, wrapped: false });
    expect(readExchangeMessage({ verifiablePresentation: 'x' })).toMatchObject({ kind: 'invalid' });
    expect(readExchangeMessage([])).toMatchObject({ kind: 'invalid' });
    expect(readExchangeMessage({ hello: 1 })).toMatchObject({ kind: 'invalid' });
  });

  it('asks for DID authentication with the challenge and domain, and answers with the credential in a presentation', () => {
    expect(didAuthenticationRequest({ challenge: 'c', domain: 'certs.example.org' })).toMatchObject({
      verifiablePresentationRequest: { query: [{ type: 'DIDAuthentication' }], challenge: 'c', domain: 'certs.example.org' },
    });
    expect(exchangeResponse({ id: 'urn:uuid:1' })).toEqual({
      verifiablePresentation: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [{ id: 'urn:uuid:1' }] },
    });
  });

  it('builds LCW\'s deep link as LCW documents it', () => {
    const link = new URL(lcwDeepLink({ issuer: 'did:web:certs.example.org', challenge: 'c-1', vcRequestUrl: 'https://certs.example.org/exchanges/x' }));
    expect(`${link.origin}${link.pathname}`).toBe('https://lcw.app/request.html');
    expect([...link.searchParams]).toEqual([
      ['issuer', 'did:web:certs.example.org'],
      ['auth_type', 'bearer'],
      ['challenge', 'c-1'],
      ['vc_request_url', 'https://certs.example.org/exchanges/x'],
    ]);
  });
});

describe('DID authentication', () => {
  it('accepts LCW\'s Ed25519Signature2020 presentation and names its did:key', async () => {
    const { did, presentation } = await lcwPresentation('c-1', 'certs.example.org');
    expect(await checkDidAuthentication(presentation, { challenge: 'c-1', domain: 'certs.example.org' })).toEqual({ ok: true, holder: did });
  });

  it('accepts an eddsa-rdfc-2022 presentation of a did:key holder', async () => {
    const key = await generateKey({ type: 'Ed25519', did: 'key' });
    const presentation = await signPresentation({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: key.controller }, { key, challenge: 'c-2', domain: 'd' });
    expect(await checkDidAuthentication(presentation, { challenge: 'c-2', domain: 'd' })).toEqual({ ok: true, holder: key.controller });
  });

  it('refuses another challenge or domain, no holder, and a holder that is not a did:key', async () => {
    const { presentation } = await lcwPresentation('c-1', 'certs.example.org');
    expect(await checkDidAuthentication(presentation, { challenge: 'c-other', domain: 'certs.example.org' })).toMatchObject({ ok: false });
    expect(await checkDidAuthentication(presentation, { challenge: 'c-1', domain: 'elsewhere.example' })).toMatchObject({ ok: false });
    const { holder: _holder, ...anonymous } = presentation;
    expect(await checkDidAuthentication(anonymous, { challenge: 'c-1', domain: 'certs.example.org' })).toEqual({ ok: false, reason: 'The presentation names no holder: DID authentication needs one.' });
    expect(await checkDidAuthentication({ ...presentation, holder: 'did:web:wallet.example' }, { challenge: 'c-1', domain: 'certs.example.org' })).toMatchObject({ ok: false, reason: expect.stringMatching(/did:key/) });
  });
});
