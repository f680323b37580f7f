import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isPresentation, verify, type VerifyOptions } from '../verify.ts';
import type { CheckName, VerificationReport } from '../report.ts';
import { ResultPage } from './result-page.tsx';

export interface VerifierRoutesOptions {
  /** The options every verification runs with (trust list, status lists, DID resolver), per request. */
  verifyOptions: (c: Context) => VerifyOptions | Promise<VerifyOptions>;
  /** Largest accepted body (default 2 MiB). */
  maxBodyBytes?: number;
  /**
   * The page that answers a browser form (default: ResultPage). A service with its own pages (the
   * issuer's employer page, in the reader's language) passes its own.
   */
  renderPage?: (c: Context, result: ResultPageInput) => Response | Promise<Response>;
}

/** What the form's answer shows: a report, or why there is none (with the HTTP status to answer). */
export type ResultPageInput =
  | { report: VerificationReport; input: unknown }
  | { problem: 'no-credential'; message: string; status: 400 };

const PROBLEM = 'application/problem+json';

function problem(c: Context, status: 400 | 413 | 415 | 422, title: string, detail: string) {
  return c.body(JSON.stringify({ type: `https://w3id.org/microcred/problems/${status === 413 ? 'too-large' : 'bad-request'}`, title, status, detail }), status, {
    'content-type': PROBLEM,
  });
}

/**
 * VC-API's `options.checks`: the checks a client asks for, by the VC-API's names or this verifier's. "proof"
 * is the signature and the credential's well-formedness (a signature over a malformed credential proves
 * nothing); "issuer" that the key is the issuer's; "credentialStatus" every status list entry.
 */
const CHECK_NAMES: Record<string, CheckName[]> = {
  proof: ['format', 'proof'],
  format: ['format'],
  issuer: ['issuer'],
  credentialStatus: ['revocation', 'suspension', 'message'],
  status: ['revocation', 'suspension', 'message'],
  revocation: ['revocation'],
  suspension: ['suspension'],
  message: ['message'],
  expiration: ['validity'],
  validity: ['validity'],
  trust: ['trust'],
  profile: ['profile'],
};

/** The checks `options.checks` asks for (undefined: all of them), or why the request is wrong. */
function requestedChecks(options: unknown): { checks?: Set<CheckName> } | { error: string } {
  const asked = options && typeof options === 'object' ? (options as { checks?: unknown }).checks : undefined;
  if (asked === undefined) return {};
  if (!Array.isArray(asked) || asked.length === 0 || !asked.every((name) => typeof name === 'string')) {
    return { error: `options.checks must be a non-empty list of check names: ${Object.keys(CHECK_NAMES).join(', ')}.` };
  }
  const unknown = asked.filter((name) => !Object.hasOwn(CHECK_NAMES, name));
  if (unknown.length > 0) return { error: `options.checks names checks this verifier does not make: ${unknown.join(', ')}. Known: ${Object.keys(CHECK_NAMES).join(', ')}.` };
  // The signature is never optional: whatever else is asked, `verified` is never true for a forged or changed credential.
  return { checks: new Set<CheckName>(['format', 'proof', ...asked.flatMap((name: string) => CHECK_NAMES[name]!)]) };
}

/**
 * VC-API's shape: which checks ran, and what failed (errors) or deserves a look (warnings). With
 * `selected` (the client's options.checks), `verified` and the lists are about those checks only; the
 * report still holds every check, so the client can see what it did not ask about.
 */
function vcApiResult(report: VerificationReport, selected?: Set<CheckName>) {
  // A signature by someone other than the issuer it names (the issuer check failed, not merely unconfirmed)
  // is a forgery in that issuer's name: it counts whatever the client asked about.
  const counted = (c: VerificationReport['checks'][number]) => !selected || selected.has(c.check) || (c.check === 'issuer' && c.status === 'fail');
  const ran = report.checks.filter((c) => c.status !== 'not-applicable' && counted(c));
  return {
    verified: selected ? ran.every((c) => c.status !== 'fail' && c.status !== 'unknown') : report.verdict === 'valid',
    checks: [...new Set(ran.map((c) => c.check))],
    warnings: ran.filter((c) => c.status === 'warn').map((c) => ({ check: c.check, message: c.reason })),
    errors: ran.filter((c) => c.status === 'fail' || c.status === 'unknown').map((c) => ({ check: c.check, message: c.reason })),
    report,
  };
}

async function jsonBody(c: Context): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; response: Response }> {
  let value: unknown;
  try {
    value = await c.req.json();
  } catch {
    return { ok: false, response: problem(c, 400, 'The body is not JSON', 'Send a JSON object.') };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, response: problem(c, 400, 'The body is not a JSON object', 'Send a JSON object.') };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

function wantsHtml(c: Context): boolean {
  const type = c.req.header('content-type') ?? '';
  return /multipart\/form-data|application\/x-www-form-urlencoded/.test(type) || /text\/html/.test(c.req.header('accept') ?? '');
}

/**
 * The verifier over HTTP: the W3C VC-API verify endpoints, and `POST /verify` that takes a credential
 * in any form a person has it (JSON, a vc+jwt, a presentation, a file upload) and answers a browser
 * form with a page and anyone else with the report.
 */
export function verifierRoutes(options: VerifierRoutesOptions): Hono {
  const app = new Hono();
  const limit = bodyLimit({
    maxSize: options.maxBodyBytes ?? 2 * 1024 * 1024,
    onError: (c) => problem(c, 413, 'The body is too large', `At most ${options.maxBodyBytes ?? 2 * 1024 * 1024} bytes are accepted.`),
  });

  app.post('/credentials/verify', limit, async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    const credential = body.value.verifiableCredential;
    // VC-API takes a credential object, or a vc+jwt as its compact string; JSON text in a string is neither.
    const compactJwt = typeof credential === 'string' && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(credential.trim());
    if (credential === undefined || credential === null || Array.isArray(credential) || (typeof credential !== 'object' && !compactJwt)) {
      return problem(c, 400, 'No verifiableCredential', 'The body must be {"verifiableCredential": ..., "options": {...}}.');
    }
    const requested = requestedChecks(body.value.options);
    if ('error' in requested) return problem(c, 400, 'Unknown checks', requested.error);
    const report = await verify(credential, await options.verifyOptions(c));
    const result = vcApiResult(report, requested.checks);
    return c.json(result, result.verified ? 200 : 400);
  });

  app.post('/presentations/verify', limit, async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    const presentation = body.value.verifiablePresentation;
    // A presentation object (an EnvelopedVerifiablePresentation for a vp+jwt), or the vp+jwt as its compact string.
    const compactJwt = typeof presentation === 'string' && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(presentation.trim());
    if (!presentation || Array.isArray(presentation) || (typeof presentation !== 'object' && !compactJwt)) {
      return problem(c, 400, 'No verifiablePresentation', 'The body must be {"verifiablePresentation": {...}, "options": {"challenge": ..., "domain": ...}}.');
    }
    // A credential sent here would verify without any challenge: nothing would show it was presented for this request.
    if (!isPresentation(presentation)) {
      return problem(c, 400, 'Not a presentation', 'The verifiablePresentation must be a VerifiablePresentation, an EnvelopedVerifiablePresentation, or a vp+jwt; send a credential to /credentials/verify.');
    }
    const given = (body.value.options ?? {}) as { challenge?: unknown; domain?: unknown };
    const report = await verify(presentation, {
      ...(await options.verifyOptions(c)),
      challenge: typeof given.challenge === 'string' ? given.challenge : undefined,
      domain: typeof given.domain === 'string' ? given.domain : undefined,
    });
    return c.json(vcApiResult(report), report.verdict === 'valid' ? 200 : 400);
  });

  app.post('/verify', limit, async (c) => {
    const html = wantsHtml(c);
    const type = c.req.header('content-type') ?? '';
    let input: unknown;
    if (/multipart\/form-data|application\/x-www-form-urlencoded/.test(type)) {
      const form = await c.req.parseBody().catch(() => undefined);
      const file = form?.file;
      const text = form?.credential;
      if (file instanceof File && file.size > 0) input = await file.text();
      else if (typeof text === 'string' && text.trim()) input = text;
    } else {
      input = await c.req.text();
      // A JSON wrapper ({verifiableCredential} or {verifiablePresentation}) is unwrapped; anything else is the credential.
      try {
        const parsed = JSON.parse(input as string) as Record<string, unknown>;
        input = parsed?.verifiableCredential ?? parsed?.verifiablePresentation ?? parsed;
      } catch {
        // A vc+jwt, or text that verify will call what it is.
      }
    }
    if (input === undefined || input === '') {
      const message = 'Choose a credential file, or paste the credential, then check it.';
      if (!html) return problem(c, 400, 'No credential', 'Send the credential as the body (JSON or a vc+jwt), or as a form field "credential" or file "file".');
      return options.renderPage
        ? options.renderPage(c, { problem: 'no-credential', message, status: 400 })
        : c.html(<ResultPage error={message} />, 400);
    }
    const report = await verify(input, await options.verifyOptions(c));
    if (!html) return c.json(report);
    return options.renderPage ? options.renderPage(c, { report, input }) : c.html(<ResultPage report={report} />);
  });

  return app;
}
