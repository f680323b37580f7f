import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp } from './app.ts';
import type { AppEnv } from './context.ts';
import { demoBanner, seedDemo, type DemoInfo } from './demo.ts';
import { createLogger, type Logger } from './log.ts';
import { problems } from './problem.ts';
import { readSettings, sqliteFile, type Settings } from './settings.ts';
import { inProcessSigner, workerPoolSigner, type CredentialSigner } from './signing.ts';
import { openStore, type Store } from './storage/index.ts';
import { protectKeys } from './security/protect-keys.ts';
import { rateLimiter } from './security/rate-limit.ts';

export interface StartServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** postgres:// URL; else SQLite at <dataDir>/microcred.sqlite. */
  databaseUrl?: string;
  dataDir?: string;
  keysDir?: string;
  /** Default MICROCRED_PUBLIC_URL, else http://HOST:PORT with the port actually bound. */
  publicUrl?: string;
  /** Create (or find again) the demo tenant, token, specification and credentials, and print where they are. */
  demo?: boolean;
  demoToken?: string;
  signingThreads?: number;
  /** Settings not given above; default: read from process.env. */
  settings?: Settings;
  clock?: () => Date;
  logger?: Logger;
  /** Where the demo banner goes. Default: stdout. */
  print?: (text: string) => void;
}

export interface RunningServer {
  /** Where the server listens, e.g. http://127.0.0.1:41234. */
  url: string;
  publicUrl: string;
  host: string;
  port: number;
  app: Hono<AppEnv>;
  store: Store;
  demo?: DemoInfo;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  // A wildcard address is where we listen, not where anyone reaches us.
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The Node adapter: opens and migrates the database, listens, then builds
 * the app for the public URL (which, with port 0, is known only once the
 * port is bound). Requests that arrive in between get 503.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const settings = options.settings ?? readSettings();
  const logger = options.logger ?? createLogger();
  const host = options.host ?? settings.host;
  const port = options.port ?? settings.port;
  const databaseUrl = options.databaseUrl ?? settings.databaseUrl;
  const tls = settings.tlsCert && settings.tlsKey ? { cert: readFileSync(settings.tlsCert), key: readFileSync(settings.tlsKey) } : undefined;

  const store = await openStore({
    ...(databaseUrl ? { url: databaseUrl } : { file: sqliteFile({ dataDir: options.dataDir ?? settings.dataDir }) }),
    ...(settings.keyPassphrase ? { keyPassphrase: settings.keyPassphrase } : {}),
  });
  let server: ServerType | undefined;
  let signer: CredentialSigner | undefined;
  try {
    await store.migrate();
    await protectKeys(store, logger);
    let app: Hono<AppEnv> | undefined;
    const bound = await new Promise<AddressInfo>((resolve, reject) => {
      server = serve(
        {
          fetch: (request) => (app ? app.fetch(request) : problems.unavailable('The service is starting.').toResponse()),
          hostname: host,
          port,
          ...(tls ? { createServer: createHttpsServer, serverOptions: tls } : {}),
        },
        (info) => resolve(info),
      );
      server.once('error', reject);
    });
    const origin = `${tls ? 'https' : 'http'}://${urlHost(host)}:${bound.port}`;
    const publicUrl = (options.publicUrl ?? settings.publicUrl ?? origin).replace(/\/+$/, '');
    const threads = options.signingThreads ?? settings.signingThreads;
    signer = threads > 0 ? workerPoolSigner({ threads }) : inProcessSigner();
    app = createApp({
      store,
      publicUrl,
      signer,
      logger,
      bodyLimitBytes: settings.bodyLimitBytes,
      statusListTtlSeconds: settings.statusListTtlSeconds,
      idempotencyStaleAfterMs: settings.idempotencyStaleAfterSeconds * 1000,
      ...(settings.rateLimitPerMinute > 0
        ? { publicLimiter: rateLimiter({ perMinute: settings.rateLimitPerMinute, trustedProxies: settings.trustedProxies }) }
        : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    });

    logger.info('listening', { url: origin, publicUrl, database: store.dialect, signingThreads: threads });

    let demo: DemoInfo | undefined;
    if (options.demo) {
      demo = await seedDemo(app, store, {
        publicUrl,
        keysDir: options.keysDir ?? settings.keysDir,
        logger,
        ...((options.demoToken ?? settings.demoToken) ? { demoToken: (options.demoToken ?? settings.demoToken) as string } : {}),
      });
      (options.print ?? ((text: string) => process.stdout.write(text)))(demoBanner(publicUrl, demo));
    }

    const running = server as ServerType;
    const usedSigner = signer;
    let closing: Promise<void> | undefined;
    return {
      url: origin,
      publicUrl,
      host,
      port: bound.port,
      app,
      store,
      ...(demo ? { demo } : {}),
      close: () =>
        (closing ??= (async () => {
          await new Promise<void>((resolve) => {
            running.close(() => resolve());
            // Keep-alive connections would hold close() open until they time out.
            (running as { closeAllConnections?: () => void }).closeAllConnections?.();
          });
          await usedSigner.close();
          await store.close();
        })()),
    };
  } catch (error) {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await signer?.close();
    await store.close();
    throw error;
  }
}
