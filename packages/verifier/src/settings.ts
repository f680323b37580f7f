import { createDidResolver, createDocumentLoader } from '@microcred/securing';
import { httpStatusLists } from './http/status-lists.ts';
import { trustFromEnvironment } from './trust.ts';
import type { VerifyOptions } from './verify.ts';

/** Truthy settings: 1, true, yes, on. */
export function flag(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

/**
 * The verifier as a deployment configures it: the trusted-issuer list of MICROCRED_TRUST_FILE, status
 * lists and did:web documents over HTTPS, and over HTTP to 127.0.0.1 only with MICROCRED_ALLOW_LOOPBACK.
 * Built once: its caches (status lists, DID documents, contexts) live as long as the process.
 */
export function verifyOptionsFromEnvironment(env: NodeJS.ProcessEnv = process.env): VerifyOptions {
  const allowLoopback = flag(env.MICROCRED_ALLOW_LOOPBACK);
  const didResolver = createDidResolver({ allowHttp: allowLoopback });
  return {
    trust: trustFromEnvironment(env),
    didResolver,
    documentLoader: createDocumentLoader({ didResolver }),
    statusLists: httpStatusLists({ allowLoopback }),
  };
}
