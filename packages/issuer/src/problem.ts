/**
 * RFC 9457 problem details. Every error response of the service is one of
 * these, with a stable `type` URI a client can switch on and a `title` a
 * person can act on.
 */
export const PROBLEM_BASE = 'https://w3id.org/microcred/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface FieldError {
  /** Where the problem is, as a user writes it: `learner.familyName`, `[7000].title`. */
  path: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export class Problem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    slug: string,
    title: string,
    detail?: string,
    extensions: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = 'Problem';
    this.status = status;
    this.type = `${PROBLEM_BASE}${slug}`;
    this.title = title;
    this.detail = detail;
    this.extensions = extensions;
    this.headers = headers;
  }

  toJSON(): ProblemBody {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      ...this.extensions,
    };
  }

  toResponse(): Response {
    return new Response(JSON.stringify(this.toJSON()), {
      status: this.status,
      headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...this.headers },
    });
  }
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** The problems the service answers with. Their slugs are part of the API: never rename one. */
export const problems = {
  validation: (errors: FieldError[], detail?: string) =>
    new Problem(
      422,
      'validation',
      'The request is not valid: correct the fields listed in errors',
      detail ?? `${count(errors.length, 'field')} failed validation: ${errors.slice(0, 5).map((e) => e.path || '(the whole body)').join(', ')}${errors.length > 5 ? ', …' : ''}`,
      { errors },
    ),
  invalidParameter: (errors: FieldError[]) =>
    new Problem(400, 'invalid-parameter', 'A query parameter is not valid', errors.map((e) => `${e.path} ${e.message}`).join('; '), { errors }),
  malformedJson: (detail: string) =>
    new Problem(400, 'malformed-json', 'The request body is not valid JSON', detail),
  unsupportedMediaType: (got: string | undefined) =>
    new Problem(
      415,
      'unsupported-media-type',
      'Send the request body as JSON (Content-Type: application/json)',
      got ? `Content-Type ${got} is not accepted here.` : 'The request has no Content-Type.',
    ),
  payloadTooLarge: (limit: number) =>
    new Problem(413, 'payload-too-large', 'The request body is too large', `At most ${limit} bytes are accepted here; split the request.`),
  unauthorized: (detail: string) =>
    new Problem(401, 'unauthorized', 'Authentication required: send an API token as "Authorization: Bearer <token>"', detail, {}, {
      'www-authenticate': 'Bearer realm="microcred"',
    }),
  forbidden: (needed: readonly string[], has: readonly string[]) =>
    new Problem(
      403,
      'forbidden',
      'This API token may not do that',
      `This operation needs a token with scope ${needed.map((s) => `"${s}"`).join(' or ')}; this token has ${has.length ? has.map((s) => `"${s}"`).join(', ') : 'no scopes'}.`,
      { requiredScopes: [...needed] },
    ),
  notFound: (what: string) => new Problem(404, 'not-found', 'Not found', what),
  conflict: (detail: string, extensions: Record<string, unknown> = {}) =>
    new Problem(409, 'conflict', 'The request conflicts with the current state', detail, extensions),
  credentialRevoked: (detail: string) =>
    new Problem(409, 'credential-revoked', 'The credential is revoked; revocation is final', detail),
  invalidStatusTransition: (detail: string) =>
    new Problem(409, 'invalid-status-transition', 'The credential cannot change to that status', detail),
  idempotencyKeyReused: () =>
    new Problem(
      422,
      'idempotency-key-reused',
      'This Idempotency-Key was already used for a different request',
      'Send a new Idempotency-Key for a new request; re-use a key only to retry exactly the same request.',
    ),
  idempotencyInProgress: () =>
    new Problem(
      409,
      'idempotency-in-progress',
      'A request with this Idempotency-Key is still being processed',
      'Retry later with the same key and body to get its result.',
      {},
      { 'retry-after': '2' },
    ),
  invalidIdempotencyKey: () =>
    new Problem(400, 'invalid-idempotency-key', 'The Idempotency-Key header is not valid', 'Use 1 to 255 visible ASCII characters, e.g. a UUID.'),
  signing: (detail: string) => new Problem(422, 'signing-failed', 'The credential could not be signed', detail),
  unavailable: (detail: string) => new Problem(503, 'unavailable', 'The service is not available right now', detail, {}, { 'retry-after': '5' }),
  internal: () =>
    new Problem(500, 'internal', 'Something went wrong on our side', 'The error was logged; retrying with the same Idempotency-Key is safe.'),
};
