import type { Operation } from './openapi.ts';

/*
 * The pages people see and the share-link and certificate endpoints behind
 * them (routes/pages.ts) in the OpenAPI document. Pages take `?lang=en|de|fr`
 * (else Accept-Language) and carry a strict Content-Security-Policy.
 */

const errors = { '400': 'Malformed request', '401': 'No or unknown API token', '403': 'The token lacks the scope', '404': 'Not found (or another tenant\'s)' };
const idParam = { name: 'id', in: 'path' as const, required: true, description: 'The credential id (urn:uuid:…) or its bare UUID.' };
const tokenParam = { name: 'token', in: 'path' as const, required: true, description: 'The share token (the last segment of a share link `/v/<token>`).' };
const claimParam = { name: 'claimToken', in: 'path' as const, required: true, description: 'The learner\'s claim token (the last segment of the claim link `/wallet/<token>`).' };
const lang = { name: 'lang', in: 'query' as const, description: 'en, de or fr; without it, the best match of Accept-Language.', schema: { type: 'string', enum: ['en', 'de', 'fr'] } };
const newLink = {
  description: 'Optional: `label` (whom it is for, ≤ 200 characters), and `expiresAt` (ISO 8601 date-time) or `expiresInDays` (1–3650). Without an expiry the link works until withdrawn.',
  schema: {
    type: 'object',
    properties: { label: { type: 'string', maxLength: 200 }, expiresAt: { type: 'string', format: 'date-time' }, expiresInDays: { type: 'integer', minimum: 1, maximum: 3650 } },
    additionalProperties: false,
  },
  example: { label: 'Application at Example Logistics', expiresInDays: 30 },
};
const linkShape = '`{token, url, state: active|expired|withdrawn, origin: issuance|issuer|learner|certificate, label, createdAt, expiresAt, withdrawnAt, withdrawnBy}`';

export const PAGE_OPERATIONS: Operation[] = [
  {
    method: 'get', path: '/micro-credentials/{id}/share-links', summary: 'A credential\'s share links', tag: 'Share links', scope: 'issue or manage',
    description: `Newest first, withdrawn and expired ones included: \`{id, items: [${linkShape}]}\`.`,
    params: [idParam], responses: { '200': 'The links', ...errors },
  },
  {
    method: 'post', path: '/micro-credentials/{id}/share-links', summary: 'Make a share link', tag: 'Share links', scope: 'issue or manage', idempotent: true,
    description: `201 ${linkShape}; \`Location\` is the link. A credential has at most 50 working links (409 beyond).`,
    params: [idParam], body: newLink, responses: { '201': 'The new link', ...errors, '409': 'Too many working links', '422': 'Invalid label or expiry' },
  },
  {
    method: 'post', path: '/micro-credentials/{id}/share-links/{token}/withdraw', summary: 'Withdraw a share link', tag: 'Share links', scope: 'manage', idempotent: true,
    description: 'The link stops working at once (its page answers 404); withdrawing it again changes nothing.',
    params: [idParam, tokenParam], responses: { '200': 'The withdrawn link', ...errors },
  },
  {
    method: 'get', path: '/micro-credentials/{id}/certificate.pdf', summary: 'The printable certificate (PDF)', tag: 'Share links', scope: 'issue or manage',
    description: 'One A4 page with the Annex I elements, drawn from the certificate\'s one SVG rendering (Noto fonts: Latin Extended, Greek). Its QR code opens the verification page of a share link kept for the certificate (made on first print).',
    params: [idParam, lang], produces: 'application/pdf', responses: { '200': 'PDF', ...errors },
  },
  {
    method: 'get', path: '/v/{token}', summary: 'The employer\'s verification page of a share link', tag: 'Pages', scope: 'public', produces: 'text/html',
    description:
      'Checked now: the verdict (Valid, Suspended, Revoked (withdrawn), Expired, Superseded by a newer credential, Not genuine, Could not check), the checks in words, what the credential certifies, downloads. ' +
      'With `Accept: application/json` (or `application/vc+ld+json`) ranked above HTML: the credential itself (a vc+jwt as an EnvelopedVerifiableCredential). A withdrawn, expired or unknown link: 404 (a page, or problem details).',
    params: [tokenParam, lang], responses: { '200': 'The page, or the credential', '404': 'No working share link' },
  },
  {
    method: 'get', path: '/v/{token}/credential.json', summary: 'Download the shared credential', tag: 'Pages', scope: 'public',
    params: [tokenParam], responses: { '200': 'The credential file', '404': 'No working share link' },
  },
  {
    method: 'get', path: '/v/{token}/report.pdf', summary: 'The verification report as a one-page PDF', tag: 'Pages', scope: 'public', produces: 'application/pdf',
    description: 'The check made now: verdict, date and time to the second (UTC), what the credential certifies, every check in words.',
    params: [tokenParam, lang], responses: { '200': 'PDF', '404': 'No working share link' },
  },
  {
    method: 'get', path: '/verify', summary: 'Check a credential: upload a file or paste it', tag: 'Pages', scope: 'public', produces: 'text/html',
    description: 'A form posting to POST /verify (multipart, fields `file` and `credential`), answered with the same page as a share link.',
    params: [lang], responses: { '200': 'The page' },
  },
  {
    method: 'post', path: '/verify/report.pdf', summary: 'The verification report of an uploaded credential (PDF)', tag: 'Pages', scope: 'public', produces: 'application/pdf',
    description: 'A form (multipart or urlencoded) with the credential as field `credential` or file `file`, as the result page sends it.',
    params: [lang], responses: { '200': 'PDF', '400': 'No credential (the form again, with the reason)', '413': 'Too large' },
  },
  {
    method: 'get', path: '/pages/style.css', summary: 'The stylesheet of the pages', tag: 'Pages', scope: 'public', produces: 'text/css',
    responses: { '200': 'CSS' },
  },
  {
    method: 'get', path: '/wallet/{claimToken}', summary: 'The learner\'s page', tag: 'Pages', scope: 'public', produces: 'text/html',
    description: 'The credential in words and its status; share links with their QR codes, a form to make one and a button to withdraw each; downloads (certificate, renditions); the way to a wallet app. Works without JavaScript.',
    params: [claimParam, lang], responses: { '200': 'The page', '404': 'Unknown claim link' },
  },
  {
    method: 'get', path: '/wallet/{claimToken}/certificate.pdf', summary: 'The learner\'s printable certificate (PDF)', tag: 'Pages', scope: 'public', produces: 'application/pdf',
    description: 'As GET /micro-credentials/{id}/certificate.pdf.',
    params: [claimParam, lang], responses: { '200': 'PDF', '404': 'Unknown claim link' },
  },
  {
    method: 'get', path: '/wallet/{claimToken}/share-links', summary: 'The learner\'s share links', tag: 'Share links', scope: 'public',
    description: `\`{id, items: [${linkShape}]}\`.`,
    params: [claimParam], responses: { '200': 'The links', '404': 'Unknown claim link' },
  },
  {
    method: 'post', path: '/wallet/{claimToken}/share-links', summary: 'The learner makes a share link', tag: 'Share links', scope: 'public',
    description: `JSON as for the issuer → 201 ${linkShape}. The page's form (\`label\`, \`expires\`: never, 7, 30, 90 or 365 days) → 303 back to the page.`,
    params: [claimParam, lang], body: newLink, responses: { '201': 'The new link (JSON)', '404': 'Unknown claim link', '409': 'Too many working links', '415': 'Neither JSON nor a form', '422': 'Invalid label or expiry' },
  },
  {
    method: 'post', path: '/wallet/{claimToken}/share-links/{token}/withdraw', summary: 'The learner withdraws a share link', tag: 'Share links', scope: 'public',
    description: 'The link stops working at once. A form post (or no body) → 303 back to the page; JSON → the withdrawn link.',
    params: [claimParam, tokenParam, lang], responses: { '200': 'The withdrawn link (JSON)', '404': 'Unknown claim link or share link' },
  },
];
