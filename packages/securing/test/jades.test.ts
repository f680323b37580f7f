import { createPrivateKey, generateKeyPairSync, sign as cryptoSign, verify as cryptoVerify, X509Certificate, constants } from 'node:crypto';
import { FlattenedSign, flattenedVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  generateTestSeal,
  JadesError,
  JadesErrorCodes,
  sealJades,
  sealJadesWithExternalSigner,
  verifyJades,
  type JadesSeal,
  type TestSeal,
} from '../src/index.ts';
import { NO_ANCHORS_REASON, NOT_CHAINED_REASON } from '../src/jades/index.ts';

const DAY = 86_400_000;
const EDC_CONTEXT = 'http://data.europa.eu/snb/model/context/edc-ap';

/** A small credential shaped like a Europass EDC (VC 1.1 + edc-ap context), with non-ASCII text. */
function edcCredential(): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/2018/credentials/v1', EDC_CONTEXT],
    id: 'urn:credential:6f0c1f0e-4c1b-4a43-9b8e-3a9d0f7f2c11',
    type: ['VerifiableCredential', 'EuropeanDigitalCredential'],
    credentialSchema: [{ id: 'http://data.europa.eu/snb/model/ap/edc-generic-full', type: 'ShaclValidator2017' }],
    issuer: {
      id: 'urn:epass:org:1',
      type: 'Organisation',
      legalName: { fr: 'Université de Liège', en: 'University of Liège' },
      eIDASIdentifier: { id: 'urn:epass:identifier:1', type: 'LegalIdentifier', notation: 'VATBE-0325777171', spatial: { id: 'http://publications.europa.eu/resource/authority/country/BEL', type: 'Concept' } },
    },
    issuanceDate: '2025-03-01T09:00:00Z',
    issued: '2025-03-01T09:00:00Z',
    validFrom: '2025-03-01T00:00:00Z',
    credentialSubject: {
      id: 'urn:epass:person:1',
      type: 'Person',
      givenName: { pl: 'Łucja' },
      familyName: { pl: 'Żółkiewska' },
      hasClaim: [{ id: 'urn:epass:learningAchievement:1', type: 'LearningAchievement', title: { en: 'Data stewardship — micro-credential 🎓' } }],
    },
  };
}

const ORG = { organization: 'Université Test', organizationIdentifier: 'VATBE-0123456789', country: 'BE' } as const;

type Header = Record<string, unknown>;

const headerOf = (seal: JadesSeal): Header => JSON.parse(Buffer.from(seal.signatures[0]!.protected, 'base64url').toString('utf8')) as Header;

const JOSE_HASH: Record<string, string> = { RS256: 'sha256', PS256: 'sha256', ES256: 'sha256', ES384: 'sha384' };

/** Re-signs a seal with a changed protected header (and optionally payload), as a forger or a buggy sealer would. */
function resign(seal: JadesSeal, privateKeyPem: string, change: (header: Header) => void, payload = seal.payload): JadesSeal {
  const header = headerOf(seal);
  change(header);
  const protectedB64 = Buffer.from(JSON.stringify(header)).toString('base64url');
  const alg = String(header.alg);
  const input = Buffer.concat([Buffer.from(`${protectedB64}.`), Buffer.from(payload, 'utf8')]);
  const key = createPrivateKey(privateKeyPem);
  const signature = cryptoSign(JOSE_HASH[alg] ?? 'sha256', input, {
    key,
    dsaEncoding: 'ieee-p1363',
    ...(alg.startsWith('PS') ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : {}),
  });
  return { payload, signatures: [{ protected: protectedB64, signature: signature.toString('base64url') }] };
}

const codes = (result: { errors: { code: string }[] }): string[] => result.errors.map((e) => e.code);

let rsa: TestSeal;
let p256: TestSeal;
let other: TestSeal;

beforeAll(async () => {
  [rsa, p256, other] = await Promise.all([
    generateTestSeal({ ...ORG, keyType: 'RSA', validDays: 30 }),
    generateTestSeal({ ...ORG, keyType: 'P-256', validDays: 30 }),
    generateTestSeal({ organization: 'Other Org', organizationIdentifier: 'NTRBE-0999999999', country: 'BE', keyType: 'P-256', validDays: 30 }),
  ]);
});

describe('generateTestSeal', () => {
  it('makes a CA and a seal certificate issued by it, with the organisation identifier', () => {
    const ca = new X509Certificate(rsa.caCertificatePem);
    const cert = new X509Certificate(rsa.certificatePem);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(cert.subject).toContain('organizationIdentifier=VATBE-0123456789');
    expect(cert.subject).toContain('O=Université Test');
    expect(cert.publicKey.asymmetricKeyType).toBe('rsa');
    expect(new X509Certificate(p256.certificatePem).publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(createPrivateKey(rsa.privateKeyPem).type).toBe('private');
  });

  it('refuses an organisation identifier that is not in the ETSI form', async () => {
    await expect(generateTestSeal({ ...ORG, organizationIdentifier: '0123456789', keyType: 'P-256' })).rejects.toMatchObject({
      code: JadesErrorCodes.INVALID_INPUT,
    });
  });
});

describe.each([
  { name: 'RSA', seal: () => rsa, alg: 'RS256' },
  { name: 'P-256', seal: () => p256, alg: 'ES256' },
])('sealJades / verifyJades with a $name test seal', ({ seal: testSeal, alg }) => {
  it('produces the Europass shape: general JSON serialization, b64=false, x5c, x5t#S256, sigT, crit', async () => {
    const credential = edcCredential();
    const sealed = await sealJades(credential, { privateKey: testSeal().privateKeyPem, certificateChain: [testSeal().certificatePem] });
    expect(Object.keys(sealed)).toEqual(['payload', 'signatures']);
    expect(sealed.signatures).toHaveLength(1);
    expect(Object.keys(sealed.signatures[0]!)).toEqual(['protected', 'signature']);
    expect(sealed.payload).toBe(JSON.stringify(credential));
    const header = headerOf(sealed);
    expect(Object.keys(header)).toEqual(['alg', 'cty', 'kid', 'x5t#S256', 'x5c', 'typ', 'b64', 'sigT', 'crit']);
    expect(header).toMatchObject({ alg, cty: 'octet-stream', typ: 'jose+json', b64: false, crit: ['b64', 'sigT'] });
    expect(header.sigT).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const cert = new X509Certificate(testSeal().certificatePem);
    expect(header.x5c).toEqual([cert.raw.toString('base64')]);

    // The signing input is ASCII(BASE64URL(protected)) || "." || UTF-8(payload): checked independently.
    const input = Buffer.concat([Buffer.from(`${sealed.signatures[0]!.protected}.`), Buffer.from(sealed.payload, 'utf8')]);
    expect(cryptoVerify('sha256', input, { key: cert.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(sealed.signatures[0]!.signature, 'base64url'))).toBe(true);
    // and by jose (RFC 7797 support), told that b64 and sigT are understood
    const jose = await flattenedVerify({ payload: sealed.payload, protected: sealed.signatures[0]!.protected, signature: sealed.signatures[0]!.signature }, cert.publicKey, { crit: { sigT: true } });
    expect(new TextDecoder().decode(jose.payload)).toBe(sealed.payload);
  });

  it('verifies, reads the certificate and chains to the test CA', async () => {
    const credential = edcCredential();
    const sealed = await sealJades(credential, { privateKey: testSeal().privateKeyPem, certificateChain: [testSeal().certificatePem] });
    const result = await verifyJades(JSON.stringify(sealed), { trustAnchors: [testSeal().caCertificatePem] });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.credential).toEqual(credential);
    expect(result.algorithm).toBe(alg);
    expect(result.signingTime).toBe(headerOf(sealed).sigT);
    expect(result.certificate).toMatchObject({
      subject: 'CN=Université Test, organizationIdentifier=VATBE-0123456789, O=Université Test, C=BE',
      issuer: 'CN=Université Test TEST CA (not for production), O=Université Test, C=BE',
      organizationIdentifier: 'VATBE-0123456789',
      organization: 'Université Test',
      country: 'BE',
      qcStatements: ['QcSemantics=legal-person', 'QcType=eseal'],
    });
    expect(result.certificate?.serialNumber).toBe(new X509Certificate(testSeal().certificatePem).serialNumber.toUpperCase());
    expect(result.chain.trusted).toBe(true);
    expect(result.chain.anchor).toContain('TEST CA');
  });

  it('reports an untrusted chain plainly, without anchors or with unrelated ones', async () => {
    const sealed = await sealJades(edcCredential(), { privateKey: testSeal().privateKeyPem, certificateChain: [testSeal().certificatePem] });
    const none = await verifyJades(sealed);
    expect(none.verified).toBe(true);
    expect(none.chain).toEqual({ trusted: false, reason: NO_ANCHORS_REASON });
    const unrelated = await verifyJades(sealed, { trustAnchors: [new X509Certificate(other.caCertificatePem)] });
    expect(unrelated.verified).toBe(true);
    expect(unrelated.chain.trusted).toBe(false);
    expect(unrelated.chain.reason).toContain(NOT_CHAINED_REASON);
    const required = await verifyJades(sealed, { trustAnchors: [other.caCertificatePem], requireTrustedChain: true });
    expect(required.verified).toBe(false);
    expect(codes(required)).toEqual([JadesErrorCodes.CHAIN_UNTRUSTED]);
  });
});

describe('chain building', () => {
  it('follows x5c (seal certificate, then CA) and accepts an anchor that is in the chain', async () => {
    const sealed = await sealJades(edcCredential(), { privateKey: p256.privateKeyPem, certificateChain: [p256.certificatePem + p256.caCertificatePem] });
    expect(headerOf(sealed).x5c).toHaveLength(2);
    const result = await verifyJades(sealed, { trustAnchors: [p256.caCertificatePem] });
    expect(result.verified).toBe(true);
    expect(result.chain.trusted).toBe(true);
    expect(result.chain.path).toHaveLength(2);
    // the seal certificate itself configured as the anchor
    const self = await verifyJades(sealed, { trustAnchors: [p256.certificatePem] });
    expect(self.chain.trusted).toBe(true);
  });
});

describe('verifyJades refuses altered or wrong seals', () => {
  let sealed: JadesSeal;
  beforeAll(async () => {
    sealed = await sealJades(edcCredential(), { privateKey: p256.privateKeyPem, certificateChain: [p256.certificatePem] });
  });
  const anchors = (): { trustAnchors: string[] } => ({ trustAnchors: [p256.caCertificatePem] });

  it('one changed byte in the payload', async () => {
    const i = sealed.payload.indexOf('Łucja');
    const tampered = { ...sealed, payload: `${sealed.payload.slice(0, i)}L${sealed.payload.slice(i + 1)}` };
    const result = await verifyJades(tampered, anchors());
    expect(result.verified).toBe(false);
    expect(codes(result)).toEqual([JadesErrorCodes.SIGNATURE_INVALID]);
    // every single position, sampled
    for (let j = 0; j < sealed.payload.length; j += 97) {
      const c = sealed.payload[j] === 'a' ? 'b' : 'a';
      const r = await verifyJades({ ...sealed, payload: sealed.payload.slice(0, j) + c + sealed.payload.slice(j + 1) });
      expect(r.verified).toBe(false);
    }
  });

  it('a changed signature or protected header', async () => {
    const sig = sealed.signatures[0]!;
    const flipped = Buffer.from(sig.signature, 'base64url');
    flipped[5] = (flipped[5] as number) ^ 1;
    const r1 = await verifyJades({ payload: sealed.payload, signatures: [{ ...sig, signature: flipped.toString('base64url') }] });
    expect(codes(r1)).toEqual([JadesErrorCodes.SIGNATURE_INVALID]);
    const header = headerOf(sealed);
    header.sigT = '2020-01-01T00:00:00Z';
    const r2 = await verifyJades({ payload: sealed.payload, signatures: [{ ...sig, protected: Buffer.from(JSON.stringify(header)).toString('base64url') }] });
    expect(r2.verified).toBe(false);
    expect(codes(r2)).toContain(JadesErrorCodes.SIGNATURE_INVALID);
  });

  it('a changed x5t#S256', async () => {
    const wrong = resign(sealed, p256.privateKeyPem, (h) => {
      h['x5t#S256'] = Buffer.alloc(32, 7).toString('base64url');
    });
    const result = await verifyJades(wrong, anchors());
    expect(result.verified).toBe(false);
    expect(codes(result)).toEqual([JadesErrorCodes.CERTIFICATE_DIGEST_MISMATCH]);
  });

  it('a swapped certificate (another seal certificate, digest updated)', async () => {
    const otherCert = new X509Certificate(other.certificatePem);
    const swapped = resign(sealed, p256.privateKeyPem, (h) => {
      h.x5c = [otherCert.raw.toString('base64')];
      h['x5t#S256'] = Buffer.from(otherCert.fingerprint256.replace(/:/g, ''), 'hex').toString('base64url');
    });
    const result = await verifyJades(swapped, { trustAnchors: [other.caCertificatePem] });
    expect(result.verified).toBe(false);
    expect(codes(result)).toEqual([JadesErrorCodes.SIGNATURE_INVALID]);
    // the certificate swapped in the original header: digest and signature both fail
    const header = headerOf(sealed);
    header.x5c = [otherCert.raw.toString('base64')];
    const raw = await verifyJades({ payload: sealed.payload, signatures: [{ ...sealed.signatures[0]!, protected: Buffer.from(JSON.stringify(header)).toString('base64url') }] });
    expect(codes(raw)).toEqual([JadesErrorCodes.CERTIFICATE_DIGEST_MISMATCH, JadesErrorCodes.SIGNATURE_INVALID]);
  });

  it('an unknown critical header parameter', async () => {
    const result = await verifyJades(resign(sealed, p256.privateKeyPem, (h) => {
      h.crit = ['b64', 'sigT', 'urn:example:policy'];
      h['urn:example:policy'] = 'strict';
    }));
    expect(result.verified).toBe(false);
    expect(codes(result)).toEqual([JadesErrorCodes.UNSUPPORTED_CRITICAL]);
    const detached = await verifyJades(resign(sealed, p256.privateKeyPem, (h) => {
      h.crit = ['b64', 'sigT', 'sigD'];
      h.sigD = { mId: 'http://uri.etsi.org/19182/HttpHeaders', pars: [] };
    }));
    expect(codes(detached)).toEqual([JadesErrorCodes.UNSUPPORTED_CRITICAL]);
  });

  it('crit that is malformed: a missing parameter, a JWS parameter, b64 not listed', async () => {
    for (const change of [
      (h: Header) => { h.crit = ['b64', 'sigT', 'adoTst']; },
      (h: Header) => { h.crit = ['b64', 'sigT', 'alg']; },
      (h: Header) => { h.crit = ['sigT']; },
      (h: Header) => { h.crit = []; },
    ]) {
      const result = await verifyJades(resign(sealed, p256.privateKeyPem, change));
      expect(result.verified).toBe(false);
      expect(codes(result)).toEqual([JadesErrorCodes.MALFORMED]);
    }
  });

  it('a missing, malformed or future sigT', async () => {
    const missing = await verifyJades(resign(sealed, p256.privateKeyPem, (h) => {
      delete h.sigT;
      h.crit = ['b64'];
    }), anchors());
    expect(missing.verified).toBe(false);
    expect(codes(missing)).toEqual([JadesErrorCodes.SIGNING_TIME]);
    for (const sigT of ['2025-02-30T10:00:00Z', '2025-03-01 10:00:00', 1740819600, new Date(Date.now() + 2 * DAY).toISOString()]) {
      const result = await verifyJades(resign(sealed, p256.privateKeyPem, (h) => { h.sigT = sigT; }));
      expect(result.verified).toBe(false);
      expect(codes(result)).toEqual([JadesErrorCodes.SIGNING_TIME]);
    }
  });

  it('a certificate not yet valid at sigT', async () => {
    const early = await verifyJades(resign(sealed, p256.privateKeyPem, (h) => {
      h.sigT = `${new Date(Date.now() - 2 * DAY).toISOString().slice(0, 19)}Z`;
    }), anchors());
    expect(early.verified).toBe(false);
    expect(codes(early)).toEqual([JadesErrorCodes.CERTIFICATE_NOT_VALID_AT_SIGNING_TIME]);
    // and sealJades refuses to make such a seal
    await expect(sealJades(edcCredential(), {
      privateKey: p256.privateKeyPem,
      certificateChain: [p256.certificatePem],
      signingTime: new Date(Date.now() - 2 * DAY),
    })).rejects.toMatchObject({ code: JadesErrorCodes.CERTIFICATE_NOT_VALID_AT_SIGNING_TIME });
  });

  it('an expired certificate that was valid at sigT: verified, with a warning', async () => {
    const old = await generateTestSeal({ ...ORG, keyType: 'P-256', notBefore: new Date(Date.now() - 10 * DAY), validDays: 5 });
    const signingTime = new Date(Date.now() - 7 * DAY);
    const expired = await sealJades(edcCredential(), { privateKey: old.privateKeyPem, certificateChain: [old.certificatePem], signingTime });
    const result = await verifyJades(expired, { trustAnchors: [old.caCertificatePem] });
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.chain.trusted).toBe(true);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/expired on .* after the seal was made/);
    // checked at a time when it was still valid: no warning
    const then = await verifyJades(expired, { trustAnchors: [old.caCertificatePem], now: new Date(Date.now() - 6 * DAY) });
    expect(then.warnings).toEqual([]);
  });

  it('an algorithm that does not fit the key, or is not allowed', async () => {
    const mismatch = await verifyJades(resign(sealed, p256.privateKeyPem, (h) => { h.alg = 'RS256'; }));
    expect(codes(mismatch)).toEqual([JadesErrorCodes.UNSUPPORTED_ALGORITHM]);
    for (const alg of ['none', 'HS256', 'EdDSA', undefined]) {
      const header = headerOf(sealed);
      header.alg = alg;
      const result = await verifyJades({ ...sealed, signatures: [{ ...sealed.signatures[0]!, protected: Buffer.from(JSON.stringify(header)).toString('base64url') }] });
      expect(codes(result)).toEqual([JadesErrorCodes.UNSUPPORTED_ALGORITHM]);
    }
  });

  it('never throws on malformed input', async () => {
    const sig = sealed.signatures[0]!;
    const inputs: unknown[] = [
      'not json',
      '{"payload":',
      '',
      null,
      42,
      [],
      {},
      { payload: sealed.payload },
      { payload: sealed.payload, signatures: [] },
      { payload: sealed.payload, signatures: [sig, sig] },
      { payload: sealed.payload, signatures: [null] },
      { signatures: [sig] },
      { payload: 1, signatures: [sig] },
      { payload: sealed.payload, signatures: [{ ...sig, protected: 'not base64url!' }] },
      { payload: sealed.payload, signatures: [{ ...sig, protected: Buffer.from('[1,2]').toString('base64url') }] },
      { payload: sealed.payload, signatures: [{ ...sig, protected: Buffer.from('{"alg":').toString('base64url') }] },
      { payload: sealed.payload, signatures: [{ ...sig, signature: '' }] },
      { payload: sealed.payload, signatures: [{ ...sig, header: 'x' }] },
      { payload: sealed.payload, signatures: [{ ...sig, header: { sigT: '2025-01-01T00:00:00Z' } }] },
      { payload: sealed.payload, protected: sig.protected, signature: sig.signature, signatures: [sig] },
      'a.b',
    ];
    for (const input of inputs) {
      const result = await verifyJades(input as object);
      expect(result.verified, JSON.stringify(input)?.slice(0, 80)).toBe(false);
      expect(result.errors.length).toBeGreaterThan(0);
      expect(result.errors.every((e) => e.code.startsWith('ERR_JADES_'))).toBe(true);
    }
    const badCert = resign(sealed, p256.privateKeyPem, (h) => { h.x5c = ['AAAA']; });
    expect(codes(await verifyJades(badCert))).toEqual([JadesErrorCodes.CERTIFICATE_INVALID]);
    const noCert = resign(sealed, p256.privateKeyPem, (h) => { delete h.x5c; });
    expect(codes(await verifyJades(noCert))).toEqual([JadesErrorCodes.CERTIFICATE_INVALID]);
  });

  it('a payload that is not a JSON object', async () => {
    const result = await verifyJades(resign(sealed, p256.privateKeyPem, () => {}, '"just a string"'));
    expect(codes(result)).toEqual([JadesErrorCodes.PAYLOAD_INVALID]);
    expect(result.verified).toBe(false);
  });
});

describe('other serializations', () => {
  it('accepts the flattened JSON serialization and a compact JWS with b64=false', async () => {
    const sealed = await sealJades(edcCredential(), { privateKey: rsa.privateKeyPem, certificateChain: [rsa.certificatePem] });
    const sig = sealed.signatures[0]!;
    const flat = await verifyJades({ payload: sealed.payload, protected: sig.protected, signature: sig.signature }, { trustAnchors: [rsa.caCertificatePem] });
    expect(flat).toMatchObject({ verified: true, serialization: 'flattened', chain: { trusted: true } });
    const compact = await verifyJades(`${sig.protected}.${sealed.payload}.${sig.signature}`, { trustAnchors: [rsa.caCertificatePem] });
    expect(compact).toMatchObject({ verified: true, serialization: 'compact' });
  });

  it('accepts a normal (b64) JWS made by jose', async () => {
    const cert = new X509Certificate(p256.certificatePem);
    const credential = edcCredential();
    const jws = await new FlattenedSign(new TextEncoder().encode(JSON.stringify(credential)))
      .setProtectedHeader({
        alg: 'ES256',
        x5c: [cert.raw.toString('base64')],
        'x5t#S256': Buffer.from(cert.fingerprint256.replace(/:/g, ''), 'hex').toString('base64url'),
        sigT: `${new Date().toISOString().slice(0, 19)}Z`,
        crit: ['sigT'],
      })
      .sign(createPrivateKey(p256.privateKeyPem), { crit: { sigT: true } });
    const result = await verifyJades(jws, { trustAnchors: [p256.caCertificatePem] });
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ verified: true, serialization: 'flattened', credential, chain: { trusted: true } });
  });

  it('keeps a credential given as text byte for byte', async () => {
    const text = `${JSON.stringify(edcCredential(), null, 2)}\n`;
    const sealed = await sealJades(text, { privateKey: p256.privateKeyPem, certificateChain: [p256.certificatePem] });
    expect(sealed.payload).toBe(text);
    const result = await verifyJades(JSON.parse(JSON.stringify(sealed)) as object);
    expect(result.verified).toBe(true);
    expect(result.credential).toEqual(edcCredential());
  });
});

describe('sealJadesWithExternalSigner', () => {
  it('gives a seal that verifies (P-256 signer returning DER, converted to r||s)', async () => {
    const key = createPrivateKey(p256.privateKeyPem);
    let seen: Uint8Array | undefined;
    const sealed = await sealJadesWithExternalSigner(edcCredential(), {
      certificateChain: [p256.certificatePem],
      algorithm: 'ES256',
      sign: async (input) => {
        seen = input;
        return cryptoSign('sha256', input, key); // DER, as most HSM APIs return
      },
    });
    expect(Buffer.from(seen!).toString('utf8')).toBe(`${sealed.signatures[0]!.protected}.${sealed.payload}`);
    expect(Buffer.from(sealed.signatures[0]!.signature, 'base64url')).toHaveLength(64);
    const result = await verifyJades(sealed, { trustAnchors: [p256.caCertificatePem] });
    expect(result).toMatchObject({ verified: true, algorithm: 'ES256', chain: { trusted: true } });
  });

  it('gives a seal that verifies (RSA signer, PS256)', async () => {
    const key = createPrivateKey(rsa.privateKeyPem);
    const sealed = await sealJadesWithExternalSigner(edcCredential(), {
      certificateChain: [rsa.certificatePem],
      algorithm: 'PS256',
      sign: async (input) => cryptoSign('sha256', input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
    });
    const result = await verifyJades(sealed, { trustAnchors: [rsa.caCertificatePem] });
    expect(result).toMatchObject({ verified: true, algorithm: 'PS256', chain: { trusted: true } });
  });

  it('refuses a signature made with another key', async () => {
    const stranger = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    await expect(sealJadesWithExternalSigner(edcCredential(), {
      certificateChain: [p256.certificatePem],
      algorithm: 'ES256',
      sign: async (input) => cryptoSign('sha256', input, { key: stranger, dsaEncoding: 'ieee-p1363' }),
    })).rejects.toMatchObject({ code: JadesErrorCodes.SIGNATURE_INVALID });
  });
});

describe('sealJades input checks', () => {
  it('refuses a private key that is not the certificate\'s, and an algorithm that does not fit', async () => {
    await expect(sealJades(edcCredential(), { privateKey: other.privateKeyPem, certificateChain: [p256.certificatePem] })).rejects.toBeInstanceOf(JadesError);
    await expect(sealJades(edcCredential(), { privateKey: other.privateKeyPem, certificateChain: [p256.certificatePem] })).rejects.toMatchObject({
      code: JadesErrorCodes.INVALID_INPUT,
    });
    await expect(sealJades(edcCredential(), { privateKey: p256.privateKeyPem, certificateChain: [p256.certificatePem], algorithm: 'RS256' })).rejects.toMatchObject({
      code: JadesErrorCodes.UNSUPPORTED_ALGORITHM,
    });
    await expect(sealJades('[1]', { privateKey: p256.privateKeyPem, certificateChain: [p256.certificatePem] })).rejects.toMatchObject({
      code: JadesErrorCodes.INVALID_INPUT,
    });
    await expect(sealJades(edcCredential(), { privateKey: p256.privateKeyPem, certificateChain: [] })).rejects.toMatchObject({
      code: JadesErrorCodes.INVALID_INPUT,
    });
  });
});
