import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requireScope } from '../auth.ts';
import { readJson, type AppContext, type AppEnv, type Services } from '../context.ts';
import { idempotency } from '../idempotency.ts';
import { problems } from '../problem.ts';
import { specificationIri, validateSpecification } from '../specification.ts';
import type { Specification } from '../storage/index.ts';
import { SMALL_BODY_LIMIT } from './micro-credentials.ts';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * `/specifications`: a tenant's micro-credential specifications (every input
 * field but the learner's). A change is a new version; credentials name the
 * version they were issued under, and old versions stay readable.
 */
export function specificationRoutes(services: Services): Hono<AppEnv> {
  const { store, publicUrl } = services;
  const app = new Hono<AppEnv>();
  const canRead = requireScope(services, 'issue', 'manage');
  const canManage = requireScope(services, 'manage');
  const idempotent = idempotency(services);
  const small = bodyLimit({ maxSize: SMALL_BODY_LIMIT, onError: () => { throw problems.payloadTooLarge(SMALL_BODY_LIMIT); } });

  const present = (spec: Specification) => ({
    id: spec.id,
    version: spec.version,
    url: specificationIri(publicUrl, spec.id, spec.version),
    createdAt: spec.createdAt,
    specification: spec.body,
  });

  // POST /specifications {id?, ...fields}: version 1 of a new specification.
  app.post('/', canManage, small, idempotent, async (c) => {
    const body = await readJson(c);
    const { id, ...fields } = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    const errors = [];
    if (id !== undefined && (typeof id !== 'string' || !ID.test(id))) {
      errors.push({ path: 'id', message: 'must be 1 to 100 letters, digits, ".", "_" or "-", starting with a letter or digit' });
    }
    const checked = validateSpecification(body && typeof body === 'object' && !Array.isArray(body) ? fields : body);
    if (!checked.ok) errors.push(...checked.errors);
    if (errors.length > 0 || !checked.ok) throw problems.validation(errors);
    const { tenant } = c.get('principal');
    const specId = (id as string | undefined) ?? crypto.randomUUID();
    // The specification's IRI (…/specifications/<id>/versions/<n>) names no tenant, so an id is taken service-wide.
    if (await takenElsewhere(specId, tenant.id)) {
      throw problems.conflict(`The specification id ${JSON.stringify(specId)} is taken; choose another.`);
    }
    const spec = await store.specifications.create(tenant.id, { id: specId, body: checked.value });
    const presented = present(spec);
    return c.json(presented, 201, { location: `${publicUrl}/specifications/${encodeURIComponent(spec.id)}` });
  });

  // GET /specifications: the latest version of each.
  app.get('/', canRead, async (c) => {
    const specs = await store.specifications.list(c.get('principal').tenant.id);
    return c.json({ items: specs.map(present) });
  });

  // GET /specifications/:id: the latest version, with the list of versions.
  app.get('/:id', canRead, async (c) => {
    const versions = await store.specifications.listVersions(c.get('principal').tenant.id, c.req.param('id'));
    const latest = versions[versions.length - 1];
    if (!latest) throw notFound(c);
    return c.json({ ...present(latest), versions: versions.map((v) => ({ version: v.version, url: specificationIri(publicUrl, v.id, v.version), createdAt: v.createdAt })) });
  });

  // GET /specifications/:id/versions/:version: one version, as credentials issued under it name it.
  app.get('/:id/versions/:version', canRead, async (c) => {
    const version = Number(c.req.param('version'));
    if (!Number.isSafeInteger(version) || version < 1) throw problems.invalidParameter([{ path: 'version', message: 'must be a version number (1, 2, …)' }]);
    const spec = await store.specifications.get(c.get('principal').tenant.id, c.req.param('id'), version);
    if (!spec) throw notFound(c, version);
    return c.json(present(spec));
  });

  // PUT or POST /specifications/:id {...fields}: the next version (the whole specification, as it now reads).
  for (const method of ['put', 'post'] as const) {
    app[method]('/:id', canManage, small, idempotent, async (c) => {
      const body = await readJson(c);
      const { id, ...fields } = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
      if (id !== undefined && id !== c.req.param('id')) {
        throw problems.validation([{ path: 'id', message: 'must be left out or equal the id in the URL' }]);
      }
      const checked = validateSpecification(body && typeof body === 'object' && !Array.isArray(body) ? fields : body);
      if (!checked.ok) throw problems.validation(checked.errors);
      const { tenant } = c.get('principal');
      const existing = await store.specifications.get(tenant.id, c.req.param('id'));
      if (!existing) throw notFound(c);
      const spec = await store.specifications.update(tenant.id, existing.id, checked.value);
      return c.json(present(spec), 201, { location: specificationIri(publicUrl, spec.id, spec.version) });
    });
  }

  async function takenElsewhere(id: string, tenantId: string): Promise<boolean> {
    const row = await store.db
      .selectFrom('specifications')
      .select('tenant_id')
      .where('id', '=', id)
      .where('tenant_id', '!=', tenantId)
      .executeTakeFirst();
    return row !== undefined;
  }

  return app;
}

function notFound(c: AppContext, version?: number) {
  return problems.notFound(`No specification ${JSON.stringify(c.req.param('id'))}${version ? ` version ${version}` : ''} among yours.`);
}
