/**
 * A credential countersigned by someone else (a registrar, a notary): a proof set, or a proof chain
 * when the countersignature names the issuer's proof as `previousProof`. What the person checking it
 * relies on: it is valid when every signature is genuine and one is the issuer's; a forged or broken
 * countersignature makes it not genuine even though the issuer's own signature is intact; genuine
 * signatures by others alone do not make it the issuer's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMicroCredential, loadFixture } from '@microcred/model';
import { addProof, generateKey, type KeyPair } from '@microcred/securing';
import { verify, type VerificationReport } from '../src/index.ts';

type Json = Record<string, any>;

const NOW = new Date('2027-03-01T12:00:00Z');
const ISSUER_PROOF = 'urn:uuid:5d0c7c2e-issuer-proof';

let issuer: KeyPair;
let registrar: KeyPair;

beforeAll(async () => {
  issuer = await generateKey({ type: 'Ed25519' });
  registrar = await generateKey({ type: 'P-256' });
});

function unsigned(): Json {
  return buildMicroCredential(loadFixture('crane-operator-certificate'), { issuer: issuer.controller }) as Json;
}

async function countersigned(chain: boolean): Promise<Json> {
  const signed = await addProof(unsigned(), { key: issuer, format: 'di', id: ISSUER_PROOF });
  return (await addProof(signed, { key: registrar, format: 'ecdsa', ...(chain ? { previousProof: ISSUER_PROOF } : {}) })) as Json;
}

const statuses = (report: VerificationReport) => Object.fromEntries(report.checks.map((c) => [c.check, c.status]));
const reason = (report: VerificationReport, name: string) => report.checks.find((c) => c.check === name)?.reason;

describe.each([
  ['a proof chain (the countersignature names the issuer\'s proof)', true],
  ['a proof set (independent signatures)', false],
])('%s', (_name, chain) => {
  it('is valid, and the report names the countersigner', async () => {
    const report = await verify(await countersigned(chain), { now: NOW, trustedIssuers: [issuer.controller] });
    expect(report.verdict).toBe('valid');
    expect(statuses(report)).toMatchObject({ format: 'pass', proof: 'pass', issuer: 'pass' });
    expect(reason(report, 'proof')).toBe(`All 2 signatures are genuine: nothing has changed since the issuer and ${registrar.controller} signed it.`);
    expect(reason(report, 'issuer')).toBe(`Signed by the issuer it names, ${issuer.controller}, and countersigned by ${registrar.controller}.`);
  });

  it('is not genuine when the countersignature is broken, though the issuer\'s signature is intact', async () => {
    const credential = await countersigned(chain);
    const proof = [credential.proof[0], { ...credential.proof[1], created: '2020-01-01T00:00:00Z' }];
    const report = await verify({ ...credential, proof }, { now: NOW, trustedIssuers: [issuer.controller] });
    expect(report.verdict).toBe('invalid');
    expect(report.label).toBe('Not genuine');
    expect(statuses(report)).toMatchObject({ proof: 'fail' });
    expect(reason(report, 'proof')).toMatch(/Proof 2 of 2: Invalid signature\./);
  });
});

describe('signatures by others only', () => {
  it('are genuine, but the credential is not the issuer\'s', async () => {
    const credential = await addProof(unsigned(), { key: registrar, format: 'ecdsa' });
    const other = await generateKey({ type: 'Ed25519' });
    const twice = await addProof(credential, { key: other, format: 'di' });
    const report = await verify(twice, { now: NOW, trustedIssuers: [issuer.controller] });
    expect(report.verdict).toBe('invalid');
    expect(statuses(report)).toMatchObject({ proof: 'pass', issuer: 'fail' });
    expect(reason(report, 'issuer')).toBe(`It was not signed by a key of ${issuer.controller}: its signatures are by ${registrar.controller}, ${other.controller}.`);
  });
});

describe('a chain whose first proof was removed', () => {
  it('is not genuine, and says which proof is missing', async () => {
    const credential = await countersigned(true);
    const report = await verify({ ...credential, proof: [credential.proof[1]] }, { now: NOW, trustedIssuers: [issuer.controller] });
    expect(report.verdict).toBe('invalid');
    expect(statuses(report)).toMatchObject({ proof: 'fail' });
    expect(reason(report, 'proof')).toContain(`"previousProof" names "${ISSUER_PROOF}", but no proof in the set has that id.`);
  });
});
