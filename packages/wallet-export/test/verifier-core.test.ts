/**
 * The Open Badges rendition verifies in DCC's verifier-core (the library Learner Credential Wallet uses), with
 * no network: verifier-core bundles VC 2.0 and OB 3.0.3, resolves did:key itself, and fetches status lists
 * through global fetch, which here reaches only 127.0.0.1.
 */
import { verifyCredential } from '@digitalcredentials/verifier-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateKey, secureCredential, type KeyPair } from '@microcred/securing';
import { Bitstring, buildStatusEntry, buildStatusListCredential, encodeList } from '@microcred/status-list';
import { buildOpenBadgeCredential } from '../src/index.ts';
import { FIXTURE_NAMES, issuedFixture, refuseNetwork, serveJson } from './helpers.ts';

const REVOKED_INDEX = 4711;
const SUSPENDED_INDEX = 815;

describe('verifier-core (Learner Credential Wallet) verifies the Open Badges rendition offline', () => {
  let key: KeyPair;
  let server: Awaited<ReturnType<typeof serveJson>>;
  let network: ReturnType<typeof refuseNetwork>;

  beforeAll(async () => {
    network = refuseNetwork();
    // verifier-core logs its failed attempt to fetch the OB JSON schema (its optional "schema_check" report).
    const quiet = (write: (...args: unknown[]) => void) => (...args: unknown[]) => {
      if (!/schema/i.test(String(args[0]))) write(...args);
    };
    vi.spyOn(console, 'log').mockImplementation(quiet(console.log.bind(console)));
    vi.spyOn(console, 'error').mockImplementation(quiet(console.error.bind(console)));
    key = await generateKey({ type: 'Ed25519', did: 'key' });
    const lists = new Map<string, unknown>();
    server = await serveJson(lists);
    for (const [purpose, index] of [['revocation', REVOKED_INDEX], ['suspension', SUSPENDED_INDEX]] as const) {
      const bits = new Bitstring();
      bits.set(index, true);
      const list = buildStatusListCredential({
        id: server.url(`/status/${purpose}`),
        issuer: key.controller,
        statusPurpose: purpose,
        encodedList: await encodeList(bits),
        validFrom: '2026-01-01T00:00:00Z',
      });
      lists.set(`/status/${purpose}`, (await secureCredential(list, { key, format: 'di' })).credential);
    }
  });
  afterAll(async () => {
    await server.close();
    network.restore();
    vi.restoreAllMocks();
  });

  async function signedBadge(revocationIndex: number, suspensionIndex: number) {
    const credentialStatus = [
      buildStatusEntry({ statusListCredential: server.url('/status/revocation'), statusListIndex: revocationIndex, statusPurpose: 'revocation' }),
      buildStatusEntry({ statusListCredential: server.url('/status/suspension'), statusListIndex: suspensionIndex, statusPurpose: 'suspension' }),
    ];
    const badge = buildOpenBadgeCredential(issuedFixture('digital-skills-bootcamp'), {
      id: 'urn:uuid:1d7e2a4c-6b39-4a51-9d0e-2f8c7b6a5e41',
      issuer: { id: key.controller, name: 'Example Technological University', url: 'https://www.example-tu.ie' },
      primaryCredentialId: 'urn:uuid:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      credentialStatus: credentialStatus as unknown as Record<string, unknown>[],
    });
    return (await secureCredential(badge, { key, format: 'di' })).credential;
  }

  const step = (result: any, id: string) => (result.log as { id: string; valid?: boolean; error?: unknown }[]).find((s) => s.id === id);

  it('a current badge: genuine signature, not expired, not revoked or suspended', async () => {
    const result: any = await verifyCredential({ credential: <never>await signedBadge(1, 2), knownDIDRegistries: [] });
    expect(result.errors).toBeUndefined();
    expect(step(result, 'valid_signature')).toMatchObject({ valid: true });
    expect(step(result, 'expiration')).toMatchObject({ valid: true });
    expect(step(result, 'revocation_status')).toMatchObject({ valid: true });
    expect(step(result, 'suspension_status')).toMatchObject({ valid: true });
    // No registry given: verifier-core says the issuer is not on one, which a wallet shows as "unknown issuer".
    expect(step(result, 'registered_issuer')).toMatchObject({ valid: false });
    expect(server.requests).toContain('/status/revocation');
    expect(server.requests).toContain('/status/suspension');
  });

  it('a revoked badge: the signature is genuine and revocation_status is false', async () => {
    const result: any = await verifyCredential({ credential: <never>await signedBadge(REVOKED_INDEX, 2), knownDIDRegistries: [] });
    expect(result.errors).toBeUndefined();
    expect(step(result, 'valid_signature')).toMatchObject({ valid: true });
    expect(step(result, 'revocation_status')).toMatchObject({ valid: false });
    expect(step(result, 'suspension_status')).toMatchObject({ valid: true });
  });

  it('a suspended badge: the signature is genuine, suspension_status is false and revocation_status true', async () => {
    const result: any = await verifyCredential({ credential: <never>await signedBadge(3, SUSPENDED_INDEX), knownDIDRegistries: [] });
    expect(result.errors).toBeUndefined();
    expect(step(result, 'valid_signature')).toMatchObject({ valid: true });
    expect(step(result, 'suspension_status')).toMatchObject({ valid: false });
    expect(step(result, 'revocation_status')).toMatchObject({ valid: true });
  });

  it.each(FIXTURE_NAMES)('the badge of %s, without status entries: genuine signature, not expired', async (name) => {
    const badge = buildOpenBadgeCredential(issuedFixture(name), {
      id: 'urn:uuid:7c1b9e2d-3f4a-4b5c-8d6e-9f0a1b2c3d4e',
      issuer: { id: key.controller, name: 'Example Issuer' },
      primaryCredentialId: 'urn:uuid:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    });
    const { credential } = await secureCredential(badge, { key, format: 'di' });
    const result: any = await verifyCredential({ credential: <never>credential, knownDIDRegistries: [] });
    expect(result.errors).toBeUndefined();
    expect(step(result, 'valid_signature')).toMatchObject({ valid: true });
    expect(step(result, 'expiration')).toMatchObject({ valid: true });
    expect(step(result, 'revocation_status')).toBeUndefined();
  });

  it('a badge changed after signing fails with an invalid signature', async () => {
    const tampered = structuredClone(await signedBadge(1, 2)) as any;
    tampered.credentialSubject.achievement.eqfLevel = 'http://data.europa.eu/snb/eqf/8';
    const result: any = await verifyCredential({ credential: tampered, knownDIDRegistries: [] });
    expect(result.errors?.[0]?.name).toBe('invalid_signature');
  });

  it('nothing but 127.0.0.1 was asked for, except the OB JSON schema verifier-core tries to fetch for its report', () => {
    expect(network.refused.every((url) => url.startsWith('https://purl.imsglobal.org/spec/ob/v3p0/schema/'))).toBe(true);
  });
});
