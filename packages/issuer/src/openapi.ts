import { PROBLEM_BASE } from './problem.ts';
import { FORMATS } from './tenants.ts';
import { WALLET_OPERATIONS } from './openapi-wallet.ts';
import { PAGE_OPERATIONS } from './openapi-pages.ts';

/*
 * The OpenAPI 3.1 description of every route, written by hand: the routes
 * are few, and their prose matters more than generated schemas. A test
 * checks that this document and the app's routes list the same operations.
 */

type Scope = 'issue' | 'manage' | 'issue or manage' | 'public';

export interface Operation {
  method: 'get' | 'post' | 'put';
  path: string;
  summary: string;
  description?: string;
  scope: Scope;
  tag: string;
  params?: { name: string; in: 'path' | 'query' | 'header'; description: string; required?: boolean; schema?: object }[];
  body?: { description: string; schema: object; example?: unknown };
  responses: Record<string, string>;
  responseSchema?: object;
  produces?: string;
  idempotent?: boolean;
}

const json = (ref: string) => ({ $ref: `#/components/schemas/${ref}` });
const idParam = { name: 'id', in: 'path' as const, required: true, description: 'The credential id (urn:uuid:…) or its bare UUID.' };
const format = {
  name: 'format',
  in: 'query' as const,
  description: 'di (Data Integrity eddsa-rdfc-2022, default), eddsa-jcs (Data Integrity eddsa-jcs-2022: Ed25519 over the JSON Canonicalization Scheme form, not the RDF), ecdsa (ecdsa-rdfc-2019) or jwt (vc+jwt: verifiableCredential is then the compact JWT).',
  schema: { type: 'string', enum: [...FORMATS], default: 'di' },
};
const keyType = {
  name: 'keyType',
  in: 'query' as const,
  description: 'The key that signs: for format ecdsa P-256 (default) or P-384 (ecdsa-rdfc-2019 then hashes with SHA-384); di, eddsa-jcs and jwt sign with Ed25519. A P-384 key is added to a tenant with POST /tenants/current/keys. Same as `options.keyType`; the query wins.',
  schema: { type: 'string', enum: ['Ed25519', 'P-256', 'P-384'] },
};
const reason = { description: 'Why: recorded in the audit log.', schema: json('Reason'), example: { reason: 'Exam fraud established by the certification committee' } };
const errors = { '400': 'Malformed request', '401': 'No or unknown API token', '403': 'The token lacks the scope', '404': 'Not found (or another tenant\'s)' };

export const OPERATIONS: Operation[] = [
  {
    method: 'get', path: '/', summary: 'Service index', scope: 'public', tag: 'Service',
    responses: { '200': 'Links to the health check, this document and the API page' },
  },
  {
    method: 'get', path: '/health', summary: 'Health check (the database answers)', scope: 'public', tag: 'Service',
    responses: { '200': 'The service and its database work', '503': 'The database does not answer' },
  },
  { method: 'get', path: '/openapi.json', summary: 'This OpenAPI document', scope: 'public', tag: 'Service', responses: { '200': 'OpenAPI 3.1' } },
  { method: 'get', path: '/docs', summary: 'Interactive API page (no external assets)', scope: 'public', tag: 'Service', produces: 'text/html', responses: { '200': 'HTML' } },
  { method: 'get', path: '/docs/docs.js', summary: 'Script of the API page', scope: 'public', tag: 'Service', produces: 'text/javascript', responses: { '200': 'JavaScript' } },
  { method: 'get', path: '/docs/docs.css', summary: 'Style of the API page', scope: 'public', tag: 'Service', produces: 'text/css', responses: { '200': 'CSS' } },
  {
    method: 'post', path: '/micro-credentials', summary: 'Issue one micro-credential', tag: 'Micro-credentials', scope: 'issue', idempotent: true,
    description:
      'The body is a micro-credential input (see the project\'s input description), or `{specification: ID, specificationVersion?, learner, issued?, grade?, …}`: the named specification\'s fields with the given fields on top. ' +
      'Every credential gets a revocation and a suspension status entry. `recertificationOf` naming one of your credentials supersedes it; an id you never issued is taken as a credential from elsewhere and only named.',
    params: [format],
    body: { description: 'A micro-credential input, or a specification id and what differs.', schema: json('MicroCredentialRequest'), example: { specification: 'digital-skills-bootcamp', learner: { givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.org' } } },
    responses: { '201': 'Issued', ...errors, '409': 'Conflict', '422': 'Invalid input: `errors` lists every failing field' },
    responseSchema: json('IssuedCredential'),
  },
  {
    method: 'post', path: '/micro-credentials/batch', summary: 'Issue a cohort (up to 10,000)', tag: 'Micro-credentials', scope: 'issue', idempotent: true,
    description:
      'Body: `{items: [...], specification?, format?}` or a bare list. Every item is validated before anything is issued (422 naming `[index].path`). ' +
      'Re-send with the same Idempotency-Key to get the same results, or to complete a batch an interruption left unfinished.',
    params: [format],
    body: { description: 'The items, each like the body of POST /micro-credentials.', schema: json('BatchRequest'), example: { specification: 'digital-skills-bootcamp', items: [{ learner: { fullName: 'Ada Lovelace' } }, { learner: { fullName: 'Alan Turing' } }] } },
    responses: { '201': 'All issued: `items[i]` has each id, certificate number and links', ...errors, '413': 'Body larger than the limit', '422': 'Invalid items (nothing issued)' },
  },
  {
    method: 'get', path: '/micro-credentials/batch/{key}', summary: 'Progress of a batch, by its Idempotency-Key', tag: 'Micro-credentials', scope: 'issue or manage',
    params: [{ name: 'key', in: 'path', required: true, description: 'The Idempotency-Key the batch was sent with.' }],
    responses: { '200': '`{idempotencyKey, status: in-progress|done, issued}`', ...errors },
  },
  {
    method: 'get', path: '/micro-credentials', summary: 'List credentials (newest first, paged)', tag: 'Micro-credentials', scope: 'issue or manage',
    params: [
      { name: 'learner', in: 'query', description: 'Learner id, e-mail, or part of the name (case- and accent-insensitive).' },
      { name: 'status', in: 'query', description: 'active, suspended, revoked, expired or superseded.', schema: { type: 'string', enum: ['active', 'suspended', 'revoked', 'expired', 'superseded'] } },
      { name: 'cursor', in: 'query', description: 'nextCursor of the previous page.' },
      { name: 'limit', in: 'query', description: '1–500, default 50.', schema: { type: 'integer', minimum: 1, maximum: 500 } },
    ],
    responses: { '200': '`{items, nextCursor, next}`', ...errors },
  },
  { method: 'get', path: '/micro-credentials/{id}', summary: 'A credential: status, the credential as issued, links', tag: 'Micro-credentials', scope: 'issue or manage', params: [idParam], responses: { '200': 'The record', ...errors } },
  { method: 'get', path: '/micro-credentials/{id}/status', summary: 'Its status and status list entries', tag: 'Micro-credentials', scope: 'issue or manage', params: [idParam], responses: { '200': 'Status', ...errors } },
  { method: 'get', path: '/micro-credentials/{id}/qr.svg', summary: 'QR code of the share link (SVG)', tag: 'Micro-credentials', scope: 'issue or manage', params: [idParam], produces: 'image/svg+xml', responses: { '200': 'SVG', ...errors } },
  { method: 'get', path: '/micro-credentials/{id}/qr.png', summary: 'QR code of the share link (PNG)', tag: 'Micro-credentials', scope: 'issue or manage', params: [idParam], produces: 'image/png', responses: { '200': 'PNG', ...errors } },
  { method: 'get', path: '/micro-credentials/{id}/audit', summary: 'Audit log: who (token id), when, why', tag: 'Micro-credentials', scope: 'manage', params: [idParam], responses: { '200': '`{items}` oldest first', ...errors } },
  { method: 'post', path: '/micro-credentials/{id}/revoke', summary: 'Revoke (withdraw); final', tag: 'Status', scope: 'manage', idempotent: true, params: [idParam], body: reason, responses: { '200': 'Revoked', ...errors, '409': 'Already revoked, or no revocation entry', '422': 'No reason' } },
  { method: 'post', path: '/micro-credentials/{id}/suspend', summary: 'Suspend; reversible', tag: 'Status', scope: 'manage', idempotent: true, params: [idParam], body: reason, responses: { '200': 'Suspended', ...errors, '409': 'Revoked or superseded', '422': 'No reason' } },
  { method: 'post', path: '/micro-credentials/{id}/reinstate', summary: 'Lift a suspension', tag: 'Status', scope: 'manage', idempotent: true, params: [idParam], body: reason, responses: { '200': 'Active again', ...errors, '409': 'Not suspended', '422': 'No reason' } },
  {
    method: 'post', path: '/micro-credentials/{id}/recertify', summary: 'Recertify: a new credential renewing this one', tag: 'Micro-credentials', scope: 'issue', idempotent: true,
    description: 'The new credential repeats the old one\'s content with a new validity window (`validUntil`, else the specification\'s `validFor`, else as long as the old one) and names it (`replaces`); the old one then reads superseded, not revoked.',
    params: [idParam], body: { description: 'Optional `{issued, validUntil, format}`.', schema: json('RecertifyRequest'), example: { validUntil: '2031-08-31' } },
    responses: { '201': 'Issued', ...errors, '409': 'Revoked, suspended or already renewed' },
    responseSchema: json('IssuedCredential'),
  },
  {
    method: 'post', path: '/specifications', summary: 'Create a specification (version 1)', tag: 'Specifications', scope: 'manage', idempotent: true,
    description: 'Every micro-credential field but the learner\'s (and issued, certificateNumber, recertificationOf), plus optional `id` and `validFor` (ISO 8601 period, e.g. P5Y).',
    body: { description: 'The specification.', schema: json('Specification'), example: { id: 'crane-operator', title: 'Certified Mobile Crane Operator', validFor: 'P5Y' } },
    responses: { '201': 'Created', ...errors, '409': 'Id taken', '422': 'Invalid' },
  },
  { method: 'get', path: '/specifications', summary: 'List specifications (latest versions)', tag: 'Specifications', scope: 'issue or manage', responses: { '200': '`{items}`', ...errors } },
  { method: 'get', path: '/specifications/{id}', summary: 'A specification\'s latest version', tag: 'Specifications', scope: 'issue or manage', params: [{ name: 'id', in: 'path', required: true, description: 'Specification id.' }], responses: { '200': 'Latest version, with the list of versions', ...errors } },
  {
    method: 'get', path: '/specifications/{id}/versions/{version}', summary: 'One version of a specification', tag: 'Specifications', scope: 'issue or manage',
    params: [{ name: 'id', in: 'path', required: true, description: 'Specification id.' }, { name: 'version', in: 'path', required: true, description: '1, 2, …', schema: { type: 'integer' } }],
    responses: { '200': 'The version', ...errors },
  },
  { method: 'put', path: '/specifications/{id}', summary: 'Change a specification (a new version)', tag: 'Specifications', scope: 'manage', idempotent: true, params: [{ name: 'id', in: 'path', required: true, description: 'Specification id.' }], body: { description: 'The whole specification as it now reads.', schema: json('Specification') }, responses: { '201': 'The new version', ...errors, '422': 'Invalid' } },
  { method: 'post', path: '/specifications/{id}', summary: 'Change a specification (same as PUT)', tag: 'Specifications', scope: 'manage', idempotent: true, params: [{ name: 'id', in: 'path', required: true, description: 'Specification id.' }], body: { description: 'The whole specification as it now reads.', schema: json('Specification') }, responses: { '201': 'The new version', ...errors, '422': 'Invalid' } },
  {
    method: 'post', path: '/credentials/issue', summary: 'VC-API: issue any credential', tag: 'VC-API', scope: 'issue', idempotent: true,
    description: '`{credential, options: {credentialStatus?: {type: "BitstringStatusListEntry", statusPurpose} or a list (revocation, suspension, message), format?, keyType?}}` → 201 `{verifiableCredential}` (eddsa-rdfc-2022 by default; for jwt, a VC 2.0 credential as an EnvelopedVerifiableCredential holding the vc+jwt, a VC 1.1 credential (first @context https://www.w3.org/2018/credentials/v1) as the JWT of VC Data Model 1.1 §6.3.1, answered as the credential it decodes to with `proof: {type: "JwtProof2020", jwt}`; `format: "ecdsa", keyType: "P-384"` for ecdsa-rdfc-2019 with the tenant\'s P-384 key). `issuer` must be the DID of the key that signs: the tenant\'s DID (for a did:key tenant each key type is a DID of its own: see GET /tenants/current). A key type the tenant does not hold is a 409.',
    params: [format, keyType],
    body: { description: 'VC-API IssueCredentialRequest.', schema: json('IssueCredentialRequest'), example: { credential: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:learner' } }, options: { credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' } } } },
    responses: { '201': '`{verifiableCredential}`', ...errors },
  },
  {
    method: 'post', path: '/credentials/status', summary: 'VC-API: update a credential\'s status', tag: 'VC-API', scope: 'manage', idempotent: true,
    description: '`{credentialId, credentialStatus: [{type: "BitstringStatusListEntry", status: "revoked"|"suspended"|"active"}], reason?}`, or the earlier `{credentialId, credentialStatus: {type, statusPurpose}, status: boolean}`. A status message (an entry of statusPurpose "message", asked for at issuance) is set with `{credentialId, credentialStatus: [{type: "BitstringStatusListEntry", statusPurpose: "message", status: "0x2"}], reason?}` → `{credentialId, statusPurpose, status, message, previousStatus, previousMessage, changed}`; a value the entry cannot hold is a 400, a credential without a message entry a 409.',
    body: { description: 'VC-API UpdateCredentialStatusRequest.', schema: { type: 'object' }, example: { credentialId: 'urn:uuid:…', credentialStatus: [{ type: 'BitstringStatusListEntry', status: 'revoked' }] } },
    responses: { '200': 'Updated', ...errors, '409': 'Revocation is final' },
  },
  {
    method: 'post', path: '/credentials/verify', summary: 'VC-API: verify a credential', tag: 'Verify', scope: 'public',
    description: '`{verifiableCredential, options?}` → `{verified, checks, warnings, errors, report}`: 200 when the verdict is valid, 400 otherwise. `report` is the full plain-language report (format, proof, issuer, validity, revocation, suspension, trust, profile). Reads Data Integrity (eddsa-rdfc-2022, ecdsa-rdfc-2019, Ed25519Signature2020), vc+jwt (also as an EnvelopedVerifiableCredential) and JAdES-sealed Europass credentials.',
    body: { description: 'VC-API VerifyCredentialRequest.', schema: { type: 'object' } },
    responses: { '200': 'Valid', '400': 'Not valid, or not a credential', '413': 'Too large' },
  },
  {
    method: 'post', path: '/presentations/verify', summary: 'VC-API: verify a presentation', tag: 'Verify', scope: 'public',
    description: '`{verifiablePresentation, options: {challenge, domain}}` → the same shape; the report lists one report per credential under `report.credentials`.',
    body: { description: 'VC-API VerifyPresentationRequest.', schema: { type: 'object' } },
    responses: { '200': 'Valid', '400': 'Not valid, or not a presentation', '413': 'Too large' },
  },
  {
    method: 'post', path: '/verify', summary: 'Verify anything: JSON, a vc+jwt, a presentation, a sealed EDC, or a form upload', tag: 'Verify', scope: 'public',
    description: 'Send the credential as the body, or as the form field `credential` or the file `file` (multipart). A browser form gets an HTML page; anyone else the report as JSON.',
    body: { description: 'The credential in any form.', schema: { type: 'object' } },
    responses: { '200': 'The report (JSON) or a page (HTML)', '400': 'No credential', '413': 'Too large' },
  },
  { method: 'get', path: '/tenants/current', summary: 'The token\'s tenant: DID, keys, scopes', tag: 'Tenant', scope: 'issue or manage', responses: { '200': 'Tenant', ...errors } },
  {
    method: 'post', path: '/tenants/current/keys', summary: 'Add a signing key of a type the tenant does not hold (P-384)', tag: 'Tenant', scope: 'manage', idempotent: true,
    description: 'A did:web tenant\'s new key is listed in its DID document under the same DID; a did:key tenant\'s new key is a DID of its own (`key.controller`), the issuer of what that key signs. Sign with it through POST /credentials/issue?format=ecdsa&keyType=P-384.',
    body: { description: '`{type: "Ed25519" | "P-256" | "P-384"}`.', schema: { type: 'object', properties: { type: { type: 'string', enum: ['Ed25519', 'P-256', 'P-384'] } }, required: ['type'], additionalProperties: false }, example: { type: 'P-384' } },
    responses: { '201': '`{did, key: {id, type, controller, status, createdAt}}`', ...errors, '409': 'The tenant already has an active key of that type (rotate it instead)', '422': 'Unknown type' },
  },
  {
    method: 'post', path: '/tenants/current/keys/rotate', summary: 'Rotate signing keys', tag: 'Tenant', scope: 'manage', idempotent: true,
    description: 'New keys sign from now on; the DID document keeps listing the old public keys, so earlier credentials still verify. did:web tenants only.',
    body: { description: 'Optional `{types: ["Ed25519", "P-256", "P-384"]}` (default: every type the tenant holds).', schema: { type: 'object' } },
    responses: { '200': '`{did, activated, retired}`', ...errors, '409': 'A did:key tenant' },
  },
  {
    method: 'get', path: '/status-lists/{id}', summary: 'A signed BitstringStatusListCredential', tag: 'Public', scope: 'public',
    description: 'Signed with the tenant\'s Ed25519 key (eddsa-rdfc-2022). ETag per list version (If-None-Match → 304); Cache-Control max-age = the list\'s ttl.',
    params: [{ name: 'id', in: 'path', required: true, description: 'Status list id.' }], produces: 'application/vc+ld+json',
    responses: { '200': 'The list credential', '304': 'Not modified', '404': 'No such list' },
  },
  {
    method: 'get', path: '/status-lists/{id}/{signer}', summary: 'A did:key tenant\'s status list, signed by its P-256 or P-384 DID', tag: 'Public', scope: 'public',
    description: 'The same list as /status-lists/{id} (one bitstring), signed ecdsa-rdfc-2019 by the did:key tenant\'s P-256 or P-384 key, whose DID is the issuer of the credentials that key signs and that point here. Caching as for /status-lists/{id}. A did:web tenant is one DID whatever the key: its lists have no such URL (404).',
    params: [
      { name: 'id', in: 'path', required: true, description: 'Status list id.' },
      { name: 'signer', in: 'path', required: true, description: '`p-256` or `p-384`.' },
    ],
    produces: 'application/vc+ld+json',
    responses: { '200': 'The list credential', '304': 'Not modified', '404': 'No such list, another key type, or a did:web tenant\'s list' },
  },
  { method: 'get', path: '/.well-known/did.json', summary: 'DID document of did:web:<host>', tag: 'Public', scope: 'public', produces: 'application/did+json', responses: { '200': 'DID document', '404': 'No tenant at the host' } },
  { method: 'get', path: '/tenants/{id}/did.json', summary: 'DID document of did:web:<host>:tenants:<id>', tag: 'Public', scope: 'public', produces: 'application/did+json', params: [{ name: 'id', in: 'path', required: true, description: 'Tenant id.' }], responses: { '200': 'DID document', '404': 'No such did:web tenant' } },
  {
    method: 'get', path: '/register/{certificateNumber}', summary: 'Public register: does this certificate exist, and is it valid?', tag: 'Public', scope: 'public',
    description: 'Answers `{certificateNumber, status: valid|expired|suspended|withdrawn|superseded, issuer: {id, name}}`, naming no personal data. With `?name=Full Name` it answers only `{nameMatches}` (case- and accent-insensitive).',
    params: [
      { name: 'certificateNumber', in: 'path', required: true, description: 'As printed on the certificate.' },
      { name: 'name', in: 'query', description: 'The holder\'s name, to check.' },
      { name: 'issuer', in: 'query', description: 'Issuer DID or tenant id, when several issuers use the number.' },
    ],
    responses: { '200': 'Status, or {nameMatches}', '404': 'Unknown number', '409': 'Several issuers: add ?issuer=' },
  },
  ...WALLET_OPERATIONS,
  ...PAGE_OPERATIONS,
];

const schemas = {
  Problem: {
    type: 'object',
    description: `RFC 9457 problem details; \`type\` is one of ${PROBLEM_BASE}{validation, invalid-parameter, malformed-json, unauthorized, forbidden, not-found, conflict, …}.`,
    properties: {
      type: { type: 'string', format: 'uri' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' },
      errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
    },
    required: ['type', 'title', 'status'],
  },
  Reason: { type: 'object', properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } }, required: ['reason'] },
  MicroCredentialRequest: { type: 'object', description: 'A micro-credential input, or {specification, learner, …}.', additionalProperties: true },
  BatchRequest: {
    oneOf: [
      { type: 'object', properties: { items: { type: 'array', maxItems: 10000, items: { $ref: '#/components/schemas/MicroCredentialRequest' } }, specification: { type: 'string' }, format: { type: 'string', enum: [...FORMATS] } }, required: ['items'] },
      { type: 'array', maxItems: 10000, items: { $ref: '#/components/schemas/MicroCredentialRequest' } },
    ],
  },
  RecertifyRequest: { type: 'object', properties: { issued: { type: 'string' }, validUntil: { type: 'string' }, format: { type: 'string', enum: [...FORMATS] } }, additionalProperties: false },
  Specification: { type: 'object', description: 'A micro-credential input without learner, issued, certificateNumber, recertificationOf; plus id and validFor.', additionalProperties: true },
  IssueCredentialRequest: {
    type: 'object',
    properties: {
      credential: { type: 'object' },
      options: {
        type: 'object',
        properties: {
          credentialId: { type: 'string' },
          credentialStatus: { type: 'object', description: '`{type: "BitstringStatusListEntry", statusPurpose: "revocation" | "suspension"}`, or a list of them; at most one entry of statusPurpose `"message"` with `statusSize` (1–8 bits), `statusMessage` (one `{status: "0x…", message}` per possible value, 2^statusSize) and optional `statusReference` (a URL or a list of URLs)' },
          format: { type: 'string', enum: [...FORMATS] },
          keyType: { type: 'string', enum: ['Ed25519', 'P-256', 'P-384'], description: 'ecdsa: P-256 (default) or P-384' },
        },
      },
    },
    required: ['credential'],
  },
  IssuedCredential: {
    type: 'object',
    properties: {
      id: { type: 'string' }, certificateNumber: { type: 'string' },
      verifiableCredential: { oneOf: [{ type: 'object' }, { type: 'string', description: 'compact vc+jwt' }] },
      links: { type: 'object', properties: { self: { type: 'string' }, status: { type: 'string' }, share: { type: 'string' }, qr: { type: 'string' }, claim: { type: 'string', description: 'The learner\'s link; shown once.' } } },
    },
  },
};

export function openApiDocument(publicUrl: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const op of OPERATIONS) {
    const responses: Record<string, object> = {};
    for (const [status, description] of Object.entries(op.responses)) {
      const ok = status.startsWith('2');
      responses[status] =
        status === '304'
          ? { description }
          : ok
            ? { description, content: { [op.produces ?? 'application/json']: { schema: op.responseSchema ?? {} } } }
            : { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
    }
    const parameters = [...(op.params ?? []).map((p) => ({ schema: { type: 'string' }, ...p }))];
    if (op.idempotent) {
      parameters.push({ name: 'Idempotency-Key', in: 'header', description: 'Makes a retry safe: the same key and body return the first response.', schema: { type: 'string' } });
    }
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [op.tag],
      operationId: `${op.method}${op.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
      ...(op.scope === 'public' ? { security: [] } : { 'x-scopes': op.scope.split(' or ') }),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: !op.path.endsWith('/recertify') && !op.path.endsWith('/rotate'), description: op.body.description, content: { 'application/json': { schema: op.body.schema, ...(op.body.example === undefined ? {} : { example: op.body.example }) } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'microcred issuer',
      version: '0.1.0',
      description:
        'Issue EU micro-credentials (W3C Verifiable Credentials), one or a cohort, and manage their status. ' +
        'Authenticated operations take an API token as `Authorization: Bearer <token>` with scope issue or manage (see x-scopes). ' +
        'Every error is an RFC 9457 problem (application/problem+json). Every POST accepts an Idempotency-Key.',
    },
    servers: [{ url: publicUrl }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas },
    paths,
  };
}
