import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { verifierRoutes } from './routes/verify-routes.tsx';
import { verifyOptionsFromEnvironment } from './settings.ts';
import type { VerifyOptions } from './verify.ts';

export interface VerifierServerOptions {
  host?: string;
  port?: number;
  verifyOptions?: VerifyOptions;
}

/** The verifier on its own, for a deployment that verifies but does not issue. */
export function createVerifierApp(verifyOptions: VerifyOptions = verifyOptionsFromEnvironment()): Hono {
  const app = new Hono();
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.route('/', verifierRoutes({ verifyOptions: () => ({ ...verifyOptions, now: new Date() }) }));
  return app;
}

export function startVerifierServer(options: VerifierServerOptions = {}): Promise<{ url: string; close(): Promise<void> }> {
  const app = createVerifierApp(options.verifyOptions);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: options.host ?? '127.0.0.1', port: options.port ?? 8081 }, (info) => {
      resolve({
        url: `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
