import { beforeAll, describe, expect, it } from 'vitest';
import {
  generateKey,
  secureCredential,
  verifySecuredCredential,
  type KeyPair,
  type KeyType,
  type SecuringFormat,
} from '../src/index.ts';
import { elmCredential, flipPayloadByte, leafPaths, smallCredential, withChangedLeaf, withPayload } from './helpers.ts';

const CASES: Array<{ name: string; type: KeyType; format: SecuringFormat }> = [
  { name: 'eddsa-rdfc-2022 (Ed25519)', type: 'Ed25519', format: 'di' },
  { name: 'eddsa-jcs-2022 (Ed25519)', type: 'Ed25519', format: 'eddsa-jcs' },
  { name: 'ecdsa-rdfc-2019 (P-256)', type: 'P-256', format: 'ecdsa' },
  { name: 'ecdsa-rdfc-2019 (P-384)', type: 'P-384', format: 'ecdsa' },
  { name: 'vc+jwt (Ed25519)', type: 'Ed25519', format: 'jwt' },
  { name: 'vc+jwt (P-256)', type: 'P-256', format: 'jwt' },
  { name: 'vc+jwt (P-384)', type: 'P-384', format: 'jwt' },
];

const CREDENTIALS = [
  { name: 'small VC 2.0 credential', make: smallCredential },
  { name: 'credential with an inline ELM context', make: elmCredential },
];

const keys = new Map<KeyType, KeyPair>();
beforeAll(async () => {
  for (const type of ['Ed25519', 'P-256', 'P-384'] as const) keys.set(type, await generateKey({ type }));
});
const keyOf = (type: KeyType): KeyPair => keys.get(type) as KeyPair;

describe.each(CASES)('$name', ({ type, format }) => {
  describe.each(CREDENTIALS)('$name', ({ make }) => {
    it('round-trips', async () => {
      const key = keyOf(type);
      const credential = make(key.controller);
      const before = structuredClone(credential);
      const secured = await secureCredential(credential, { key, format });
      expect(credential).toEqual(before); // input untouched
      expect(secured.format).toBe(format);

      if (format === 'jwt') {
        expect(typeof secured.jwt).toBe('string');
        expect(secured.credential).toEqual(credential);
        const [headerSegment, payloadSegment] = (secured.jwt as string).split('.') as [string, string];
        expect(JSON.parse(Buffer.from(headerSegment, 'base64url').toString())).toEqual({
          alg: { Ed25519: 'EdDSA', 'P-256': 'ES256', 'P-384': 'ES384' }[type],
          kid: key.id,
          typ: 'vc+jwt',
          cty: 'vc',
        });
        // The payload is exactly the credential: no vc/iss/nbf claims.
        expect(JSON.parse(Buffer.from(payloadSegment, 'base64url').toString())).toEqual(credential);
      } else {
        expect(secured.jwt).toBeUndefined();
        const { proof, ...body } = secured.credential as Record<string, unknown> & { proof: Record<string, unknown> };
        expect(body).toEqual(credential);
        expect(proof).toMatchObject({
          type: 'DataIntegrityProof',
          cryptosuite: { di: 'eddsa-rdfc-2022', 'eddsa-jcs': 'eddsa-jcs-2022', ecdsa: 'ecdsa-rdfc-2019' }[format],
          proofPurpose: 'assertionMethod',
          verificationMethod: key.id,
        });
        expect(typeof proof.proofValue).toBe('string');
      }

      const result = await verifySecuredCredential(secured.jwt ?? secured.credential);
      expect(result).toEqual({
        verified: true,
        format,
        ...(format === 'jwt' ? { jwtEncoding: 'vc+jwt' } : {}),
        credential: format === 'jwt' ? credential : secured.credential,
        issuer: key.controller,
        verificationMethod: key.id,
        errors: [],
      });
    });

    it('detects a change of any leaf value', async () => {
      const key = keyOf(type);
      const credential = make(key.controller);
      const secured = await secureCredential(credential, { key, format });
      const paths = leafPaths(credential, ['proof']);
      expect(paths.length).toBeGreaterThanOrEqual(8);
      for (const path of paths) {
        const input =
          format === 'jwt'
            ? withPayload(secured.jwt as string, withChangedLeaf(credential, path))
            : withChangedLeaf(secured.credential, path);
        const result = await verifySecuredCredential(input);
        expect({ path, verified: result.verified }).toEqual({ path, verified: false });
        expect(result.errors.length).toBeGreaterThan(0);
      }
    });
  });
});

describe('vc+jwt tampering', () => {
  it.each(['Ed25519', 'P-256', 'P-384'] as const)('a changed payload byte fails (%s)', async (type) => {
    const key = keyOf(type);
    const { jwt } = await secureCredential(smallCredential(key.controller), { key, format: 'jwt' });
    const tampered = flipPayloadByte(jwt as string);
    expect(tampered).not.toBe(jwt);
    const result = await verifySecuredCredential(tampered);
    expect(result.verified).toBe(false);
    expect(result.format).toBe('jwt');
    expect(result.errors.length).toBe(1);
  });

  it('a signature from another key of the same type fails', async () => {
    const key = keyOf('Ed25519');
    const other = await generateKey({ type: 'Ed25519' });
    const { jwt } = await secureCredential(smallCredential(other.controller), { key: other, format: 'jwt' });
    const [header, , signature] = (jwt as string).split('.') as [string, string, string];
    const forgedHeader = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: key.id, typ: 'vc+jwt', cty: 'vc' })).toString(
      'base64url',
    );
    expect(header).not.toBe(forgedHeader);
    const payload = Buffer.from(JSON.stringify(smallCredential(key.controller))).toString('base64url');
    const result = await verifySecuredCredential([forgedHeader, payload, signature].join('.'));
    expect(result.verified).toBe(false);
    expect(result.errors[0]?.code).toBe('ERR_PROOF_INVALID');
  });

  it('a kid of someone else than the issuer fails with ERR_ISSUER_MISMATCH', async () => {
    const issuerKey = keyOf('Ed25519');
    const attacker = await generateKey({ type: 'Ed25519' });
    const credential = smallCredential(issuerKey.controller);
    // The attacker signs a credential naming someone else as issuer.
    const { jwt } = await secureCredential(smallCredential(attacker.controller), { key: attacker, format: 'jwt' });
    const forged = withPayload(jwt as string, credential);
    const result = await verifySecuredCredential(forged);
    expect(result.verified).toBe(false);
    expect(result.errors[0]?.code).toBe('ERR_ISSUER_MISMATCH');
  });

  it('accepts a relative kid (relative to the issuer) and the older vc-ld+jwt typ', async () => {
    const key = keyOf('P-256');
    const credential = smallCredential(key.controller);
    const { CompactSign } = await import('jose');
    const jwt = await new CompactSign(new TextEncoder().encode(JSON.stringify(credential)))
      .setProtectedHeader({ alg: 'ES256', kid: `#${key.publicKeyMultibase}`, typ: 'vc-ld+jwt' })
      .sign(await key.joseKey());
    const result = await verifySecuredCredential(jwt);
    expect(result.verified).toBe(true);
    expect(result.verificationMethod).toBe(key.id);
  });

  it('rejects other typ values', async () => {
    const key = keyOf('P-256');
    const { CompactSign } = await import('jose');
    const jwt = await new CompactSign(new TextEncoder().encode(JSON.stringify(smallCredential(key.controller))))
      .setProtectedHeader({ alg: 'ES256', kid: key.id, typ: 'JWT' })
      .sign(await key.joseKey());
    const result = await verifySecuredCredential(jwt);
    expect(result.verified).toBe(false);
    expect(result.errors[0]?.code).toBe('ERR_UNKNOWN_FORMAT');
  });
});

describe('proof only: no validity window, no status', () => {
  it.each(CASES)('$name verifies an expired, not-yet-valid credential with a status entry', async ({ type, format }) => {
    const key = keyOf(type);
    const credential: Record<string, unknown> = {
      ...smallCredential(key.controller),
      validFrom: '2999-01-01T00:00:00Z',
      validUntil: '2000-01-01T00:00:00Z',
      credentialStatus: {
        id: 'https://status.example/lists/1#42',
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '42',
        statusListCredential: 'https://status.example/lists/1',
      },
    };
    (credential['@context'] as string[]).push('https://www.w3.org/ns/credentials/status/v1');
    const secured = await secureCredential(credential, { key, format });
    const result = await verifySecuredCredential(secured.jwt ?? secured.credential);
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
  });

  it('v1 credential: expirationDate in the past is not checked', async () => {
    const key = keyOf('Ed25519');
    const credential = {
      '@context': ['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/security/data-integrity/v2'],
      type: ['VerifiableCredential'],
      issuer: key.controller,
      issuanceDate: '2020-01-01T00:00:00Z',
      expirationDate: '2021-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:learner' },
    };
    const secured = await secureCredential(credential, { key, format: 'di' });
    const result = await verifySecuredCredential(secured.credential);
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
  });
});

describe('securing errors', () => {
  it('refuses a wrong key type for the format', async () => {
    const ed = keyOf('Ed25519');
    const p256 = keyOf('P-256');
    await expect(secureCredential(smallCredential(p256.controller), { key: p256, format: 'di' })).rejects.toMatchObject({
      code: 'ERR_KEY_TYPE_MISMATCH',
      message: expect.stringContaining('Ed25519'),
    });
    await expect(secureCredential(smallCredential(ed.controller), { key: ed, format: 'ecdsa' })).rejects.toMatchObject({
      code: 'ERR_KEY_TYPE_MISMATCH',
      message: expect.stringContaining('P-256'),
    });
    await expect(
      secureCredential(smallCredential(ed.controller), { key: ed, format: 'bbs' as never }),
    ).rejects.toMatchObject({ code: 'ERR_UNKNOWN_FORMAT' });
  });

  it('refuses a credential without @context, with an unbundled context, or another issuer', async () => {
    const key = keyOf('Ed25519');
    const { '@context': _context, ...noContext } = smallCredential(key.controller);
    for (const format of ['di', 'jwt'] as const) {
      await expect(secureCredential(noContext, { key, format })).rejects.toMatchObject({
        code: 'ERR_CREDENTIAL_INVALID',
        message: expect.stringContaining('@context'),
      });
      const unbundled = { ...smallCredential(key.controller), '@context': ['https://www.w3.org/ns/credentials/v2', 'https://example.org/my-context/v1'] };
      await expect(secureCredential(unbundled, { key, format })).rejects.toMatchObject({
        code: 'ERR_CONTEXT_NOT_BUNDLED',
        message: expect.stringContaining('https://example.org/my-context/v1'),
      });
      await expect(secureCredential(smallCredential('did:example:someone-else'), { key, format })).rejects.toMatchObject({
        code: 'ERR_ISSUER_MISMATCH',
      });
    }
  });

  it('names undefined terms', async () => {
    const key = keyOf('Ed25519');
    const credential = smallCredential(key.controller);
    (credential.credentialSubject as Record<string, unknown>).undefinedTerm = 1;
    await expect(secureCredential(credential, { key, format: 'di' })).rejects.toMatchObject({
      code: 'ERR_CREDENTIAL_INVALID',
      message: expect.stringContaining('undefinedTerm'),
    });
  });
});

describe('verifySecuredCredential never throws', () => {
  it.each([
    ['a random string', 'not a credential'],
    ['a JWS-looking string', 'aaa.bbb.ccc'],
    ['an empty object', {}],
    ['null', null],
    ['a number', 42],
    ['an unsupported proof', { '@context': ['https://www.w3.org/ns/credentials/v2'], proof: { type: 'BbsBlsSignature2020' } }],
    ['broken JSON text', '{"a":'],
  ])('%s', async (_name, input) => {
    const result = await verifySecuredCredential(input as never);
    expect(result.verified).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(typeof result.errors[0]?.code).toBe('string');
  });

  it('reports ERR_UNKNOWN_FORMAT for a credential without proof', async () => {
    const result = await verifySecuredCredential(smallCredential('did:example:x'));
    expect(result.errors).toEqual([{ code: 'ERR_UNKNOWN_FORMAT', message: 'The credential has no proof.' }]);
  });

  it('accepts JSON text and an EnvelopedVerifiableCredential', async () => {
    const key = keyOf('Ed25519');
    const di = await secureCredential(smallCredential(key.controller), { key, format: 'di' });
    expect((await verifySecuredCredential(JSON.stringify(di.credential))).verified).toBe(true);
    const jwt = await secureCredential(smallCredential(key.controller), { key, format: 'jwt' });
    const enveloped = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: `data:application/vc+jwt,${jwt.jwt}`,
      type: 'EnvelopedVerifiableCredential',
    };
    const result = await verifySecuredCredential(enveloped);
    expect(result.verified).toBe(true);
    expect(result.format).toBe('jwt');
  });

  it('reads an enveloped credential\'s data: URL as presentation envelopes are read (;base64, percent-encoding, case), refusing other media types', async () => {
    const key = keyOf('Ed25519');
    const { jwt } = await secureCredential(smallCredential(key.controller), { key, format: 'jwt' });
    const envelope = (id: string) => ({ '@context': ['https://www.w3.org/ns/credentials/v2'], id, type: 'EnvelopedVerifiableCredential' });
    const readable = [
      `data:application/vc+jwt,${jwt}`,
      `data:application/vc+jwt;base64,${Buffer.from(jwt as string).toString('base64')}`,
      `data:application/vc+jwt,${(jwt as string).replaceAll('.', '%2E')}`,
      `DATA:Application/VC+JWT;charset=utf-8,${jwt}`,
      `data:application/jwt,${jwt}`,
    ];
    for (const id of readable) {
      const result = await verifySecuredCredential(envelope(id));
      expect(result.errors, id.slice(0, 40)).toEqual([]);
      expect(result).toMatchObject({ verified: true, format: 'jwt' });
    }
    const refused: [string, string, string][] = [
      [`data:application/vp+jwt,${jwt}`, 'ERR_CREDENTIAL_INVALID', 'holds a presentation (application/vp+jwt), not a credential'],
      [`data:application/vc+sd-jwt,${jwt}`, 'ERR_UNKNOWN_FORMAT', 'holds application/vc+sd-jwt'],
      ['data:application/vc+jwt,not-a-jwt', 'ERR_CREDENTIAL_INVALID', 'does not hold a compact JWS'],
      [jwt as string, 'ERR_CREDENTIAL_INVALID', 'must be a data: URL'],
    ];
    for (const [id, code, message] of refused) {
      const result = await verifySecuredCredential(envelope(id));
      expect(result.verified).toBe(false);
      expect(result.errors).toEqual([{ code, message: expect.stringContaining(message) }]);
    }
  });
});
