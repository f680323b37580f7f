import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { formatPath } from '@microcred/model';
import type { Logger } from './log.ts';
import { problems, type FieldError } from './problem.ts';
import type { CredentialSigner } from './signing.ts';
import type { Store, Tenant } from './storage/index.ts';
import type { StatusListPublisher } from './status-list-publisher.ts';

export type Scope = 'issue' | 'manage';
export const SCOPES: readonly Scope[] = ['issue', 'manage'];

/** Who is calling: an API token of one tenant. */
export interface Principal {
  tokenId: string;
  tenant: Tenant;
  scopes: Scope[];
}

/** What every route module is given: the app's dependencies, already defaulted. */
export interface Services {
  store: Store;
  publicUrl: string;
  clock: () => Date;
  signer: CredentialSigner;
  logger: Logger;
  statusLists: StatusListPublisher;
  bodyLimitBytes: number;
  maxBatchItems: number;
  idempotencyStaleAfterMs: number;
  /** Applied to the public, unauthenticated endpoints (status lists, register, DID documents). */
  publicLimiter: MiddlewareHandler;
}

export interface AppEnv {
  Variables: {
    principal: Principal;
    /** Set by the idempotency middleware when the request carries an Idempotency-Key it now owns. */
    idempotencyKey: string | undefined;
  };
}

export type AppContext = Context<AppEnv>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** ARCHITECTURE.md "Identifiers": `:id` is the credential's id (urn:uuid:…) or its bare UUID. */
export function credentialIdFrom(param: string): string {
  return UUID.test(param) ? `urn:uuid:${param.toLowerCase()}` : param;
}

/** The bare UUID of a urn:uuid: id, for short links; other ids are percent-encoded as a path segment. */
export function credentialPathSegment(id: string): string {
  const match = /^urn:uuid:(.+)$/i.exec(id);
  return match && UUID.test(match[1] as string) ? (match[1] as string) : encodeURIComponent(id);
}

/** The JSON body: refuses other media types (415) and malformed JSON (400) with problem details. */
export async function readJson(c: AppContext): Promise<unknown> {
  const type = c.req.header('content-type');
  if (!type || !/^application\/([\w.+-]*\+)?json\s*(;|$)/i.test(type)) throw problems.unsupportedMediaType(type);
  const text = await strictText(c);
  if (text.trim() === '') throw problems.malformedJson('The request body is empty.');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw problems.malformedJson((error as Error).message);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as UTF-8, refusing bytes that are not: a lenient decoder would turn
 * them into U+FFFD and store a learner's name that nobody typed.
 */
async function strictText(c: AppContext): Promise<string> {
  try {
    return utf8.decode(await c.req.arrayBuffer());
  } catch {
    throw problems.malformedJson('The request body is not valid UTF-8.');
  }
}

/** The body is optional for some POSTs (e.g. key rotation): empty means {}. */
export async function readOptionalJson(c: AppContext): Promise<unknown> {
  if (c.req.header('content-length') === '0' || (await strictText(c)).trim() === '') return {};
  return readJson(c);
}

export function zodErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path as PropertyKey[]);
    return { path: prefix && path ? `${prefix}${path.startsWith('[') ? '' : '.'}${path}` : prefix || path, message: issue.message };
  });
}

export function parseBody<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw problems.validation(zodErrors(result.error));
  return result.data;
}

export function parseQuery<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw problems.invalidParameter(zodErrors(result.error));
  return result.data;
}
