/**
 * Credentials made by other software: plain @digitalbazaar/vc (Data Integrity, VC 2.0 and VC 1.1) and
 * jose (vc+jwt), and presentations with a challenge and domain.
 */
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { createDocumentLoader, generateKey, secureCredential, signPresentation } from '@microcred/securing';
import { buildMicroCredential, loadFixture } from '@microcred/model';
import { verify } from '../src/index.ts';

const NOW = new Date('2027-01-01T00:00:00Z');

async function plainKey() {
  const probe = await Ed25519Multikey.generate();
  // A did:key names the key by its own public key multibase.
  const exported = await probe.export({ publicKey: true, secretKey: true, includeContext: true });
  const controller = `did:key:${exported.publicKeyMultibase}`;
  return Ed25519Multikey.from({ ...exported, controller, id: `${controller}#${exported.publicKeyMultibase}` });
}

describe('credentials signed by other software', () => {
  it('a VC 2.0 credential signed with plain @digitalbazaar/vc verifies, with a trust warning', async () => {
    const key = await plainKey();
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'urn:uuid:8a5c4a4e-45a1-4c44-8fd4-2b4f5c1e3d21',
      type: ['VerifiableCredential'],
      issuer: key.controller,
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:learner', name: 'Ana' },
    };
    const signed = await vc.issue({
      credential,
      suite: new DataIntegrityProof({ signer: key.signer(), cryptosuite: eddsaRdfc2022 }),
      documentLoader: createDocumentLoader(),
    });
    const report = await verify(signed, { now: NOW });
    expect(report.verdict).toBe('valid');
    expect(report.checks.find((c) => c.check === 'trust')!.status).toBe('warn');
    expect(report.checks.find((c) => c.check === 'profile')!.status).toBe('not-applicable');
  });

  it('a VC 1.1 credential signed with plain @digitalbazaar/vc verifies, and its expirationDate is honoured', async () => {
    const key = await plainKey();
    const credential = {
      '@context': ['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/security/data-integrity/v2'],
      id: 'urn:uuid:5b0e0a52-6f8e-4f1c-93a0-7c2a1b3e4d55',
      type: ['VerifiableCredential'],
      issuer: key.controller,
      issuanceDate: '2026-01-01T00:00:00Z',
      expirationDate: '2026-06-30T00:00:00Z',
      credentialSubject: { id: 'did:example:learner' },
    };
    const signed = await vc.issue({
      credential,
      suite: new DataIntegrityProof({ signer: key.signer(), cryptosuite: eddsaRdfc2022 }),
      documentLoader: createDocumentLoader(),
    });
    const current = await verify(signed, { now: new Date('2026-03-01T00:00:00Z') });
    expect(current.verdict).toBe('valid');
    const later = await verify(signed, { now: NOW });
    expect(later.label).toBe('Expired');
  });

  it('a vc+jwt made with jose alone verifies', async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    // The issuer's did:key is the multibase form of jose's public key.
    const { publicKeyMultibase } = await (await Ed25519Multikey.fromJwk({ jwk: await exportJWK(publicKey) })).export({ publicKey: true });
    const issuer = `did:key:${publicKeyMultibase}`;
    const payload = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'urn:uuid:0d5b7f64-3f77-4ab6-8c55-2f2b7a6c1e90',
      type: ['VerifiableCredential'],
      issuer,
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:learner', name: 'Ana' },
    };
    const jwt = await new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: `${issuer}#${publicKeyMultibase}`, typ: 'vc+jwt' }).sign(privateKey);
    const report = await verify(jwt, { now: NOW });
    expect(report.verdict).toBe('valid');
    expect(report.format).toBe('jwt');
  });
});

describe('Open Badges 3.0 credentials from other issuers', () => {
  it('an OpenBadgeCredential (VC 1.1 + OB 3.0 contexts) signed with plain @digitalbazaar/vc verifies', async () => {
    const key = await plainKey();
    const badge = {
      '@context': ['https://www.w3.org/2018/credentials/v1', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'https://w3id.org/security/data-integrity/v2'],
      id: 'urn:uuid:3e1f2f7e-0a0b-4c1d-9e8f-1a2b3c4d5e6f',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: key.controller, type: ['Profile'], name: 'Another Academy' },
      issuanceDate: '2026-02-01T00:00:00Z',
      name: 'Teamwork in Practice',
      credentialSubject: {
        type: ['AchievementSubject'],
        achievement: {
          id: 'urn:uuid:6b6a1f8e-2d3c-4b5a-8f9e-0d1c2b3a4f5e',
          type: ['Achievement'],
          achievementType: 'MicroCredential',
          name: 'Teamwork in Practice',
          description: 'Works effectively in a small project team.',
          criteria: { narrative: 'Completed three team projects with peer review.' },
        },
      },
    };
    const signed = await vc.issue({
      credential: badge,
      suite: new DataIntegrityProof({ signer: key.signer(), cryptosuite: eddsaRdfc2022 }),
      documentLoader: createDocumentLoader(),
    });
    const report = await verify(signed, { now: NOW });
    expect(report.verdict).toBe('valid');
    expect(report.checks.find((c) => c.check === 'trust')!.status).toBe('warn');
  });
});

describe('presentations', () => {
  it('a presentation bound to the challenge and domain is valid; with another challenge it is not genuine', async () => {
    const issuer = await generateKey({ type: 'Ed25519' });
    const holder = await generateKey({ type: 'Ed25519' });
    const credential = buildMicroCredential(loadFixture('minimal'), { issuer: issuer.controller });
    const { credential: signed } = await secureCredential(credential, { key: issuer, format: 'di' });
    const presentation = await signPresentation(
      { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: holder.controller, verifiableCredential: [signed] },
      { key: holder, challenge: 'c-123', domain: 'verifier.example.org' },
    );
    const report = await verify(presentation, { now: NOW, challenge: 'c-123', domain: 'verifier.example.org', trustedIssuers: [issuer.controller] });
    expect(report.verdict).toBe('valid');
    expect(report.format).toBe('presentation');
    expect(report.holder).toBe(holder.controller);
    expect(report.credentials).toHaveLength(1);
    expect(report.credentials![0]!.summary?.title).toEqual({ en: 'Introduction to Occupational Safety' });
    const replayed = await verify(presentation, { now: NOW, challenge: 'another', domain: 'verifier.example.org' });
    expect(replayed.verdict).toBe('invalid');
    expect(replayed.label).toBe('Not genuine');
  });
});
