import { createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import * as base58btc from 'base58-universal';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import { issuerOf } from '../../credential.ts';
import { methodResolverOf } from '../../document-loader.ts';
import { CRYPTOSUITE_NAME } from '../suites.ts';
import { digestFor, includesSuiteContext, verifyDataFast } from './sign.ts';
import type { DocumentLoader, JsonObject, ProofResult } from '../../types.ts';

const DID_V1 = 'https://www.w3.org/ns/did/v1';

// @digitalbazaar/data-integrity util.js (deliberately unanchored, as there)
const XML_DATE_TIME = new RegExp(
  '-?([1-9][0-9]{3,}|0[0-9]{3})' +
    '-(0[1-9]|1[0-2])' +
    '-(0[1-9]|[12][0-9]|3[01])' +
    'T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](.[0-9]+)?|(24:00:00(.0+)?))' +
    '(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?',
);

const MAX_VERIFIERS = 500;
/** The cryptosuite's verifier per verification method (JSON), made once: importing a public key is not free. */
const verifiers = new Map<string, Promise<Digitalbazaar.Verifier>>();

async function createVerifier(format: 'di' | 'ecdsa', method: JsonObject): Promise<Digitalbazaar.Verifier> {
  const suite = format === 'di' ? eddsaRdfc2022 : ecdsaRdfc2019;
  const verifier = await suite.createVerifier({ verificationMethod: method });
  if (verifier.algorithm !== 'Ed25519') return verifier;
  // @digitalbazaar/ed25519-multikey's verifier imports the public key again
  // for every signature; the same check with a key object made once.
  const keyPair = await Ed25519Multikey.from(method as Parameters<typeof Ed25519Multikey.from>[0]);
  const exported = (await keyPair.export({ publicKey: true, raw: true })) as { publicKey: Uint8Array };
  const publicKey: KeyObject = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(exported.publicKey).toString('base64url') },
    format: 'jwk',
  });
  return {
    ...(verifier.id === undefined ? {} : { id: verifier.id }),
    algorithm: verifier.algorithm,
    verify: async ({ data, signature }) => nodeVerify(null, data, publicKey, signature),
  };
}

function verifierFor(format: 'di' | 'ecdsa', method: JsonObject): Promise<Digitalbazaar.Verifier> {
  const key = `${format}\u0000${JSON.stringify(method)}`;
  let verifier = verifiers.get(key);
  if (!verifier) {
    verifier = createVerifier(format, method);
    verifier.catch(() => verifiers.delete(key));
    if (verifiers.size >= MAX_VERIFIERS) verifiers.delete(verifiers.keys().next().value as string);
    verifiers.set(key, verifier);
  }
  return verifier;
}

async function load(documentLoader: DocumentLoader, url: unknown): Promise<JsonObject | undefined> {
  if (typeof url !== 'string') return undefined;
  const { document } = await documentLoader(url);
  const value = typeof document === 'string' ? (JSON.parse(document) as unknown) : document;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/**
 * Verifies one DataIntegrityProof (eddsa-rdfc-2022 or ecdsa-rdfc-2019,
 * purpose assertionMethod) as jsonld-signatures with data-integrity and vc's
 * CredentialIssuancePurpose do, with the fast canonicalization and cached
 * verifiers. It only ever says yes: `verified: true` when every check those
 * libraries make passes; undefined for everything else (a bad signature, a
 * controller document that would need framing, a shape it does not handle),
 * and the caller then runs the libraries, which give the verdict and their
 * errors.
 */
export async function verifyFast(
  credential: JsonObject,
  format: 'di' | 'ecdsa',
  documentLoader: DocumentLoader,
): Promise<ProofResult | undefined> {
  const proof = credential.proof;
  if (proof === null || typeof proof !== 'object' || Array.isArray(proof)) return undefined;
  const { proofValue, verificationMethod: methodId, ...options } = proof as JsonObject;
  if (
    options.type !== 'DataIntegrityProof' ||
    options.cryptosuite !== CRYPTOSUITE_NAME[format] ||
    options.proofPurpose !== 'assertionMethod' ||
    '@context' in options ||
    // A chained proof covers the proofs it names as well; this path hashes the document without any.
    'previousProof' in options ||
    typeof proofValue !== 'string' ||
    !proofValue.startsWith('z') ||
    typeof methodId !== 'string' ||
    !includesSuiteContext(credential)
  ) {
    return undefined;
  }
  try {
    // One DID resolution for the method and (usually the same DID) its controller.
    const resolveMethod = methodResolverOf(documentLoader);
    const resolved = resolveMethod ? await resolveMethod(methodId) : undefined;
    const method = resolved ? (resolved.method as JsonObject) : await load(documentLoader, methodId);
    if (!method || typeof method.id !== 'string') return undefined;
    const verifier = await verifierFor(format, method);
    const required = format === 'di' ? ['Ed25519'] : ['P-256', 'P-384'];
    if (!required.includes(verifier.algorithm)) return undefined;

    const { proof: _proof, ...document } = credential;
    // The proof options in the order jsonld-signatures hands them on (proofValue left out).
    const proofOptions: JsonObject = {};
    for (const [name, value] of Object.entries(proof as JsonObject)) {
      if (name !== 'proofValue') proofOptions[name] = value;
    }
    const data = await verifyDataFast(document, proofOptions, digestFor(verifier.algorithm));
    if (!data) return undefined;
    if (!(await verifier.verify({ data, signature: base58btc.decode(proofValue.slice(1)) }))) return undefined;
    if (options.created !== undefined && !XML_DATE_TIME.test(options.created as string)) return undefined;
    if (options.expires !== undefined && !XML_DATE_TIME.test(options.expires as string)) return undefined;

    // ControllerProofPurpose: a DID document (no framing) listing the method under assertionMethod.
    const controllerId = typeof method.controller === 'object' && method.controller !== null
      ? (method.controller as JsonObject).id
      : method.controller;
    const controller =
      resolved && controllerId === resolved.did ? (resolved.didDocument as JsonObject) : await load(documentLoader, controllerId);
    if (!controller) return undefined;
    const context = controller['@context'];
    if (!(context === DID_V1 || (Array.isArray(context) && context[0] === DID_V1))) return undefined;
    const listed = ([] as unknown[]).concat(controller.assertionMethod ?? []);
    if (!listed.some((entry) => entry === method.id || (typeof entry === 'object' && entry !== null && (entry as JsonObject).id === method.id))) {
      return undefined;
    }
    // CredentialIssuancePurpose: the issuer is that controller.
    const issuers = ([] as unknown[]).concat(credential.issuer ?? []);
    if (issuers.length === 0) return undefined;
    const issuerId = typeof issuers[0] === 'string' ? issuers[0] : (issuers[0] as JsonObject | null)?.id;
    if (controller.id !== issuerId) return undefined;

    const issuer = issuerOf(credential);
    return {
      format,
      ...(issuer === undefined ? {} : { issuer }),
      verified: true,
      credential,
      verificationMethod: method.id,
      errors: [],
    };
  } catch {
    return undefined;
  }
}
