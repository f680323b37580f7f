import { isJsonObject } from '../credential.ts';
import { decodeJwtCredential } from './decode.ts';
import type { JsonObject } from '../types.ts';

/**
 * The proof type JSON tools of the VC 1.1 era (did-jwt-vc, Veramo) write when
 * they show a JWT credential as JSON: the decoded credential, with the JWT as
 * its proof. It is a view, not a securing mechanism of its own: only what the
 * JWT signs is genuine, so a verifier checks the JWT and that the JSON around
 * it is the credential the JWT decodes to.
 */
export const JWT_PROOF_TYPE = 'JwtProof2020';

/** The credential a JWT stands for, with `proof: {type: 'JwtProof2020', jwt}` (the JWT is not verified). */
export function withJwtProof(jwt: string): JsonObject {
  const { credential } = decodeJwtCredential(jwt);
  return { ...credential, proof: { type: JWT_PROOF_TYPE, jwt: jwt.trim() } };
}

/** The JWT of a credential shown with a JwtProof2020 proof, if that is what this is. */
export function jwtOfProof(value: JsonObject): string | undefined {
  const { proof } = value;
  return isJsonObject(proof) && proof.type === JWT_PROOF_TYPE && typeof proof.jwt === 'string' ? proof.jwt : undefined;
}
