/** A learner's Verifiable Presentation: credentials in, signed by the holder's key for a verifier's challenge and domain. */
import { describe, expect, it } from 'vitest';
import { generateKey, secureCredential, verifyPresentation } from '@microcred/securing';
import { bindToHolder, presentCredentials, renditionFileName, WalletExportError } from '../src/index.ts';

async function credentials() {
  const issuer = await generateKey({ type: 'Ed25519', did: 'key' });
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: 'urn:uuid:5c1f5a8e-2f7e-4d4b-9d2a-0c3b8e1f7a11',
    type: ['VerifiableCredential'],
    issuer: issuer.controller,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:learner', name: 'Ada' },
  };
  const di = (await secureCredential(credential, { key: issuer, format: 'di' })).credential;
  const jwt = (await secureCredential({ ...credential, id: 'urn:uuid:5c1f5a8e-2f7e-4d4b-9d2a-0c3b8e1f7a12' }, { key: issuer, format: 'jwt' })).jwt as string;
  return { di, jwt };
}

describe('presentCredentials', () => {
  it('signs a presentation (Ed25519 and P-256 holders) that verifies for the challenge and domain only', async () => {
    const { di, jwt } = await credentials();
    for (const type of ['Ed25519', 'P-256'] as const) {
      const holder = await generateKey({ type, did: 'key' });
      const vp = await presentCredentials([di, jwt], { key: holder, challenge: 'c-1', domain: 'employer.example' });
      expect(vp.holder).toBe(holder.controller);
      expect((vp.proof as Record<string, unknown>).cryptosuite).toBe(type === 'Ed25519' ? 'eddsa-rdfc-2022' : 'ecdsa-rdfc-2019');
      expect((vp.verifiableCredential as unknown[])[1]).toEqual({ '@context': ['https://www.w3.org/ns/credentials/v2'], id: `data:application/vc+jwt,${jwt}`, type: 'EnvelopedVerifiableCredential' });
      const result = await verifyPresentation(vp, { challenge: 'c-1', domain: 'employer.example' });
      expect(result.verified, JSON.stringify(result.errors)).toBe(true);
      expect(result.credentials.map((c) => c.verified)).toEqual([true, true]);
      expect((await verifyPresentation(vp, { challenge: 'c-2', domain: 'employer.example' })).verified).toBe(false);
    }
  });

  it('refuses no credentials, no challenge, text that is not a JWT, and a sealed Europass credential', async () => {
    const holder = await generateKey({ type: 'Ed25519', did: 'key' });
    await expect(presentCredentials([], { key: holder, challenge: 'c' })).rejects.toBeInstanceOf(WalletExportError);
    await expect(presentCredentials([{ type: ['VerifiableCredential'] }], { key: holder, challenge: '' })).rejects.toThrow(/challenge/);
    await expect(presentCredentials(['hello'], { key: holder, challenge: 'c' })).rejects.toThrow(/not a compact vc\+jwt/);
    await expect(presentCredentials([{ payload: '{}', signatures: [] }], { key: holder, challenge: 'c' })).rejects.toThrow(/JAdES-sealed Europass credential/);
  });
});

describe('bindToHolder and file names', () => {
  it('gives a copy a new id and the holder as subject, keeps the status entries, drops the proof', () => {
    const credential = { id: 'urn:uuid:a', issuer: 'did:key:x', credentialSubject: { id: 'mailto:ada@example.org', name: 'Ada' }, credentialStatus: [{ type: 'BitstringStatusListEntry' }], proof: {} };
    expect(bindToHolder(credential, { id: 'urn:uuid:b', holder: 'did:key:z6Mkw' })).toEqual({
      id: 'urn:uuid:b',
      issuer: 'did:key:x',
      credentialSubject: { id: 'did:key:z6Mkw', name: 'Ada' },
      credentialStatus: [{ type: 'BitstringStatusListEntry' }],
    });
    expect(() => bindToHolder(credential, { id: 'urn:uuid:b', holder: 'ada' })).toThrow(/holder/);
  });

  it('names files by the certificate number, safely', () => {
    expect(renditionFileName('PCB-2026-ABCDEFGHJ7', 'edc')).toBe('PCB-2026-ABCDEFGHJ7-europass.json');
    expect(renditionFileName('../a b"c', 'vc-jwt')).toBe('a_b_c-vc.jwt');
  });
});
