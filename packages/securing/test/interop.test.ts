/**
 * Interoperability with a plain @digitalbazaar/vc setup written here from the
 * libraries alone: its own static document loader and the
 * @digitalbazaar/did-method-key driver — not this package's code.
 */
import { describe, expect, it } from 'vitest';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';
import { driver as didKeyDriver } from '@digitalbazaar/did-method-key';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import ed25519Context from 'ed25519-signature-2020-context';
import didContext from 'did-context';
import { generateKey, secureCredential, verifySecuredCredential } from '../src/index.ts';
import { elmCredential, smallCredential } from './helpers.ts';

type Loader = (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;

const staticContexts = new Map<string, object>([
  ...credentialsContext.contexts,
  ...dataIntegrityContext.contexts,
  ...multikeyContext.contexts,
  ...ed25519Context.contexts,
  ...didContext.contexts,
]);

/** A plain loader: static contexts + a did:key driver configured by the caller. */
function plainLoader(driver: ReturnType<typeof didKeyDriver>): Loader {
  return async (url: string) => {
    const context = staticContexts.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: context };
    if (url.startsWith('did:key:')) return { contextUrl: null, documentUrl: url, document: await driver.get({ url }) };
    throw new Error(`plain loader: ${url} not found`);
  };
}

function multikeyDriver(): ReturnType<typeof didKeyDriver> {
  const driver = didKeyDriver();
  driver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });
  driver.use({ multibaseMultikeyHeader: 'zDna', fromMultibase: EcdsaMultikey.from });
  driver.use({ multibaseMultikeyHeader: 'z82L', fromMultibase: EcdsaMultikey.from });
  return driver;
}

describe('plain @digitalbazaar/vc → verifySecuredCredential', () => {
  it.each([
    ['eddsa-rdfc-2022', 'Ed25519', 'di'],
    ['ecdsa-rdfc-2019 P-256', 'P-256', 'ecdsa'],
    ['ecdsa-rdfc-2019 P-384', 'P-384', 'ecdsa'],
  ] as const)('%s', async (_name, type, format) => {
    const documentLoader = plainLoader(multikeyDriver());
    const keyPair =
      type === 'Ed25519' ? await Ed25519Multikey.generate() : await EcdsaMultikey.generate({ curve: type });
    keyPair.controller = `did:key:${keyPair.publicKeyMultibase}`;
    keyPair.id = `${keyPair.controller}#${keyPair.publicKeyMultibase}`;
    const suite = new DataIntegrityProof({
      signer: keyPair.signer(),
      cryptosuite: type === 'Ed25519' ? eddsaRdfc2022 : ecdsaRdfc2019,
    });
    for (const credential of [smallCredential(keyPair.controller), elmCredential(keyPair.controller)]) {
      const signed = await vc.issue({ credential, suite, documentLoader });
      // sanity: the plain setup accepts its own credential
      const plain = await vc.verifyCredential({
        credential: signed,
        suite: new DataIntegrityProof({ cryptosuite: type === 'Ed25519' ? eddsaRdfc2022 : ecdsaRdfc2019 }),
        documentLoader,
      });
      expect(plain.verified).toBe(true);

      const result = await verifySecuredCredential(signed);
      expect(result.errors).toEqual([]);
      expect(result).toMatchObject({ verified: true, format, issuer: keyPair.controller, verificationMethod: keyPair.id });
    }
  });
});

describe('secureCredential → plain @digitalbazaar/vc', () => {
  it.each([
    ['eddsa-rdfc-2022', 'Ed25519', 'di'],
    ['ecdsa-rdfc-2019 P-256', 'P-256', 'ecdsa'],
    ['ecdsa-rdfc-2019 P-384', 'P-384', 'ecdsa'],
  ] as const)('%s', async (_name, type, format) => {
    const documentLoader = plainLoader(multikeyDriver());
    const key = await generateKey({ type });
    for (const credential of [smallCredential(key.controller), elmCredential(key.controller)]) {
      const secured = await secureCredential(credential, { key, format });
      const result = await vc.verifyCredential({
        credential: secured.credential,
        suite: new DataIntegrityProof({ cryptosuite: format === 'di' ? eddsaRdfc2022 : ecdsaRdfc2019 }),
        documentLoader,
      });
      expect(result.error).toBeUndefined();
      expect(result.verified).toBe(true);
    }
  });
});

describe('Ed25519Signature2020 (older wallets)', () => {
  it('verifies a credential signed with an Ed25519VerificationKey2020 did:key', async () => {
    // The plain 2020 setup: did:key driver producing Ed25519VerificationKey2020 methods.
    const driver = didKeyDriver();
    driver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519VerificationKey2020.from });
    const documentLoader = plainLoader(driver);

    const keyPair = await Ed25519VerificationKey2020.generate();
    const controller = `did:key:${keyPair.fingerprint()}`;
    keyPair.controller = controller;
    keyPair.id = `${controller}#${keyPair.fingerprint()}`;
    const didDocument = await driver.get({ did: controller });
    expect(didDocument.verificationMethod[0].type).toBe('Ed25519VerificationKey2020');

    const credential = {
      '@context': [
        'https://www.w3.org/2018/credentials/v1',
        'https://w3id.org/security/suites/ed25519-2020/v1',
        { alumniOf: 'https://schema.org/alumniOf' },
      ],
      id: 'urn:uuid:6a1676b8-b51f-11ed-937b-d76685a20ff5',
      type: ['VerifiableCredential'],
      issuer: controller,
      issuanceDate: '2023-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:alumna', alumniOf: 'Example University' },
    };
    const signed = await vc.issue({ credential, suite: new Ed25519Signature2020({ key: keyPair }), documentLoader });
    expect(signed.proof.type).toBe('Ed25519Signature2020');
    const plain = await vc.verifyCredential({ credential: signed, suite: new Ed25519Signature2020(), documentLoader });
    expect(plain.verified).toBe(true);

    // Ours resolves the same did:key to a Multikey method; the 2020 suite
    // converts it.
    const result = await verifySecuredCredential(signed);
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ verified: true, format: 'ed25519-2020', issuer: controller, verificationMethod: keyPair.id });

    const tampered = structuredClone(signed);
    tampered.credentialSubject.alumniOf = 'Other University';
    const bad = await verifySecuredCredential(tampered);
    expect(bad.verified).toBe(false);
    expect(bad.format).toBe('ed25519-2020');
    expect(bad.errors[0]?.code).toBe('ERR_PROOF_INVALID');
  });
});
