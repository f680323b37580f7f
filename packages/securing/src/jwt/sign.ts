import { CompactSign } from 'jose';
import type { JsonObject, KeyPair } from '../types.ts';

export const VC_JWT_TYPE = 'vc+jwt';

/**
 * Secures a credential as VC-JOSE-COSE `vc+jwt`: the payload is exactly the
 * credential (no `vc` claim, no iss/nbf/exp claims); the protected header is
 * `{alg, kid: key.id, typ: 'vc+jwt', cty: 'vc'}`.
 */
export async function signJwt(credential: JsonObject, key: KeyPair): Promise<string> {
  const payload = new TextEncoder().encode(JSON.stringify(credential));
  return new CompactSign(payload)
    .setProtectedHeader({ alg: key.jwsAlgorithm, kid: key.id, typ: VC_JWT_TYPE, cty: 'vc' })
    .sign(await key.joseKey());
}
