import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The deployment's trusted issuers: DIDs of credential issuers, and X.509 trust anchors for sealed
 * Europass credentials (for example the CA certificates of qualified trust service providers).
 *
 * ```json
 * {
 *   "issuers": [
 *     "did:web:certification.example.org",
 *     {"id": "did:key:z6Mk...", "name": "Demo"},
 *     {"id": "https://university.example", "name": "University", "signers": ["did:web:keys.university.example"]}
 *   ],
 *   "x509TrustAnchors": ["anchors/qtsp-ca.pem", "-----BEGIN CERTIFICATE-----\n..."]
 * }
 * ```
 * Anchor paths are relative to the trust file. An issuer named by a web address rather than a DID
 * cannot show in the credential which keys are its: `signers` lists the DIDs whose keys sign for it.
 */
export interface TrustList {
  issuers: Map<string, string | undefined>;
  /** For issuers named by a web address: the DIDs whose keys sign for them. */
  signers?: Map<string, string[]>;
  x509TrustAnchors: string[];
}

export class TrustFileError extends Error {
  readonly code = 'ERR_TRUST_FILE';
}

export function emptyTrustList(): TrustList {
  return { issuers: new Map(), signers: new Map(), x509TrustAnchors: [] };
}

export function loadTrustFile(path: string): TrustList {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TrustFileError(`The trust file ${path} cannot be read: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new TrustFileError(`The trust file ${path} must hold a JSON object.`);
  const { issuers = [], x509TrustAnchors = [] } = parsed as { issuers?: unknown; x509TrustAnchors?: unknown };
  if (!Array.isArray(issuers) || !Array.isArray(x509TrustAnchors)) {
    throw new TrustFileError(`In ${path}, "issuers" and "x509TrustAnchors" must be lists.`);
  }
  const list = emptyTrustList();
  issuers.forEach((entry, i) => {
    if (typeof entry === 'string') list.issuers.set(entry, undefined);
    else if (entry && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string') {
      const { id, name, signers } = entry as { id: string; name?: unknown; signers?: unknown };
      list.issuers.set(id, typeof name === 'string' ? name : undefined);
      if (signers !== undefined) {
        if (!Array.isArray(signers) || !signers.every((s): s is string => typeof s === 'string' && s.startsWith('did:'))) {
          throw new TrustFileError(`In ${path}, issuers[${i}].signers must be a list of DIDs.`);
        }
        list.signers!.set(id, signers);
      }
    } else throw new TrustFileError(`In ${path}, issuers[${i}] must be a DID or {"id": DID or URL, "name": ..., "signers": [DID, ...]}.`);
  });
  x509TrustAnchors.forEach((entry, i) => {
    if (typeof entry !== 'string') throw new TrustFileError(`In ${path}, x509TrustAnchors[${i}] must be PEM text or a file path.`);
    if (entry.includes('-----BEGIN CERTIFICATE-----')) list.x509TrustAnchors.push(entry);
    else {
      try {
        list.x509TrustAnchors.push(readFileSync(resolve(dirname(path), entry), 'utf8'));
      } catch (error) {
        throw new TrustFileError(`In ${path}, the anchor ${entry} cannot be read: ${(error as Error).message}`);
      }
    }
  });
  return list;
}

/** The trust list a deployment configured (MICROCRED_TRUST_FILE), or an empty one. */
export function trustFromEnvironment(env: NodeJS.ProcessEnv = process.env): TrustList {
  return env.MICROCRED_TRUST_FILE ? loadTrustFile(env.MICROCRED_TRUST_FILE) : emptyTrustList();
}
