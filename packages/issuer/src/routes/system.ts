import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppEnv, Services } from '../context.ts';
import { DOCS_CSP, DOCS_CSS, DOCS_HTML, DOCS_JS } from '../docs-page.ts';
import { openApiDocument } from '../openapi.ts';
import { problems } from '../problem.ts';

/** `/`, `/health`, `/openapi.json` and the API page. */
export function systemRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const document = openApiDocument(services.publicUrl);

  app.get('/', (c) =>
    c.json({
      name: 'microcred issuer',
      links: { health: `${services.publicUrl}/health`, docs: `${services.publicUrl}/docs`, openapi: `${services.publicUrl}/openapi.json` },
    }),
  );

  // GET /health: 200 when the database answers, else 503.
  app.get('/health', async (c) => {
    try {
      await sql`select 1`.execute(services.store.db);
    } catch (error) {
      services.logger.error('health check: the database does not answer', { message: (error as Error).message });
      throw problems.unavailable('The database does not answer.');
    }
    return c.json({ status: 'ok', database: services.store.dialect, time: services.clock().toISOString() }, 200, { 'cache-control': 'no-store' });
  });

  app.get('/openapi.json', (c) => c.json(document));

  const page = (body: string, type: string) => (c: { body: (b: string, s: 200, h: Record<string, string>) => Response }) =>
    c.body(body, 200, { 'content-type': type, 'content-security-policy': DOCS_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
  app.get('/docs', page(DOCS_HTML, 'text/html; charset=utf-8'));
  app.get('/docs/docs.js', page(DOCS_JS, 'text/javascript; charset=utf-8'));
  app.get('/docs/docs.css', page(DOCS_CSS, 'text/css; charset=utf-8'));

  return app;
}
