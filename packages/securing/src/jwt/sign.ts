import { CompactSign } from 'jose';
import { contextsOf } from '../credential.ts';
import { CREDENTIALS_V1_URL } from '../contexts.ts';
import { encodeVc11Claims } from './vc-1.1-claims.ts';
import type { JsonObject, KeyPair } from '../types.ts';

export const VC_JWT_TYPE = 'vc+jwt';
/** The `typ` of a VC Data Model 1.1 JWT (§6.3.1.1: "typ, if present, MUST be set to JWT"). */
export const VC_11_JWT_TYPE = 'JWT';

/**
 * Secures a credential as a JWT, in the encoding its data model defines (read
 * from the first `@context`):
 *
 * - VC 2.0: VC-JOSE-COSE `vc+jwt`. The payload is exactly the credential (no
 *   `vc` claim, no iss/nbf/exp claims); header `{alg, kid, typ: 'vc+jwt', cty: 'vc'}`.
 * - VC 1.1: the JWT of VC Data Model 1.1 §6.3.1. Claims iss, nbf, exp, jti, sub
 *   and `vc` (see vc-1.1-claims.ts); header `{alg, kid, typ: 'JWT'}`.
 */
export async function signJwt(credential: JsonObject, key: KeyPair): Promise<string> {
  const v1 = contextsOf(credential)[0] === CREDENTIALS_V1_URL;
  const payload = new TextEncoder().encode(JSON.stringify(v1 ? encodeVc11Claims(credential) : credential));
  return new CompactSign(payload)
    .setProtectedHeader(v1 ? { alg: key.jwsAlgorithm, kid: key.id, typ: VC_11_JWT_TYPE } : { alg: key.jwsAlgorithm, kid: key.id, typ: VC_JWT_TYPE, cty: 'vc' })
    .sign(await key.joseKey());
}
