/**
 * A third party must be able to verify our credentials without our code: plain @digitalbazaar/vc with
 * its own static document loader holding only the standard contexts (credentials v2, multikey) and a
 * did:key driver, no network and no access to the project's loader.
 */
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as didKey from '@digitalbazaar/did-method-key';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMicroCredential, FIXTURE_NAMES, loadFixture } from '@microcred/model';
import { generateKey, secureCredential, type KeyPair } from '@microcred/securing';

const require = createRequire(import.meta.url);

function standardLoader() {
  const contexts = new Map<string, unknown>([
    ['https://www.w3.org/ns/credentials/v2', credentialsContext.contexts.get('https://www.w3.org/ns/credentials/v2')],
    [multikeyContext.CONTEXT_URL, multikeyContext.CONTEXT],
    ['https://www.w3.org/ns/did/v1', createRequire(require.resolve('@digitalbazaar/did-method-key'))('did-context').contexts.get('https://www.w3.org/ns/did/v1')],
  ]);
  const driver = didKey.driver();
  driver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });
  driver.use({ multibaseMultikeyHeader: 'zDna', fromMultibase: EcdsaMultikey.from });
  const requested: string[] = [];
  const loader = async (url: string) => {
    requested.push(url);
    if (contexts.has(url)) return { contextUrl: null, documentUrl: url, document: contexts.get(url) };
    if (url.startsWith('did:key:')) return { contextUrl: null, documentUrl: url, document: await driver.get({ url }) };
    throw new Error(`The third party's loader has no document for ${url}`);
  };
  return { loader, requested };
}

describe('a third party with plain @digitalbazaar/vc and only the standard contexts', () => {
  let ed25519: KeyPair;
  let p256: KeyPair;
  beforeAll(async () => {
    ed25519 = await generateKey({ type: 'Ed25519', did: 'key' });
    p256 = await generateKey({ type: 'P-256', did: 'key' });
  });

  for (const name of FIXTURE_NAMES) {
    it(`verifies our eddsa-rdfc-2022 ${name} credential`, async () => {
      const credential = buildMicroCredential(loadFixture(name), { issuer: ed25519.controller });
      const { credential: signed } = await secureCredential(credential, { key: ed25519, format: 'di' });
      const { loader, requested } = standardLoader();
      const result = await vc.verifyCredential({
        credential: signed,
        suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
        documentLoader: loader,
      });
      expect(result.error).toBeUndefined();
      expect(result.verified).toBe(true);
      expect(requested.every((url) => url.startsWith('did:key:') || url.startsWith('https://www.w3.org/ns/credentials/v2') || url === 'https://www.w3.org/ns/did/v1' || url === 'https://w3id.org/security/multikey/v1')).toBe(true);
    });

    it(`verifies our ecdsa-rdfc-2019 ${name} credential`, async () => {
      const credential = buildMicroCredential(loadFixture(name), { issuer: p256.controller });
      const { credential: signed } = await secureCredential(credential, { key: p256, format: 'ecdsa' });
      const { loader } = standardLoader();
      const result = await vc.verifyCredential({
        credential: signed,
        suite: new DataIntegrityProof({ cryptosuite: ecdsaRdfc2019 }),
        documentLoader: loader,
      });
      expect(result.error).toBeUndefined();
      expect(result.verified).toBe(true);
    });
  }

  it('refuses the same credential once a value is changed', async () => {
    const credential = buildMicroCredential(loadFixture('minimal'), { issuer: ed25519.controller });
    const { credential: signed } = await secureCredential(credential, { key: ed25519, format: 'di' });
    const tampered = structuredClone(signed) as any;
    tampered.credentialSubject.hasClaim.specifiedBy.eqfLevel = 'http://data.europa.eu/snb/eqf/8';
    const { loader } = standardLoader();
    const result = await vc.verifyCredential({ credential: tampered, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader: loader });
    expect(result.verified).toBe(false);
  });
});
