import { Hono } from 'hono';
import type { AppEnv, Services } from '../context.ts';
import { STYLESHEET_PATH } from '../pages/layout.tsx';
import { PAGE_CSS } from '../pages/respond.ts';
import { employerPages } from './employer-pages.tsx';
import { learnerPages } from './learner-pages.tsx';
import { shareLinkRoutes } from './share-links.ts';

/**
 * The pages people see (the employer's `/v/:token` and `/verify`, the
 * learner's `/wallet/:claimToken`), the share-link and certificate endpoints
 * behind them, and their stylesheet. `renderVerifyResult` is handed to the
 * mounted verifier, so that `POST /verify` answers a form with the same page.
 */
export function pageRoutes(services: Services) {
  const app = new Hono<AppEnv>();
  const employer = employerPages(services);
  app.route('/', shareLinkRoutes(services));
  app.route('/', employer.routes);
  app.route('/', learnerPages(services));
  app.get(STYLESHEET_PATH, (c) =>
    c.body(PAGE_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' }),
  );
  return { routes: app, renderVerifyResult: employer.renderVerifyResult };
}
