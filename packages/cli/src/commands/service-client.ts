import { CliError, EXIT } from '../exit-codes.ts';

/** Where the service is and who we are, from --url/--token or MICROCRED_URL/MICROCRED_TOKEN. */
export interface ServiceOptions {
  url?: string;
  token?: string;
}

export interface ServiceClient {
  readonly url: string;
  request(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any }>;
}

export function serviceClient(options: ServiceOptions): ServiceClient {
  const url = (options.url ?? process.env.MICROCRED_URL)?.replace(/\/+$/, '');
  const token = options.token ?? process.env.MICROCRED_TOKEN;
  if (!url) throw new CliError('Which service? Give --url or set MICROCRED_URL (e.g. http://127.0.0.1:8080).', EXIT.usage);
  if (!token) throw new CliError('Give an API token with --token or MICROCRED_TOKEN (`microcred tokens create` makes one).', EXIT.usage);
  try {
    new URL(url);
  } catch {
    throw new CliError(`--url ${url} is not a URL.`, EXIT.usage);
  }
  return {
    url,
    async request(method, path, { body, headers = {} } = {}) {
      let response: Response;
      try {
        response = await fetch(`${url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new CliError(`Cannot reach the service at ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
      }
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON: keep the text for the error message.
      }
      return { status: response.status, body: parsed };
    },
  };
}

/** A problem-details answer in words, with its field errors. */
export function describeProblem(status: number, body: any, describePath: (path: string) => string = (p) => p): string {
  if (!body || typeof body !== 'object') return `The service answered HTTP ${status}${typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''}.`;
  const lines = [`${body.title ?? `HTTP ${status}`}${body.detail ? `: ${body.detail}` : ''}`];
  if (Array.isArray(body.errors)) {
    const shown = body.errors.slice(0, 50) as { path: string; message: string }[];
    for (const error of shown) lines.push(`  - ${describePath(error.path) || '(the whole request)'}: ${error.message}`);
    if (body.errors.length > shown.length) lines.push(`  … and ${body.errors.length - shown.length} more`);
  }
  return lines.join('\n');
}
