/**
 * The operations the benchmark times, shared by the main thread (one core)
 * and the worker threads (all cores): the baseline — plain
 * @digitalbazaar/vc with a static document loader, as an integrator writes
 * it from the libraries' READMEs — and ours (@microcred/securing).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as edSign, verify as edVerify, randomBytes } from 'node:crypto';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { driver as didKeyDriver } from '@digitalbazaar/did-method-key';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import didContext from 'did-context';
import { buildMicroCredential, FIXTURE_NAMES, loadFixture } from '@microcred/model';
import { generateKey, secureCredential, verifySecuredCredential, type JsonObject } from '@microcred/securing';

export type Operation = 'baseline-issue' | 'baseline-verify' | 'issue' | 'verify' | 'jwt-sign' | 'jwt-verify' | 'ed25519-sign' | 'ed25519-verify';

/** One benchmark operation, ready to run: each call does one unit of work. */
export type Runner = () => Promise<unknown> | unknown;

/** The primary micro-credential rendition of each fixture, with a revocation and a suspension entry. */
export function primaryCredentials(issuer: string): JsonObject[] {
  return FIXTURE_NAMES.map((name, i) =>
    buildMicroCredential(loadFixture(name), {
      issuer,
      credentialStatus: (['revocation', 'suspension'] as const).map((purpose) => ({
        id: `https://certs.example.org/status-lists/${purpose}-1#${1000 + i}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: purpose,
        statusListIndex: String(1000 + i),
        statusListCredential: `https://certs.example.org/status-lists/${purpose}-1`,
      })),
    }),
  );
}

/** What a naive integrator writes: the credentials v2, multikey and DID contexts, did:key through the driver. */
function baselineLoader() {
  const contexts = new Map<string, object>([...credentialsContext.contexts, ...multikeyContext.contexts, ...didContext.contexts]);
  const driver = didKeyDriver();
  driver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });
  return async (url: string) => {
    const document = contexts.get(url);
    if (document) return { contextUrl: null, documentUrl: url, document };
    if (url.startsWith('did:key:')) return { contextUrl: null, documentUrl: url, document: await driver.get({ url }) };
    throw new Error(`baseline loader: ${url} not found`);
  };
}

// The fixtures' dates lie ahead of a fresh clone's clock at times; the baseline checks validity against `now`.
const VERIFY_NOW = new Date('2030-01-01T00:00:00Z');

/** Builds the runner for one operation, with its own keys and signed credentials (warm caches are part of the service). */
export async function prepare(operation: Operation): Promise<Runner> {
  let i = 0;
  const next = <T>(list: T[]): T => list[i++ % list.length] as T;

  if (operation === 'baseline-issue' || operation === 'baseline-verify') {
    const keyPair = await Ed25519Multikey.generate();
    keyPair.controller = `did:key:${keyPair.publicKeyMultibase}`;
    keyPair.id = `${keyPair.controller}#${keyPair.publicKeyMultibase}`;
    const documentLoader = baselineLoader();
    const credentials = primaryCredentials(keyPair.controller);
    const issue = (credential: JsonObject) =>
      vc.issue({
        credential: structuredClone(credential),
        suite: new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022 }),
        documentLoader,
      });
    if (operation === 'baseline-issue') return () => issue(next(credentials));
    const signed = await Promise.all(credentials.map(issue));
    return async () => {
      const result = await vc.verifyCredential({
        credential: next(signed),
        suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
        documentLoader,
        checkStatus: async () => ({ verified: true }),
        now: VERIFY_NOW,
      });
      if (!result.verified) throw new Error(`baseline verification failed: ${JSON.stringify(result.error ?? result)}`);
    };
  }

  if (operation === 'ed25519-sign' || operation === 'ed25519-verify') {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const key = createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const pub = createPublicKey(publicKey.export({ format: 'pem', type: 'spki' }));
    // What a Data Integrity proof signs: two SHA-256 digests.
    const data = randomBytes(64);
    const signature = edSign(null, data, key);
    if (operation === 'ed25519-sign') return () => edSign(null, data, key);
    return () => {
      if (!edVerify(null, data, pub, signature)) throw new Error('ed25519 verification failed');
    };
  }

  const key = await generateKey({ type: 'Ed25519' });
  const credentials = primaryCredentials(key.controller);
  if (operation === 'issue') return () => secureCredential(next(credentials), { key, format: 'di' });
  if (operation === 'jwt-sign') return () => secureCredential(next(credentials), { key, format: 'jwt' });
  const format = operation === 'verify' ? 'di' : 'jwt';
  const signed = await Promise.all(credentials.map((c) => secureCredential(c, { key, format })));
  const inputs = signed.map((s) => s.jwt ?? s.credential);
  return async () => {
    const result = await verifySecuredCredential(next(inputs));
    if (!result.verified) throw new Error(`verification failed: ${JSON.stringify(result.errors)}`);
  };
}

/** Runs `runner` one call after another for `seconds` (after a short warm-up); operations per second. */
export async function measure(runner: Runner, seconds: number, warmupSeconds = Math.min(0.5, seconds / 3)): Promise<number> {
  const until = (ms: number) => performance.now() + ms;
  let end = until(warmupSeconds * 1000);
  while (performance.now() < end) await runner();
  let count = 0;
  const start = performance.now();
  end = start + seconds * 1000;
  while (performance.now() < end) {
    await runner();
    count++;
  }
  return count / ((performance.now() - start) / 1000);
}
