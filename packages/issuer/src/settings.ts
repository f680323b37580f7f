import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';

/** The service's settings (ARCHITECTURE.md "Conventions"), read once from the environment. */
export interface Settings {
  host: string;
  port: number;
  /** Base of every link, status list URL and did:web. Default http://HOST:PORT (known only after listening when PORT is 0). */
  publicUrl: string | undefined;
  /** postgres:// URL; SQLite under dataDir when absent. */
  databaseUrl: string | undefined;
  dataDir: string;
  keysDir: string;
  demoToken: string | undefined;
  /** Requests per minute per client on the public endpoints; 0 = off (benchmarks, conformance runs). */
  rateLimitPerMinute: number;
  /** Reverse proxies in front of the service that append to X-Forwarded-For; 0 = the TCP peer is the client. */
  trustedProxies: number;
  /** Encrypts tenants' private keys in the database (scrypt + AES-256-GCM); never logged. */
  keyPassphrase: string | undefined;
  /** An idempotent request without a heartbeat for this long belongs to a process that died: a retry takes it over. */
  idempotencyStaleAfterSeconds: number;
  /** Largest request body of the batch endpoint. Other endpoints take at most 1 MiB. */
  bodyLimitBytes: number;
  /** Cache lifetime of a published status list (Cache-Control max-age, and the list's `ttl`). */
  statusListTtlSeconds: number;
  /** Worker threads that sign credentials; 0 signs on the main thread. */
  signingThreads: number;
  tlsCert: string | undefined;
  tlsKey: string | undefined;
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

export const DEFAULT_BODY_LIMIT = 32 * 1024 * 1024;
export const DEFAULT_STATUS_LIST_TTL_SECONDS = 300;
/** Per client and minute on the public endpoints: a person checking credentials never comes near it, a scraper does. */
export const DEFAULT_RATE_LIMIT = 600;

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SettingsError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const publicUrl = optional(env, 'MICROCRED_PUBLIC_URL');
  if (publicUrl !== undefined) checkPublicUrl(publicUrl, 'MICROCRED_PUBLIC_URL');
  const databaseUrl = optional(env, 'DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new SettingsError('DATABASE_URL must be a postgres:// or postgresql:// URL (leave it unset for the embedded SQLite database)');
  }
  const tlsCert = optional(env, 'MICROCRED_TLS_CERT');
  const tlsKey = optional(env, 'MICROCRED_TLS_KEY');
  if ((tlsCert === undefined) !== (tlsKey === undefined)) {
    throw new SettingsError('MICROCRED_TLS_CERT and MICROCRED_TLS_KEY go together: set both to serve HTTPS, or neither');
  }
  return {
    host: optional(env, 'HOST') ?? '127.0.0.1',
    port: integer(env, 'PORT', 8080, 0, 65_535),
    publicUrl: publicUrl?.replace(/\/+$/, ''),
    databaseUrl,
    dataDir: resolve(optional(env, 'MICROCRED_DATA_DIR') ?? 'data'),
    keysDir: resolve(optional(env, 'MICROCRED_KEYS_DIR') ?? 'keys'),
    demoToken: optional(env, 'MICROCRED_DEMO_TOKEN'),
    rateLimitPerMinute: integer(env, 'MICROCRED_RATE_LIMIT', DEFAULT_RATE_LIMIT, 0, 1_000_000),
    trustedProxies: integer(env, 'MICROCRED_TRUSTED_PROXIES', 0, 0, 10),
    // Not trimmed: a passphrase may begin or end with a space.
    keyPassphrase: env.MICROCRED_KEY_PASSPHRASE ? env.MICROCRED_KEY_PASSPHRASE : undefined,
    idempotencyStaleAfterSeconds: integer(env, 'MICROCRED_IDEMPOTENCY_STALE_AFTER', 60, 1, 24 * 3600),
    bodyLimitBytes: integer(env, 'MICROCRED_BODY_LIMIT', DEFAULT_BODY_LIMIT, 1024, 1024 * 1024 * 1024),
    statusListTtlSeconds: integer(env, 'MICROCRED_STATUS_LIST_TTL', DEFAULT_STATUS_LIST_TTL_SECONDS, 0, 7 * 24 * 3600),
    // One core stays with the event loop and the database; signing is what scales with cores.
    signingThreads: integer(env, 'MICROCRED_SIGNING_THREADS', Math.min(4, Math.max(0, availableParallelism() - 1) || 0), 0, 64),
    tlsCert,
    tlsKey,
  };
}

/** The SQLite file under the data directory. */
export function sqliteFile(settings: Pick<Settings, 'dataDir'>): string {
  return join(settings.dataDir, 'microcred.sqlite');
}

export function checkPublicUrl(value: string, name = 'publicUrl'): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SettingsError(`${name} must be an absolute http(s) URL such as https://certs.example.org, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SettingsError(`${name} must use http or https, got ${JSON.stringify(value)}`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new SettingsError(`${name} must not carry a query, fragment or credentials: ${JSON.stringify(value)}`);
  }
  return url;
}
