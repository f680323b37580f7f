import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import QRCode from 'qrcode';
import { z } from 'zod';
import { readMicroCredential, validateMicroCredentialInput } from '@microcred/model';
import { requireScope } from '../auth.ts';
import {
  credentialIdFrom,
  parseBody,
  parseQuery,
  readJson,
  readOptionalJson,
  type AppContext,
  type AppEnv,
  type Services,
} from '../context.ts';
import { idempotency } from '../idempotency.ts';
import {
  batchValidationProblem,
  ItemPreparer,
  issuedUnderKey,
  issueItems,
  linksFor,
  primaryCredentialOf,
  renewalRefusal,
  type IssuedItem,
  type PreparedItem,
} from '../issuance.ts';
import { problems, type FieldError } from '../problem.ts';
import { endOfValidity, specificationIri, type SpecificationBody } from '../specification.ts';
import { StorageError, type CredentialRecord, type StatusChange, type Tenant } from '../storage/index.ts';
import { FORMAT_ERROR, FORMATS, type Format } from '../tenants.ts';

export const SMALL_BODY_LIMIT = 1024 * 1024;

const formatQuery = z.object({ format: z.enum(FORMATS as [Format, ...Format[]], { error: FORMAT_ERROR }).optional() });

function formatOf(c: AppContext, fallback?: unknown): Format {
  const { format } = parseQuery(formatQuery, { format: c.req.query('format') ?? (typeof fallback === 'string' ? fallback : undefined) });
  return format ?? 'di';
}

const reasonBody = z.object({
  reason: z.string({ error: 'is required: say why, for the audit log' }).trim().min(1, 'must not be empty').max(2000, 'is too long (at most 2,000 characters)'),
});

const dateish = z
  .string()
  .refine((v) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(v) && !Number.isNaN(Date.parse(v)), {
    message: 'must be an ISO 8601 date (2026-03-14) or date-time with a time zone',
  });

const recertifyBody = z.strictObject({
  issued: dateish.optional(),
  validUntil: dateish.optional(),
  format: z.enum(FORMATS as [Format, ...Format[]], { error: FORMAT_ERROR }).optional(),
});

const listQuery = z.object({
  learner: z.string().max(500).optional(),
  status: z.enum(['active', 'suspended', 'revoked', 'expired', 'superseded'], { error: 'must be active, suspended, revoked, expired or superseded' }).optional(),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500').optional(),
});

/** `/micro-credentials`: issue one or a cohort, read, change status, recertify. */
export function microCredentialRoutes(services: Services): Hono<AppEnv> {
  const { store, publicUrl } = services;
  const app = new Hono<AppEnv>();
  const canIssue = requireScope(services, 'issue');
  const canRead = requireScope(services, 'issue', 'manage');
  const canManage = requireScope(services, 'manage');
  const idempotent = idempotency(services);
  const small = bodyLimit({ maxSize: SMALL_BODY_LIMIT, onError: () => { throw problems.payloadTooLarge(SMALL_BODY_LIMIT); } });
  const large = bodyLimit({ maxSize: services.bodyLimitBytes, onError: () => { throw problems.payloadTooLarge(services.bodyLimitBytes); } });

  async function find(c: AppContext): Promise<CredentialRecord> {
    const id = credentialIdFrom(c.req.param('id') ?? '');
    const record = await store.credentials.get(c.get('principal').tenant.id, id);
    // Another tenant's credential is "not found", never "forbidden": its existence is not ours to reveal.
    if (!record) throw problems.notFound(`No credential ${id} among yours.`);
    return record;
  }

  /** A single issuance that already happened under this Idempotency-Key (its response was lost): answer it again. */
  async function alreadyIssued(c: AppContext): Promise<Response | undefined> {
    const done = (await issuedUnderKey(store, c.get('principal').tenant, c.get('idempotencyKey'))).get(0);
    if (!done) return undefined;
    const record = await store.credentials.get(c.get('principal').tenant.id, done.id);
    return c.json(
      { ...done, verifiableCredential: record?.credential, ...(record?.renews ? { renews: record.renews } : {}) },
      201,
      { location: done.links.self },
    );
  }

  async function issueOne(c: AppContext, item: PreparedItem) {
    const { tenant, tokenId } = c.get('principal');
    await refuseUsedCertificateNumbers(tenant, [item]);
    const { results, signed } = await issueItems(
      services,
      { tenant, actor: tokenId, idempotencyKey: c.get('idempotencyKey'), keepSigned: true },
      [item],
    );
    const result = results[0] as IssuedItem;
    // Resuming after an interruption: the credential was stored, the response never sent.
    const verifiableCredential = signed.get(0) ?? (await store.credentials.get(tenant.id, result.id))?.credential;
    return c.json(
      { ...result, verifiableCredential, ...(item.renews ? { renews: item.renews } : {}) },
      201,
      { location: result.links.self },
    );
  }

  async function refuseUsedCertificateNumbers(tenant: Tenant, items: readonly (PreparedItem | undefined)[]): Promise<void> {
    const given = items.map((item) => item?.input.certificateNumber).filter((n): n is string => n !== undefined);
    if (given.length === 0) return;
    const used = new Set(await store.credentials.findExistingCertificateNumbers(tenant.id, given));
    const errors = items.flatMap((item, index) =>
      item?.input.certificateNumber !== undefined && used.has(item.input.certificateNumber) ? [{ index, errors: [usedNumber] }] : [],
    );
    if (errors.length === 0) return;
    if (items.length === 1) throw problems.validation([usedNumber]);
    throw batchValidationProblem(errors, items.length);
  }

  // POST /micro-credentials: one micro-credential (the full input, or a specification and what differs) → 201.
  app.post('/', canIssue, small, idempotent, async (c) => {
    const format = formatOf(c);
    const body = await readJson(c);
    const resumed = await alreadyIssued(c);
    if (resumed) return resumed;
    const prepared = await new ItemPreparer(services, c.get('principal').tenant).prepare(body, format);
    if (!prepared.ok) throw problems.validation(prepared.errors);
    return issueOne(c, prepared.item);
  });

  // POST /micro-credentials/batch: a cohort of up to 10,000; all validated before any is issued.
  app.post('/batch', canIssue, large, idempotent, async (c) => {
    const body = await readJson(c);
    const { items, specification, format: bodyFormat } = (Array.isArray(body) ? { items: body } : (body ?? {})) as {
      items?: unknown;
      specification?: unknown;
      format?: unknown;
    };
    const format = formatOf(c, bodyFormat);
    if (!Array.isArray(items)) throw problems.validation([{ path: 'items', message: 'is required: a list of micro-credential inputs' }]);
    if (items.length === 0) throw problems.validation([{ path: 'items', message: 'must hold at least one item' }]);
    if (items.length > services.maxBatchItems) {
      throw problems.validation([{ path: 'items', message: `holds ${items.length} items; at most ${services.maxBatchItems} are accepted per request` }]);
    }
    if (specification !== undefined && typeof specification !== 'string') {
      throw problems.validation([{ path: 'specification', message: 'must be the id of one of your specifications' }]);
    }
    const { tenant, tokenId } = c.get('principal');
    const key = c.get('idempotencyKey');
    const done = await issuedUnderKey(store, tenant, key);
    const preparer = new ItemPreparer(services, tenant);
    const prepared: (PreparedItem | undefined)[] = [];
    const invalid: { index: number; errors: FieldError[] }[] = [];
    const numbers = new Map<string, number>();
    for (const [index, raw] of items.entries()) {
      if (done.has(index)) {
        prepared.push(undefined);
        continue;
      }
      const result = await preparer.prepare(raw, format, specification === undefined ? {} : { specification });
      if (!result.ok) {
        invalid.push({ index, errors: result.errors });
        continue;
      }
      const number = result.item.input.certificateNumber;
      if (number !== undefined) {
        const first = numbers.get(number);
        if (first !== undefined) {
          invalid.push({ index, errors: [{ path: 'certificateNumber', message: `repeats the certificate number of item [${first}]` }] });
          continue;
        }
        numbers.set(number, index);
      }
      prepared.push(result.item);
    }
    if (invalid.length > 0) throw batchValidationProblem(invalid, items.length);
    await refuseUsedCertificateNumbers(tenant, prepared);
    const { results } = await issueItems(
      services,
      {
        tenant,
        actor: tokenId,
        ...(key === undefined
          ? {}
          : { idempotencyKey: key, onChunk: () => store.idempotency.touch(tenant.id, key) }),
      },
      prepared,
    );
    return c.json({ count: results.length, items: results.map((result, index) => ({ index, ...result })) }, 201);
  });

  // GET /micro-credentials/batch/:key: a batch's progress, by its Idempotency-Key (what `microcred issue cohort.csv` polls).
  app.get('/batch/:key', canRead, async (c) => {
    const { tenant } = c.get('principal');
    const key = c.req.param('key');
    const [record, issued] = await Promise.all([store.idempotency.get(tenant.id, key), store.idempotency.countItems(tenant.id, key)]);
    if (!record) throw problems.notFound(`No request with Idempotency-Key ${JSON.stringify(key)}.`);
    return c.json({ idempotencyKey: key, status: record.status, issued });
  });

  // GET /micro-credentials?learner=&status=&cursor=&limit=: newest first, paged.
  app.get('/', canRead, async (c) => {
    const query = parseQuery(listQuery, c.req.query());
    const { tenant } = c.get('principal');
    const page = await store.credentials
      .list(tenant.id, {
        ...(query.learner ? { learner: query.learner } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
        ...(query.limit ? { limit: query.limit } : {}),
      })
      .catch((error: unknown) => {
        // The only input the store can refuse here is a cursor we did not hand out.
        if (error instanceof StorageError && error.code === 'ERR_INVALID_INPUT') {
          throw problems.invalidParameter([{ path: 'cursor', message: 'is not a cursor from a previous page' }]);
        }
        throw error;
      });
    let next: string | null = null;
    if (page.nextCursor) {
      const url = new URL(`${publicUrl}/micro-credentials`);
      for (const [k, v] of Object.entries(query)) if (v !== undefined && k !== 'cursor') url.searchParams.set(k, String(v));
      url.searchParams.set('cursor', page.nextCursor);
      next = url.toString();
    }
    return c.json({
      items: page.items.map((item) => ({
        id: item.id,
        certificateNumber: item.certificateNumber,
        status: item.effectiveStatus,
        learner: { id: item.learnerId, name: item.learnerName },
        specification: item.specificationId ? { id: item.specificationId, version: item.specificationVersion } : null,
        issuedAt: item.issuedAt,
        validUntil: item.validUntil,
        links: { self: linksFor(publicUrl, item.id, undefined).self },
      })),
      nextCursor: page.nextCursor,
      next,
    });
  });

  // GET /micro-credentials/:id: the stored record: status, the credential as issued, links.
  app.get('/:id', canRead, async (c) => {
    const record = await find(c);
    const { tenant } = c.get('principal');
    const [share, renewedBy] = await Promise.all([
      store.credentials.getShareToken(tenant.id, record.id),
      store.credentials.findRenewals(tenant.id, record.id),
    ]);
    return c.json({
      id: record.id,
      certificateNumber: record.certificateNumber,
      status: record.effectiveStatus,
      format: record.format,
      learner: { id: record.learnerId, name: record.learnerName },
      specification: record.specificationId
        ? {
            id: record.specificationId,
            version: record.specificationVersion,
            url: specificationIri(publicUrl, record.specificationId, record.specificationVersion as number),
          }
        : null,
      validFrom: record.validFrom,
      validUntil: record.validUntil,
      issuedAt: record.issuedAt,
      renews: record.renews,
      renewedBy,
      statusEntries: statusEntriesOf(record),
      verifiableCredential: record.credential,
      links: linksFor(publicUrl, record.id, share),
    });
  });

  // GET /micro-credentials/:id/status: the status and the bits that publish it.
  app.get('/:id/status', canRead, async (c) => {
    const record = await find(c);
    return c.json({
      id: record.id,
      status: record.effectiveStatus,
      revoked: record.status === 'revoked',
      suspended: record.status === 'suspended',
      statusEntries: statusEntriesOf(record),
      updatedAt: record.updatedAt,
    });
  });

  // GET /micro-credentials/:id/qr.svg and qr.png: a QR code of the share link, for certificates and mail merges.
  for (const type of ['svg', 'png'] as const) {
    app.get(`/:id/qr.${type}`, canRead, async (c) => {
      const record = await find(c);
      const share = await store.credentials.getShareToken(c.get('principal').tenant.id, record.id);
      if (!share) throw problems.notFound(`Credential ${record.id} has no share link.`);
      const url = linksFor(publicUrl, record.id, share).share;
      const options = { errorCorrectionLevel: 'M' as const, margin: 2 };
      if (type === 'svg') {
        return c.body(await QRCode.toString(url, { ...options, type: 'svg' }), 200, { 'content-type': 'image/svg+xml' });
      }
      const png = await QRCode.toBuffer(url, { ...options, type: 'png', width: 512 });
      return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png' });
    });
  }

  // GET /micro-credentials/:id/audit: every issuance and status change: who (token id), when, why.
  app.get('/:id/audit', canManage, async (c) => {
    const record = await find(c);
    const entries = await store.audit.listByCredential(c.get('principal').tenant.id, record.id);
    return c.json({
      id: record.id,
      items: entries.map((e) => ({ at: e.at, actor: e.actor, action: e.action, reason: e.reason, details: e.details })),
    });
  });

  // POST /micro-credentials/:id/revoke | suspend | reinstate {reason}: revocation is final, suspension reversible.
  const changes: [string, StatusChange][] = [
    ['revoke', 'revoked'],
    ['suspend', 'suspended'],
    ['reinstate', 'active'],
  ];
  for (const [action, status] of changes) {
    app.post(`/:id/${action}`, canManage, small, idempotent, async (c) => {
      const { reason } = parseBody(reasonBody, await readJson(c));
      const record = await find(c);
      return c.json(await changeStatus(services, c.get('principal'), record, status, reason));
    });
  }

  // POST /micro-credentials/:id/recertify {issued?, validUntil?, format?}: a new credential renewing this one.
  app.post('/:id/recertify', canIssue, small, idempotent, async (c) => {
    const body = parseBody(recertifyBody, await readOptionalJson(c));
    const record = await find(c);
    const resumed = await alreadyIssued(c);
    if (resumed) return resumed;
    const refusal = renewalRefusal(record.status);
    if (refusal) throw problems.invalidStatusTransition(`Credential ${record.id} ${refusal.replace(/^names a/, 'is a')}.`);
    const { tenant } = c.get('principal');
    let input: Record<string, unknown>;
    try {
      input = { ...readMicroCredential(primaryCredentialOf(record)) } as Record<string, unknown>;
    } catch {
      throw problems.validation([{ path: '', message: `credential ${record.id} is not a micro-credential, so it cannot be recertified` }]);
    }
    delete input.certificateNumber;
    delete input.issued;
    delete input.validUntil;
    if (body.issued) input.issued = body.issued;
    input.recertificationOf = record.id;
    const validUntil = body.validUntil ?? (await renewedValidity(record, body.issued ?? services.clock().toISOString()));
    if (validUntil) input.validUntil = validUntil;
    const checked = validateMicroCredentialInput(input);
    if (!checked.ok) throw problems.validation(checked.issues);
    return issueOne(c, {
      input: checked.value,
      format: body.format ?? (FORMATS.includes(record.format as Format) ? (record.format as Format) : 'di'),
      ...(record.specificationId ? { specification: { id: record.specificationId, version: record.specificationVersion as number } } : {}),
      renews: record.id,
    });

    // The new window: the specification's period when it has one, else as long as the old one.
    async function renewedValidity(old: CredentialRecord, issued: string): Promise<string | undefined> {
      if (old.specificationId) {
        const spec = await store.specifications.get(tenant.id, old.specificationId, old.specificationVersion ?? undefined);
        const period = (spec?.body as SpecificationBody | undefined)?.validFor;
        if (typeof period === 'string') return endOfValidity(issued.length === 10 ? issued : new Date(issued), period);
      }
      if (old.validFrom && old.validUntil) {
        const length = Date.parse(old.validUntil) - Date.parse(old.validFrom);
        const start = Date.parse(issued.length === 10 ? `${issued}T00:00:00Z` : issued);
        return new Date(start + length).toISOString().replace(/\.\d{3}Z$/, 'Z');
      }
      return undefined;
    }
  });

  return app;
}

const usedNumber: FieldError = { path: 'certificateNumber', message: 'is already used by another of your credentials' };

function statusEntriesOf(record: CredentialRecord) {
  const credential = primaryCredentialOf(record);
  const entries = Array.isArray(credential.credentialStatus)
    ? credential.credentialStatus
    : credential.credentialStatus
      ? [credential.credentialStatus]
      : [];
  return (entries as Record<string, unknown>[]).map((entry) => ({
    statusPurpose: entry.statusPurpose,
    statusListCredential: entry.statusListCredential,
    statusListIndex: entry.statusListIndex,
  }));
}

/** Shared by the revoke/suspend/reinstate routes and the VC-API status route. */
export async function changeStatus(
  services: Pick<Services, 'store'>,
  principal: { tenant: Tenant; tokenId: string },
  record: CredentialRecord,
  status: StatusChange,
  reason: string | null,
) {
  // A change the credential has no entry for would reach the audit log but no verifier.
  const purpose = status === 'revoked' ? 'revocation' : status === 'suspended' ? 'suspension' : undefined;
  if (purpose && !record.statusEntries.some((entry) => entry.purpose === purpose)) {
    throw problems.invalidStatusTransition(
      `Credential ${record.id} carries no ${purpose} status entry, so verifiers could not see it ${status}.`,
    );
  }
  const result = await services.store.setStatus(principal.tenant.id, record.id, status, { actor: principal.tokenId, reason });
  return {
    id: record.id,
    status: result.status,
    previousStatus: result.previousStatus,
    changed: result.changed,
  };
}
