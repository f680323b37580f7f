/**
 * Europass credentials sealed with JAdES, made the way the official samples are sealed (the test makes
 * its own test seal): the seal, the certificate chain to the trust anchors a user configured, and the
 * issuer named in the credential against the organisation in the certificate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateTestSeal, sealJades } from '@microcred/securing';
import { emptyTrustList, verify, type TrustList } from '../src/index.ts';

const NOW = new Date('2027-01-01T00:00:00Z');

function edc(eidas: string) {
  return {
    '@context': ['https://www.w3.org/2018/credentials/v1', 'http://data.europa.eu/snb/model/context/edc-ap'],
    id: 'urn:credential:6b0f8c1e-1f0a-4c55-8a51-0e2e3b4c5d6e',
    type: ['VerifiableCredential', 'EuropeanDigitalCredential'],
    issuer: { id: 'urn:epass:org:1', type: 'Organisation', legalName: { en: 'Example Certification Body' }, eIDASIdentifier: { id: 'urn:epass:legalIdentifier:1', type: 'LegalIdentifier', notation: eidas } },
    validFrom: '2026-06-30T08:30:00Z',
    credentialSubject: {
      id: 'urn:epass:person:1',
      type: 'Person',
      fullName: { en: 'Jan Horvat' },
      hasClaim: { id: 'urn:epass:learningAchievement:1', type: 'LearningAchievement', title: { en: 'Certified Welding Inspector – Level 1' } },
    },
    supplementaryDocument: { id: 'urn:epass:webResource:1', type: 'WebResource', contentURL: 'https://certification.example.si/register/SI-2026-0001' },
  };
}

let seal: Awaited<ReturnType<typeof generateTestSeal>>;
let anchors: TrustList;

beforeAll(async () => {
  seal = await generateTestSeal({ organization: 'Example Certification Body', organizationIdentifier: 'VATSI-12345678', country: 'SI', keyType: 'RSA', notBefore: new Date('2026-01-01T00:00:00Z'), validDays: 1000 });
  anchors = { ...emptyTrustList(), x509TrustAnchors: [seal.caCertificatePem] };
});

async function sealed(eidas = 'VATSI-12345678') {
  return sealJades(edc(eidas), { privateKey: seal.privateKeyPem, certificateChain: [seal.certificatePem], signingTime: new Date('2026-06-30T08:31:00Z') });
}

describe('a JAdES-sealed Europass credential', () => {
  it('is valid, and trusted when its certificate chains to a configured anchor', async () => {
    const report = await verify(await sealed(), { now: NOW, trust: anchors });
    expect(report.verdict).toBe('valid');
    expect(report.format).toBe('jades');
    const byName = Object.fromEntries(report.checks.filter((c) => c.status !== 'warn' || c.check === 'trust').map((c) => [c.check, c]));
    expect(byName.trust!.status).toBe('pass');
    expect(byName.issuer!.reason).toBe('Sealed by Example Certification Body (VATSI-12345678), the issuer the credential names.');
    expect(byName.revocation!.status).toBe('not-applicable');
    expect(byName.revocation!.reason).toContain("confirm its status at the issuer's public register, https://certification.example.si/register/SI-2026-0001");
    expect(report.summary?.title).toEqual({ en: 'Certified Welding Inspector – Level 1' });
  });

  it('says plainly when the certificate is under no configured trust anchor', async () => {
    const report = await verify(await sealed(), { now: NOW });
    expect(report.verdict).toBe('valid');
    const trust = report.checks.find((c) => c.check === 'trust')!;
    expect(trust.status).toBe('warn');
    expect(trust.reason).toMatch(/no trust anchors are configured/);
  });

  it('is not genuine with one changed byte in the payload', async () => {
    const document = (await sealed()) as { payload: string };
    const changed = { ...document, payload: document.payload.replace('Jan Horvat', 'Jan Horvät') };
    const report = await verify(changed, { now: NOW, trust: anchors });
    expect(report.verdict).toBe('invalid');
    expect(report.label).toBe('Not genuine');
  });

  it('is refused when the credential names an issuer other than the sealing organisation', async () => {
    const report = await verify(await sealed('VATSI-99999999'), { now: NOW, trust: anchors });
    expect(report.verdict).toBe('invalid');
    expect(report.checks.find((c) => c.check === 'issuer')!.reason).toContain('the credential names an issuer with other identifiers (VATSI-99999999)');
  });

  it('is expired after its end of validity, and not valid before its start', async () => {
    const credential = { ...edc('VATSI-12345678'), validFrom: '2026-07-15T00:00:00Z', validUntil: '2026-12-31T23:59:59Z' };
    const document = await sealJades(credential, { privateKey: seal.privateKeyPem, certificateChain: [seal.certificatePem], signingTime: new Date('2026-06-30T08:31:00Z') });
    expect((await verify(document, { now: NOW, trust: anchors })).label).toBe('Expired');
    // After the seal was made (a seal from the future is itself not genuine), before the credential starts.
    expect((await verify(document, { now: new Date('2026-07-01T00:00:00Z'), trust: anchors })).label).toBe('Not yet valid');
  });

  it('accepts the identifier without its eIDAS scheme prefix, as some issuers write it', async () => {
    const report = await verify(await sealed('12345678'), { now: NOW, trust: anchors });
    expect(report.verdict).toBe('valid');
  });
});
