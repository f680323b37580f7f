import { SecuringError, ErrorCodes } from './errors.ts';
import { assertSecurable } from './credential.ts';
import { defaultDocumentLoader } from './document-loader.ts';
import { assertKeyPair } from './signing-keys/key-pair.ts';
import { signDataIntegrity } from './data-integrity/sign.ts';
import { CRYPTOSUITE_NAME } from './data-integrity/suites.ts';
import type { DocumentLoader, JsonObject, KeyPair } from './types.ts';

export interface AddProofOptions {
  key: KeyPair;
  /** 'di' = eddsa-rdfc-2022 (Ed25519), 'eddsa-jcs' = eddsa-jcs-2022 (Ed25519), 'ecdsa' = ecdsa-rdfc-2019 (P-256/P-384). */
  format: 'di' | 'eddsa-jcs' | 'ecdsa';
  /**
   * The ids of proofs already on the credential that the new proof chains to:
   * it signs them along with the credential, so they cannot be removed or
   * changed without breaking it. Without it the new proof is an independent
   * member of the proof set.
   */
  previousProof?: string | string[];
  /** The new proof's `id`, so that a later proof can name it as `previousProof`. */
  id?: string;
  documentLoader?: DocumentLoader;
  /** The proof's `created`. Default: now. */
  date?: Date | string;
}

/**
 * Adds a Data Integrity proof to a credential that may already carry proofs
 * (a proof set, or with `previousProof` a proof chain: VC Data Integrity 1.0
 * "Add Proof Set/Chain"). Unlike `secureCredential`, the key need not be the
 * issuer's: an endorser, notary or registrar adds its own proof next to the
 * issuer's. The proofs already there are kept as they are; a verifier then
 * requires every proof to verify and one of them to be the issuer's. Never
 * modifies the input.
 */
export async function addProof(credential: object, options: AddProofOptions): Promise<JsonObject> {
  const { key, format } = options ?? ({} as AddProofOptions);
  assertKeyPair(key);
  if (format !== 'di' && format !== 'eddsa-jcs' && format !== 'ecdsa') {
    throw new SecuringError(ErrorCodes.UNKNOWN_FORMAT, `Unknown proof format ${JSON.stringify(format)} (use "di", "eddsa-jcs" or "ecdsa").`);
  }
  if ((format !== 'ecdsa') !== (key.keyType === 'Ed25519')) {
    throw new SecuringError(
      ErrorCodes.KEY_TYPE_MISMATCH,
      format !== 'ecdsa'
        ? `Format "${format}" (${CRYPTOSUITE_NAME[format]}) needs an Ed25519 key; ${key.id} is ${key.keyType}.`
        : `Format "ecdsa" (ecdsa-rdfc-2019) needs a P-256 or P-384 key; ${key.id} is Ed25519.`,
    );
  }
  const documentLoader = options.documentLoader ?? defaultDocumentLoader();
  const checked = await assertSecurable(credential, { requireV2: false, documentLoader });
  return signDataIntegrity(checked, {
    key,
    format,
    documentLoader,
    ...(options.date === undefined ? {} : { date: options.date }),
    ...(options.id === undefined ? {} : { proofId: options.id }),
    ...(options.previousProof === undefined ? {} : { previousProof: options.previousProof }),
  });
}
