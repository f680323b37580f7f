import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import type { ProofFormat } from '../types.ts';

export type DataIntegrityFormat = Exclude<ProofFormat, 'jwt'>;

export const CRYPTOSUITE_NAME = {
  di: 'eddsa-rdfc-2022',
  ecdsa: 'ecdsa-rdfc-2019',
} as const;

/**
 * Verification suites. Suites are cheap to construct and keep per-document
 * hash caches, so a fresh one is made per verification.
 */
export function verificationSuite(format: DataIntegrityFormat): Digitalbazaar.Suite {
  switch (format) {
    case 'di':
      return new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    case 'ecdsa':
      return new DataIntegrityProof({ cryptosuite: ecdsaRdfc2019 });
    case 'ed25519-2020':
      // Older wallets. The suite converts Multikey verification methods (what
      // our did:key resolver yields) to Ed25519VerificationKey2020 itself.
      return new Ed25519Signature2020();
  }
}

export function signingSuite(
  format: 'di' | 'ecdsa',
  signer: Digitalbazaar.Signer,
  date?: Date | string,
): Digitalbazaar.Suite {
  const cryptosuite = format === 'di' ? eddsaRdfc2022 : ecdsaRdfc2019;
  return new DataIntegrityProof({ signer, cryptosuite, ...(date === undefined ? {} : { date }) });
}

/** Which of our formats a proof object is, if any. */
export function formatOfProof(proof: unknown): DataIntegrityFormat | undefined {
  if (proof === null || typeof proof !== 'object') return undefined;
  const { type, cryptosuite } = proof as { type?: unknown; cryptosuite?: unknown };
  if (type === 'DataIntegrityProof' && cryptosuite === CRYPTOSUITE_NAME.di) return 'di';
  if (type === 'DataIntegrityProof' && cryptosuite === CRYPTOSUITE_NAME.ecdsa) return 'ecdsa';
  if (type === 'Ed25519Signature2020') return 'ed25519-2020';
  return undefined;
}
