import { Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv, Services } from './context.ts';
import { createLogger, describeError, type Logger } from './log.ts';
import { Problem, problems } from './problem.ts';
import { microCredentialRoutes } from './routes/micro-credentials.ts';
import { pageRoutes } from './routes/pages.ts';
import { publicRoutes } from './routes/public.ts';
import { specificationRoutes } from './routes/specifications.ts';
import { systemRoutes } from './routes/system.ts';
import { tenantRoutes } from './routes/tenants.ts';
import { vcApiRoutes } from './routes/vc-api.ts';
import { walletRoutes } from './routes/wallet.ts';
import { verifierRoutes } from '@microcred/verifier';
import { ownVerification } from './own-verification.ts';
import { checkPublicUrl, DEFAULT_BODY_LIMIT, DEFAULT_STATUS_LIST_TTL_SECONDS } from './settings.ts';
import { inProcessSigner, type CredentialSigner } from './signing.ts';
import { createStatusListPublisher } from './status-list-publisher.ts';
import { StorageError, type Store } from './storage/index.ts';
import { bodyCap } from './security/body-cap.ts';
import { securityHeaders } from './security/headers.ts';

export interface AppDeps {
  store: Store;
  /** Base of every link, status list URL and did:web DID, e.g. https://certs.example.org. */
  publicUrl: string;
  clock?: () => Date;
  /** Default: signs on the calling thread. startServer passes a worker pool. */
  signer?: CredentialSigner;
  logger?: Logger;
  /** Largest body of POST /micro-credentials/batch. Default 32 MiB. */
  bodyLimitBytes?: number;
  /** Default 10,000. */
  maxBatchItems?: number;
  /** Cache lifetime of published status lists. Default 300 s. */
  statusListTtlSeconds?: number;
  /** An idempotent request with no heartbeat for this long is taken for abandoned. Default 60 s. */
  idempotencyStaleAfterMs?: number;
  /** Runs before the public endpoints (status lists, register, DID documents): where a rate limiter goes. */
  publicLimiter?: MiddlewareHandler;
}

const STORAGE_PROBLEMS: Partial<Record<StorageError['code'], (message: string) => Problem>> = {
  ERR_NOT_FOUND: (m) => problems.notFound(m),
  ERR_CONFLICT: (m) => problems.conflict(m),
  ERR_CREDENTIAL_REVOKED: (m) => problems.credentialRevoked(m),
  ERR_INVALID_STATUS_TRANSITION: (m) => problems.invalidStatusTransition(m),
  ERR_INVALID_INPUT: (m) => problems.validation([{ path: '', message: m }], m),
};

/**
 * The issuer service as a plain Hono app: call `app.request(...)` in tests,
 * or hand `app.fetch` to any server (startServer does, on Node).
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const publicUrl = checkPublicUrl(deps.publicUrl).toString().replace(/\/+$/, '');
  const clock = deps.clock ?? (() => new Date());
  const signer = deps.signer ?? inProcessSigner();
  const logger = deps.logger ?? createLogger();
  const services: Services = {
    store: deps.store,
    publicUrl,
    clock,
    signer,
    logger,
    statusLists: createStatusListPublisher({
      store: deps.store,
      publicUrl,
      signer,
      clock,
      ttlSeconds: deps.statusListTtlSeconds ?? DEFAULT_STATUS_LIST_TTL_SECONDS,
    }),
    bodyLimitBytes: deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    maxBatchItems: deps.maxBatchItems ?? 10_000,
    idempotencyStaleAfterMs: deps.idempotencyStaleAfterMs ?? 60_000,
    publicLimiter: deps.publicLimiter ?? (async (_c, next) => next()),
  };

  const app = new Hono<AppEnv>();
  // Before every route: headers on every answer, one body cap under the routes' own, the limiter on share pages.
  app.use('*', securityHeaders({ https: publicUrl.startsWith('https:') }), bodyCap(services.bodyLimitBytes), refuseNulInUrl);
  app.use('/v/*', services.publicLimiter);
  app.route('/', systemRoutes(services));
  app.route('/', publicRoutes(services));
  app.route('/micro-credentials', microCredentialRoutes(services));
  app.route('/specifications', specificationRoutes(services));
  app.route('/credentials', vcApiRoutes(services));
  app.route('/tenants', tenantRoutes(services));
  app.route('/', walletRoutes(services));
  // The verifier, mounted: public, so behind the same limiter as the other public endpoints.
  for (const path of ['/verify', '/credentials/verify', '/presentations/verify']) app.use(path, services.publicLimiter);
  const verifyOptions = ownVerification(services);
  const pages = pageRoutes(services);
  app.route('/', pages.routes);
  app.route('/', verifierRoutes({ verifyOptions: async () => ({ ...(await verifyOptions()), now: clock() }), renderPage: pages.renderVerifyResult }));

  app.notFound((c) => problems.notFound(`No resource at ${c.req.method} ${c.req.path}.`).toResponse());
  app.onError((error, c) => {
    if (error instanceof Problem) return error.toResponse();
    if (error instanceof StorageError) {
      const toProblem = STORAGE_PROBLEMS[error.code];
      if (toProblem) return toProblem(error.message).toResponse();
    }
    // The platform could not read the body as the form its Content-Type claims: the client's error, whichever route asked.
    if (error instanceof TypeError && /parse body as FormData/i.test(error.message)) {
      return new Problem(400, 'malformed-body', 'The request body could not be read', 'The body is not the multipart or URL-encoded form its Content-Type says.').toResponse();
    }
    if (error instanceof HTTPException && error.status < 500) {
      return new Problem(error.status, 'bad-request', 'The request could not be processed', error.message).toResponse();
    }
    logger.error('request failed', { method: c.req.method, path: c.req.path, ...describeError(error) });
    return problems.internal().toResponse();
  });
  return app;
}

/**
 * No identifier, token or query value this service knows holds a NUL character, and PostgreSQL refuses
 * one in a text parameter (an error, not a miss): a URL with %00 anywhere is a 400 before any route reads it.
 */
const refuseNulInUrl: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (/%00/i.test(c.req.url) || c.req.url.includes('\0')) {
    return new Problem(400, 'bad-request', 'The address is not valid', 'The address contains a NUL character (%00).').toResponse();
  }
  await next();
};
