import type { Operation } from './openapi.ts';

/*
 * The wallet routes (routes/wallet.ts) in the OpenAPI document. OID4VCI's token and credential
 * endpoints answer errors as OAuth 2.0 does (`{error, error_description}`, application/json), not as
 * problem details: wallets branch on `error`.
 */

const errors = { '400': 'Malformed request', '401': 'No or unknown API token', '403': 'The token lacks the scope', '404': 'Not found (or another tenant\'s)' };
const idParam = { name: 'id', in: 'path' as const, required: true, description: 'The credential id (urn:uuid:…) or its bare UUID.' };
const claim = { name: 'claim', in: 'query' as const, description: 'The learner\'s claim token (from the claim link): instead of an API token.' };

export const WALLET_OPERATIONS: Operation[] = [
  {
    method: 'get', path: '/micro-credentials/{id}/renditions', summary: 'The renditions of a credential, and what was issued to wallets', tag: 'Wallets', scope: 'issue or manage',
    description: 'Links to the four downloads. With an API token, also every copy issued to a wallet (OID4VCI, VC-API exchange): its id, configuration, the holder\'s DID, when. A learner may use `?claim=` instead of a token.',
    params: [idParam, claim],
    responses: { '200': '`{id, renditions: [{name, title, mediaType, href}], issuedToWallets?}`', ...errors },
  },
  {
    method: 'get', path: '/micro-credentials/{id}/renditions/{name}', summary: 'Download a rendition: vc, vc-jwt, ob3 or edc', tag: 'Wallets', scope: 'issue or manage',
    description:
      '`vc`: the credential with its Data Integrity proof (`application/vc`); `vc-jwt`: the same as vc+jwt (`application/vc+jwt`); `ob3`: the Open Badges 3.0 rendition, eddsa-rdfc-2022, with the same status entries (`application/vc`); ' +
      '`edc`: the Europass Digital Credential sealed with JAdES by the tenant\'s e-seal (`application/jose+json`; 409 when the tenant has none). Made on first request and kept; `Content-Disposition` names the file. ' +
      'A learner may use `?claim=` instead of a token. Nothing new is made of a revoked or suspended credential.',
    params: [idParam, { name: 'name', in: 'path', required: true, description: 'vc, vc-jwt, ob3 or edc.', schema: { type: 'string', enum: ['vc', 'vc-jwt', 'ob3', 'edc'] } }, claim],
    produces: 'application/vc',
    responses: { '200': 'The file', ...errors, '409': 'No e-seal configured (edc), or the credential is revoked', '503': 'The external seal signer failed' },
  },
  {
    method: 'post', path: '/micro-credentials/{id}/offers', summary: 'An OID4VCI credential offer for the learner\'s wallet', tag: 'Wallets', scope: 'issue',
    description:
      'Optional body `{credentialConfigurationIds?: ["MicroCredential", "OpenBadgeCredential"], txCode?: true}`. 201 `{credentialOfferUri, credentialOffer (openid-credential-offer://…), txCode, expiresAt}`: ' +
      'send the offer (as a QR code) and the transaction code by different channels. The offer is redeemable once, for 15 minutes.',
    params: [idParam],
    responses: { '201': 'The offer', ...errors, '409': 'Revoked or suspended' },
  },
  {
    method: 'post', path: '/micro-credentials/{id}/exchanges', summary: 'A VC-API exchange for Learner Credential Wallet', tag: 'Wallets', scope: 'issue',
    description: '201 `{exchangeUrl, challenge, domain, lcwDeepLink, expiresAt}`. The exchange issues the Open Badge 3.0 bound to the DID that authenticates, once, within 15 minutes.',
    params: [idParam],
    responses: { '201': 'The exchange', ...errors, '409': 'Revoked or suspended' },
  },
  {
    method: 'get', path: '/.well-known/openid-credential-issuer', summary: 'OID4VCI credential issuer metadata', tag: 'OID4VCI', scope: 'public',
    description: 'OpenID for Verifiable Credential Issuance 1.0 §12.2: `credential_configurations_supported` MicroCredential and OpenBadgeCredential, both `ldp_vc` (eddsa-rdfc-2022), bound to a did:key or did:jwk by a `jwt` key proof.',
    responses: { '200': 'Metadata' },
  },
  {
    method: 'get', path: '/.well-known/oauth-authorization-server', summary: 'OAuth 2.0 authorization server metadata (RFC 8414)', tag: 'OID4VCI', scope: 'public',
    responses: { '200': 'Metadata: the token endpoint and the pre-authorized code grant' },
  },
  {
    method: 'get', path: '/oid4vci/offers/{code}', summary: 'A credential offer (the target of credential_offer_uri)', tag: 'OID4VCI', scope: 'public',
    params: [{ name: 'code', in: 'path', required: true, description: 'The offer\'s pre-authorized code.' }],
    responses: { '200': 'The credential offer', '404': 'Used, expired or unknown' },
  },
  {
    method: 'post', path: '/oid4vci/token', summary: 'Token endpoint: pre-authorized code and transaction code → access token', tag: 'OID4VCI', scope: 'public',
    description:
      '`application/x-www-form-urlencoded` (or JSON): `grant_type=urn:ietf:params:oauth:grant-type:pre-authorized_code`, `pre-authorized_code`, `tx_code` (drafts: `user_pin`). Each code works once; five wrong transaction codes burn the offer. ' +
      '200 `{access_token, token_type: "Bearer", expires_in, c_nonce, c_nonce_expires_in}`; errors as OAuth 2.0 `{error, error_description}`.',
    responses: { '200': 'Access token', '400': 'invalid_request, invalid_grant, unsupported_grant_type' },
  },
  {
    method: 'post', path: '/oid4vci/nonce', summary: 'Nonce endpoint: a fresh c_nonce for the key proof', tag: 'OID4VCI', scope: 'public',
    responses: { '200': '`{c_nonce, c_nonce_expires_in}`' },
  },
  {
    method: 'post', path: '/oid4vci/credential', summary: 'Credential endpoint: the credential bound to the wallet\'s key', tag: 'OID4VCI', scope: 'public',
    description:
      '`Authorization: Bearer <access token>`; body `{credential_configuration_id, proofs: {jwt: [proof]}}` (1.0) or `{format: "ldp_vc", credential_definition, proof: {proof_type: "jwt", jwt}}` (drafts 13-14). ' +
      'The proof: typ `openid4vci-proof+jwt`, `kid` a did:key / did:jwk DID URL or `jwk`, `aud` this issuer, `nonce` a c_nonce. 200 `{credentials: [{credential}]}` (drafts: `{credential}`).',
    responses: { '200': 'The credential', '400': 'invalid_proof, invalid_nonce, unknown_credential_configuration, …', '401': 'invalid_token' },
  },
  {
    method: 'post', path: '/exchanges/{id}', summary: 'VC-API exchange: DID authentication, then the credential', tag: 'Wallets', scope: 'public',
    description:
      'POST `{}` → `{verifiablePresentationRequest: {query: [{type: "DIDAuthentication"}], challenge, domain}}`; POST `{verifiablePresentation}` signed by the wallet\'s did:key with that challenge and domain → `{verifiablePresentation: {verifiableCredential: [the Open Badge 3.0 bound to that DID]}}`. ' +
      'Learner Credential Wallet\'s request.html deep link POSTs the signed presentation itself and gets the credential as it is.',
    params: [{ name: 'id', in: 'path', required: true, description: 'The exchange id.' }],
    responses: { '200': 'The request, or the credential', '400': 'The DID authentication does not verify', '404': 'Unknown or expired', '409': 'Already complete' },
  },
  {
    method: 'get', path: '/wallet/{claimToken}/add', summary: 'The learner\'s "add to a wallet" page', tag: 'Wallets', scope: 'public', produces: 'text/html',
    description: 'The OID4VCI offer as a QR code with its transaction code apart, Learner Credential Wallet\'s deep link and QR code, and the downloads. Each visit makes a new offer and exchange.',
    params: [{ name: 'claimToken', in: 'path', required: true, description: 'The learner\'s claim token.' }],
    responses: { '200': 'HTML', '404': 'Unknown claim link' },
  },
  {
    method: 'get', path: '/tenants/current/seal', summary: 'The tenant\'s e-seal certificate', tag: 'Tenant', scope: 'issue or manage',
    description: '`{seal: {subject, organizationIdentifier, notAfter, daysLeft, algorithm, signer, qualified, …}, warnings}`: a warning from 30 days before the certificate expires. Nothing secret.',
    responses: { '200': 'The seal', ...errors },
  },
  {
    method: 'put', path: '/tenants/current/seal', summary: 'Set the tenant\'s e-seal (Europass rendition)', tag: 'Tenant', scope: 'manage',
    description:
      'One of: `{certificateChain: PEM, privateKey: PEM}` (RSA ≥ 2048 or P-256/P-384), `{pkcs12: base64, password, certificateChain?}`, or `{certificateChain, signer: {type: "http", url, headers?}}` for a signing service that receives the signing input (POST, application/octet-stream) and answers the signature (raw bytes, or JSON `{signature}` in base64). ' +
      'The seal is tried out (a probe is sealed and verified) before it is kept; the one before is retired. A signing command can only be set by the operator (`microcred seal set`).',
    body: { description: 'The seal.', schema: { type: 'object' } },
    responses: { '200': 'The seal as GET shows it', ...errors, '422': 'The seal does not work (the reason says why)' },
  },
];
