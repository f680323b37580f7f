import { randomUUID, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import QRCode from 'qrcode';
import { z } from 'zod';
import { readMicroCredential } from '@microcred/model';
import { createDidResolver } from '@microcred/securing';
import { flag } from '@microcred/verifier';
import {
  authorizationServerMetadata,
  checkDidAuthentication,
  credentialIssuerMetadata,
  credentialOffer,
  credentialOfferLink,
  CREDENTIAL_CONFIGURATIONS,
  CREDENTIAL_CONFIGURATION_IDS,
  didAuthenticationRequest,
  exchangeResponse,
  isCredentialConfigurationId,
  isRenditionName,
  lcwDeepLink,
  newTxCode,
  oid4vciEndpoints,
  Oid4vciError,
  PRE_AUTHORIZED_CODE_GRANT,
  readExchangeMessage,
  RENDITION_NAMES,
  RENDITIONS,
  verifyKeyProof,
  type CredentialConfigurationId,
} from '@microcred/wallet-export';
import { requireScope } from '../auth.ts';
import { credentialIdFrom, credentialPathSegment, parseBody, readJson, type AppContext, type AppEnv, type Services } from '../context.ts';
import { Problem, problems } from '../problem.ts';
import { issueToHolder, renditionOf } from '../renditions.ts';
import { SealConfigError, sealStatus, setTenantSeal, type SealInput } from '../seal.ts';
import { newSecret } from '../secrets.ts';
import { hashToken, type CredentialRecord, type Tenant } from '../storage/index.ts';
import { walletStore } from '../storage/wallet.ts';
import { walletAddPageHtml, walletNotFoundPageHtml, type DownloadLink } from '../wallet-add-page.tsx';

/** How long a credential offer (and its transaction code) can be redeemed. */
export const OFFER_TTL_SECONDS = 15 * 60;
/** How long an access token buys its one credential. */
export const ACCESS_TOKEN_TTL_SECONDS = 5 * 60;
/** How long a c_nonce is good for. */
export const NONCE_TTL_SECONDS = 5 * 60;
/** How long a VC-API exchange waits for the wallet. */
export const EXCHANGE_TTL_SECONDS = 15 * 60;

const PAGE_CSP = "default-src 'none'; img-src 'self' data:; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };
const SMALL = 64 * 1024;

const sealBody = z.strictObject({
  certificateChain: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
  privateKey: z.string().optional(),
  pkcs12: z.string({ error: 'must be the PKCS#12 file in base64' }).optional(),
  password: z.string().optional(),
  signer: z
    .strictObject({
      type: z.literal('http', { error: 'must be "http" (signing commands are set by the operator: microcred seal set)' }),
      url: z.string(),
      headers: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  algorithm: z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512']).optional(),
});

const offerBody = z.strictObject({
  credentialConfigurationIds: z
    .array(z.enum(CREDENTIAL_CONFIGURATION_IDS as [CredentialConfigurationId, ...CredentialConfigurationId[]]))
    .min(1)
    .optional(),
  txCode: z.boolean({ error: 'must be true or false' }).optional(),
});

function oauthError(c: Context, error: Oid4vciError): Response {
  const headers: Record<string, string> = { ...NO_STORE };
  if (error.status === 401) headers['www-authenticate'] = `Bearer error="${error.error}", error_description="${error.message.replace(/"/g, "'")}"`;
  return c.json(error.toJSON(), error.status, headers);
}

function equalHashes(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 280 });
}

/**
 * What learners take into wallets: rendition downloads, OID4VCI (pre-authorized code flow),
 * VC-API exchanges for Learner Credential Wallet, the "add to a wallet" page, and the tenant's e-seal.
 */
export function walletRoutes(services: Services): Hono<AppEnv> {
  const { store, publicUrl, clock, logger } = services;
  const app = new Hono<AppEnv>();
  const wallet = walletStore(store);
  const limited = services.publicLimiter;
  const small = bodyLimit({ maxSize: SMALL, onError: () => { throw problems.payloadTooLarge(SMALL); } });
  const endpoints = oid4vciEndpoints(publicUrl);
  const domain = new URL(publicUrl).host;
  const allowLoopback = () => flag(process.env.MICROCRED_ALLOW_LOOPBACK);
  // Wallet keys are did:key (or did:jwk, read without a resolver): nothing is fetched to check a wallet.
  const didResolver = createDidResolver();

  /** A credential by the issuer's token, or by the learner's claim token (`?claim=`). */
  async function credentialFor(c: AppContext): Promise<{ tenant: Tenant; record: CredentialRecord; claim?: string }> {
    const id = credentialIdFrom(c.req.param('id') ?? '');
    const claim = c.req.query('claim');
    if (claim !== undefined) {
      const found = await store.credentials.findByClaimTokenHash(hashToken(claim));
      // A claim token of another credential reveals nothing either: the same 404.
      if (!found || found.credentialId !== id) throw problems.notFound(`No credential ${id} for this claim link.`);
      const [tenant, record] = await Promise.all([store.tenants.get(found.tenantId), store.credentials.get(found.tenantId, found.credentialId)]);
      if (!tenant || !record) throw problems.notFound(`No credential ${id} for this claim link.`);
      return { tenant, record, claim };
    }
    await requireScope(services, 'issue', 'manage')(c, async () => undefined);
    const { tenant } = c.get('principal');
    const record = await store.credentials.get(tenant.id, id);
    if (!record) throw problems.notFound(`No credential ${id} among yours.`);
    return { tenant, record };
  }

  /** The learner's credential behind a claim token, for the page. */
  async function claimed(claimToken: string) {
    const found = await store.credentials.findByClaimTokenHash(hashToken(claimToken));
    if (!found) return undefined;
    const [tenant, record] = await Promise.all([store.tenants.get(found.tenantId), store.credentials.get(found.tenantId, found.credentialId)]);
    return tenant && record ? { tenant, record } : undefined;
  }

  async function createOffer(tenant: Tenant, record: CredentialRecord, configurationIds: readonly CredentialConfigurationId[], withTxCode: boolean) {
    const now = clock();
    const code = newSecret();
    const txCode = withTxCode ? newTxCode(6) : undefined;
    const expiresAt = new Date(now.getTime() + OFFER_TTL_SECONDS * 1000);
    await wallet.offers.create({
      id: randomUUID(),
      tenantId: tenant.id,
      credentialId: record.id,
      preAuthorizedCodeHash: hashToken(code),
      txCodeHash: txCode === undefined ? null : hashToken(txCode),
      configurationIds: [...configurationIds],
      now,
      expiresAt,
    });
    // The offer's URL carries the pre-authorized code itself, so only its hash is stored: the offer
    // holds the code anyway, and the transaction code (shown apart) is what protects it.
    const offerUri = endpoints.offer(code);
    return { offerUri, link: credentialOfferLink(offerUri), txCode, expiresAt: expiresAt.toISOString(), configurationIds: [...configurationIds] };
  }

  async function createExchange(tenant: Tenant, record: CredentialRecord) {
    const now = clock();
    const id = newSecret();
    const challenge = randomUUID();
    const expiresAt = new Date(now.getTime() + EXCHANGE_TTL_SECONDS * 1000);
    await wallet.exchanges.create({ id, tenantId: tenant.id, credentialId: record.id, challenge, domain, now, expiresAt });
    const exchangeUrl = `${publicUrl}/exchanges/${id}`;
    return {
      exchangeUrl,
      challenge,
      domain,
      lcwDeepLink: lcwDeepLink({ issuer: tenant.did ?? publicUrl, challenge, vcRequestUrl: exchangeUrl }),
      expiresAt: expiresAt.toISOString(),
    };
  }

  // ---- Downloads ------------------------------------------------------------------------------

  // GET /micro-credentials/:id/renditions: what can be downloaded, and what was issued to wallets.
  app.get('/micro-credentials/:id/renditions', async (c) => {
    const { tenant, record, claim } = await credentialFor(c);
    const base = `${publicUrl}/micro-credentials/${credentialPathSegment(record.id)}/renditions`;
    const query = claim ? `?claim=${encodeURIComponent(claim)}` : '';
    const issued = claim ? [] : (await wallet.renditions.list(tenant.id, record.id)).filter((r) => r.holder !== null);
    return c.json({
      id: record.id,
      renditions: RENDITION_NAMES.map((name) => ({ name, title: RENDITIONS[name].title, mediaType: RENDITIONS[name].mediaType, href: `${base}/${name}${query}` })),
      ...(claim ? {} : { issuedToWallets: issued.map((r) => ({ id: r.id, configuration: r.name, holder: r.holder, channel: r.channel, issuedAt: r.createdAt })) }),
    });
  });

  // GET /micro-credentials/:id/renditions/:name: the file (vc, vc-jwt, ob3, edc), made and kept on first request.
  app.get('/micro-credentials/:id/renditions/:name', async (c) => {
    const name = c.req.param('name');
    if (!isRenditionName(name)) {
      throw problems.notFound(`No rendition ${JSON.stringify(name)}: there are ${RENDITION_NAMES.join(', ')}.`);
    }
    const { tenant, record, claim } = await credentialFor(c);
    const file = await renditionOf(services, tenant, record, name);
    return c.body(file.body, 200, {
      'content-type': file.mediaType,
      'content-disposition': `attachment; filename="${file.fileName}"`,
      'x-content-type-options': 'nosniff',
      // A claim link is personal: no shared cache may keep what it opens.
      'cache-control': claim ? 'private, no-store' : 'private, max-age=0',
    });
  });

  // ---- Offers and exchanges for the issuer's own channels (e-mail, an LMS) -----------------------

  // POST /micro-credentials/:id/offers {credentialConfigurationIds?, txCode?}: an OID4VCI credential offer.
  app.post('/micro-credentials/:id/offers', requireScope(services, 'issue'), small, async (c) => {
    const text = await c.req.text();
    let raw: unknown = {};
    try {
      if (text.trim() !== '') raw = JSON.parse(text);
    } catch (error) {
      throw problems.malformedJson((error as Error).message);
    }
    const body = parseBody(offerBody, raw);
    const { tenant } = c.get('principal');
    const record = await store.credentials.get(tenant.id, credentialIdFrom(c.req.param('id')));
    if (!record) throw problems.notFound(`No credential ${c.req.param('id')} among yours.`);
    refuseWithdrawn(record);
    const offer = await createOffer(tenant, record, body.credentialConfigurationIds ?? CREDENTIAL_CONFIGURATION_IDS, body.txCode ?? true);
    return c.json({ credentialOfferUri: offer.offerUri, credentialOffer: offer.link, txCode: offer.txCode ?? null, expiresAt: offer.expiresAt, credentialConfigurationIds: offer.configurationIds }, 201, NO_STORE);
  });

  // POST /micro-credentials/:id/exchanges: a VC-API exchange, with Learner Credential Wallet's deep link.
  app.post('/micro-credentials/:id/exchanges', requireScope(services, 'issue'), small, async (c) => {
    const { tenant } = c.get('principal');
    const record = await store.credentials.get(tenant.id, credentialIdFrom(c.req.param('id')));
    if (!record) throw problems.notFound(`No credential ${c.req.param('id')} among yours.`);
    refuseWithdrawn(record);
    return c.json(await createExchange(tenant, record), 201, NO_STORE);
  });

  function refuseWithdrawn(record: CredentialRecord): void {
    if (record.status === 'revoked') throw problems.credentialRevoked(`Credential ${record.id} is revoked (withdrawn): it cannot go into a wallet.`);
    if (record.status === 'suspended') throw problems.invalidStatusTransition(`Credential ${record.id} is suspended: it cannot go into a wallet until it is reinstated.`);
  }

  // ---- OID4VCI 1.0, pre-authorized code flow ---------------------------------------------------

  app.get('/.well-known/openid-credential-issuer', limited, (c) =>
    c.json(credentialIssuerMetadata({ credentialIssuer: publicUrl, name: domain }), 200, { 'cache-control': 'public, max-age=300' }),
  );

  app.get('/.well-known/oauth-authorization-server', limited, (c) =>
    c.json(authorizationServerMetadata({ issuer: publicUrl }), 200, { 'cache-control': 'public, max-age=300' }),
  );

  // GET /oid4vci/offers/:code: the credential offer behind a credential_offer_uri.
  app.get('/oid4vci/offers/:code', limited, async (c) => {
    const code = c.req.param('code');
    const offer = await wallet.offers.findByPreAuthorizedCode(hashToken(code));
    if (!offer || offer.redeemedAt !== null || offer.expiresAt <= clock().toISOString()) {
      throw problems.notFound('No credential offer here: it was used, it expired, or the link is wrong. Open the wallet page again for a new one.');
    }
    return c.json(
      credentialOffer({
        credentialIssuer: publicUrl,
        configurationIds: offer.configurationIds.filter(isCredentialConfigurationId),
        preAuthorizedCode: code,
        ...(offer.txCodeHash ? { txCode: { length: 6, description: 'The transaction code shown on your credential\'s wallet page, beside the QR code.' } } : {}),
      }),
      200,
      NO_STORE,
    );
  });

  // POST /oid4vci/token: pre-authorized code (+ tx_code) → access token, once.
  app.post('/oid4vci/token', limited, small, async (c) => {
    try {
      const type = c.req.header('content-type') ?? '';
      const body: unknown = /application\/json/i.test(type)
        ? await c.req.json().catch(() => ({}))
        : await c.req.parseBody().catch(() => ({}));
      // A JSON body of null, a number or a list is no token request either.
      const form = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
      if (form.grant_type !== PRE_AUTHORIZED_CODE_GRANT) {
        throw new Oid4vciError('unsupported_grant_type', `Only the pre-authorized code grant (${PRE_AUTHORIZED_CODE_GRANT}) is supported.`);
      }
      const code = form['pre-authorized_code'];
      if (typeof code !== 'string' || code === '') throw new Oid4vciError('invalid_request', 'pre-authorized_code is missing.');
      const offer = await wallet.offers.findByPreAuthorizedCode(hashToken(code));
      const now = clock();
      if (!offer || offer.redeemedAt !== null || offer.expiresAt <= now.toISOString()) {
        throw new Oid4vciError('invalid_grant', 'The pre-authorized code is unknown, used or expired.');
      }
      if (offer.txCodeHash !== null) {
        // Draft 13 wallets send the code as user_pin; 1.0 as tx_code.
        const given = typeof form.tx_code === 'string' ? form.tx_code : typeof form.user_pin === 'string' ? form.user_pin : undefined;
        if (given === undefined) throw new Oid4vciError('invalid_request', 'This offer needs its transaction code (tx_code).');
        if (!equalHashes(hashToken(given), offer.txCodeHash)) {
          await wallet.offers.countWrongTxCode(offer.id);
          throw new Oid4vciError('invalid_grant', 'The transaction code is wrong.');
        }
      }
      const record = await store.credentials.get(offer.tenantId, offer.credentialId);
      if (!record || record.status === 'revoked' || record.status === 'suspended') {
        throw new Oid4vciError('invalid_grant', 'The credential of this offer is withdrawn or suspended.');
      }
      const accessToken = newSecret();
      const redeemed = await wallet.offers.redeem(offer.id, hashToken(accessToken), now, new Date(now.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000));
      if (!redeemed) throw new Oid4vciError('invalid_grant', 'The pre-authorized code is used or expired (or too many wrong transaction codes were tried).');
      // Drafts 13-15 take the first c_nonce from here; 1.0 wallets ask the nonce endpoint.
      const cNonce = newSecret();
      await wallet.nonces.create(cNonce, now, new Date(now.getTime() + NONCE_TTL_SECONDS * 1000));
      return c.json(
        { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_SECONDS, c_nonce: cNonce, c_nonce_expires_in: NONCE_TTL_SECONDS },
        200,
        NO_STORE,
      );
    } catch (error) {
      if (error instanceof Oid4vciError) return oauthError(c, error);
      throw error;
    }
  });

  // POST /oid4vci/nonce: a fresh c_nonce for the key proof (OID4VCI 1.0 §7).
  app.post('/oid4vci/nonce', limited, async (c) => {
    const now = clock();
    const cNonce = newSecret();
    await wallet.nonces.create(cNonce, now, new Date(now.getTime() + NONCE_TTL_SECONDS * 1000));
    return c.json({ c_nonce: cNonce, c_nonce_expires_in: NONCE_TTL_SECONDS }, 200, NO_STORE);
  });

  // POST /oid4vci/credential: the access token and a key proof → the credential bound to the wallet's DID.
  app.post('/oid4vci/credential', limited, small, async (c) => {
    let draftStyle = false;
    try {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
      if (!match) throw new Oid4vciError('invalid_token', 'Send the access token as "Authorization: Bearer <token>".');
      const now = clock();
      const offer = await wallet.offers.findByAccessToken(hashToken(match[1] as string));
      if (!offer || offer.accessTokenExpiresAt === null || offer.accessTokenExpiresAt <= now.toISOString()) {
        throw new Oid4vciError('invalid_token', 'The access token is unknown or expired.');
      }
      if (offer.credentialIssuedAt !== null) throw new Oid4vciError('invalid_token', 'The access token was already used for its credential.');
      const request = (await c.req.json().catch(() => undefined)) as Record<string, unknown> | undefined;
      if (!request || typeof request !== 'object') throw new Oid4vciError('invalid_credential_request', 'The body must be a JSON credential request.');

      // 1.0 names a credential_configuration_id; drafts 13-14 a format and a credential_definition.
      let configuration: CredentialConfigurationId | undefined;
      if (request.credential_configuration_id !== undefined) {
        if (!isCredentialConfigurationId(request.credential_configuration_id)) {
          throw new Oid4vciError('unknown_credential_configuration', `Unknown credential_configuration_id ${JSON.stringify(request.credential_configuration_id)}.`);
        }
        configuration = request.credential_configuration_id;
      } else if (request.format !== undefined) {
        draftStyle = true;
        const types = [(request.credential_definition as Record<string, unknown> | undefined)?.type ?? []].flat();
        configuration = CREDENTIAL_CONFIGURATION_IDS.find((id) => request.format === 'ldp_vc' && CREDENTIAL_CONFIGURATIONS[id].type.every((t) => types.includes(t)));
        if (!configuration) throw new Oid4vciError('unknown_credential_configuration', 'No ldp_vc credential of that type is offered.');
      } else {
        throw new Oid4vciError('invalid_credential_request', 'Name the credential: credential_configuration_id.');
      }
      if (!offer.configurationIds.includes(configuration)) {
        throw new Oid4vciError('unknown_credential_configuration', `${configuration} is not part of this offer.`);
      }

      // 1.0: proofs {jwt: [one]}; drafts: proof {proof_type: 'jwt', jwt}.
      let jwt: unknown;
      if (request.proofs !== undefined) {
        const proofs = request.proofs as Record<string, unknown>;
        const list = proofs && typeof proofs === 'object' ? proofs.jwt : undefined;
        if (!Array.isArray(list) || list.length !== 1 || Object.keys(proofs).length !== 1) {
          throw new Oid4vciError('invalid_proof', 'proofs must hold exactly one jwt proof (this issuer issues one credential per request).');
        }
        jwt = list[0];
      } else if (request.proof !== undefined) {
        draftStyle = true;
        const proof = request.proof as Record<string, unknown>;
        if (proof?.proof_type !== 'jwt') throw new Oid4vciError('invalid_proof', 'proof.proof_type must be "jwt".');
        jwt = proof.jwt;
      } else {
        throw new Oid4vciError('invalid_proof', 'A key proof is required: the credential is bound to the wallet\'s key.');
      }
      const proof = await verifyKeyProof(jwt, { credentialIssuer: publicUrl, didResolver, now });
      if (proof.nonce === undefined || !(await wallet.nonces.consume(proof.nonce, now))) {
        throw new Oid4vciError('invalid_nonce', 'The proof\'s nonce is missing, used or expired: get a fresh c_nonce from the nonce endpoint.');
      }

      const [tenant, record] = await Promise.all([store.tenants.get(offer.tenantId), store.credentials.get(offer.tenantId, offer.credentialId)]);
      if (!tenant || !record || record.status === 'revoked' || record.status === 'suspended') {
        throw new Oid4vciError('credential_request_denied', 'The credential is withdrawn or suspended.');
      }
      if (!(await wallet.offers.consumeAccessToken(offer.id, now))) {
        throw new Oid4vciError('invalid_token', 'The access token was already used for its credential.');
      }
      const credential = await issueToHolder(services, tenant, record, proof.holder, configuration, 'oid4vci');
      logger.info('credential issued to a wallet', { channel: 'oid4vci', tenant: tenant.id, credential: record.id, configuration });
      return c.json(draftStyle ? { credential } : { credentials: [{ credential }] }, 200, NO_STORE);
    } catch (error) {
      if (error instanceof Oid4vciError) {
        if (error.error !== 'invalid_nonce' || !draftStyle) return oauthError(c, error);
        // Draft wallets retry with a c_nonce taken from the error answer.
        const now = clock();
        const cNonce = newSecret();
        await wallet.nonces.create(cNonce, now, new Date(now.getTime() + NONCE_TTL_SECONDS * 1000));
        return c.json({ ...error.toJSON(), c_nonce: cNonce, c_nonce_expires_in: NONCE_TTL_SECONDS }, 400, NO_STORE);
      }
      throw error;
    }
  });

  // ---- VC-API exchange (Learner Credential Wallet) ---------------------------------------------

  // POST /exchanges/:id: {} → a DID authentication request; {verifiablePresentation} → the credential bound to that DID.
  app.post('/exchanges/:id', limited, small, async (c) => {
    const exchange = await wallet.exchanges.get(c.req.param('id'));
    const now = clock();
    if (!exchange || exchange.expiresAt <= now.toISOString()) {
      throw problems.notFound('No exchange here: it expired, or the link is wrong. Open the wallet page again for a new one.');
    }
    if (exchange.completedAt !== null) throw problems.conflict('This exchange is complete: its credential was issued. Open the wallet page again for a new one.');
    const text = await c.req.text();
    let body: unknown;
    try {
      body = text.trim() === '' ? undefined : JSON.parse(text);
    } catch (error) {
      throw problems.malformedJson((error as Error).message);
    }
    const message = readExchangeMessage(body);
    if (message.kind === 'invalid') throw problems.validation([{ path: '', message: message.reason }]);
    if (message.kind === 'start') {
      return c.json(didAuthenticationRequest({ challenge: exchange.challenge, domain: exchange.domain }), 200, NO_STORE);
    }
    // LCW's request.html flow signs with the challenge of the deep link and no domain; the VC-API flow with both.
    const checked = await checkDidAuthentication(message.presentation, {
      challenge: exchange.challenge,
      ...(message.wrapped ? { domain: exchange.domain } : {}),
      didResolver,
    });
    if (!checked.ok) throw new Problem(400, 'did-authentication-failed', 'The DID authentication does not verify', checked.reason);
    const [tenant, record] = await Promise.all([store.tenants.get(exchange.tenantId), store.credentials.get(exchange.tenantId, exchange.credentialId)]);
    if (!tenant || !record) throw problems.notFound('The credential of this exchange no longer exists.');
    if (!(await wallet.exchanges.complete(exchange.id, checked.holder, now))) {
      throw problems.conflict('This exchange is complete or expired. Open the wallet page again for a new one.');
    }
    const credential = await issueToHolder(services, tenant, record, checked.holder, 'OpenBadgeCredential', 'vc-api');
    logger.info('credential issued to a wallet', { channel: 'vc-api', tenant: tenant.id, credential: record.id });
    return c.json(message.wrapped ? exchangeResponse(credential) : credential, 200, NO_STORE);
  });

  // ---- The learner's "add to a wallet" page ----------------------------------------------------

  app.get('/wallet/:claimToken/add', limited, async (c) => {
    const headers = { ...NO_STORE, 'content-security-policy': PAGE_CSP, 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' };
    const claimToken = c.req.param('claimToken');
    const found = await claimed(claimToken);
    if (!found) return c.html(walletNotFoundPageHtml(), 404, headers);
    const { tenant, record } = found;
    const mc = (() => {
      try {
        return readMicroCredential(record.credential && typeof record.credential === 'object' ? (record.credential as Record<string, unknown>) : JSON.parse(Buffer.from(String(record.credential).split('.')[1] ?? '', 'base64url').toString('utf8')));
      } catch {
        return undefined;
      }
    })();
    const title = mc ? (mc.title[tenant.defaultLanguage] ?? Object.values(mc.title)[0] ?? record.certificateNumber) : record.certificateNumber;
    const base = `/micro-credentials/${credentialPathSegment(record.id)}/renditions`;
    const claim = `?claim=${encodeURIComponent(claimToken)}`;
    const sealed = (await sealStatus(store, tenant.id, clock())).seal !== null;
    const downloads: DownloadLink[] = RENDITION_NAMES.filter((name) => name !== 'edc' || sealed).map((name) => ({
      href: `${base}/${name}${claim}`,
      title: RENDITIONS[name].title,
      note: name === 'edc' ? 'upload it to your Europass wallet' : name === 'ob3' ? 'for Open Badges wallets' : undefined,
    }));
    const props = { title, issuerName: tenant.name, backHref: `/wallet/${encodeURIComponent(claimToken)}`, downloads };
    if (record.status === 'revoked' || record.status === 'suspended') {
      const refusal = record.status === 'revoked'
        ? 'This credential was revoked (withdrawn) by its issuer: it cannot be added to a wallet.'
        : 'This credential is suspended: it can be added to a wallet again once the issuer reinstates it.';
      return c.html(walletAddPageHtml({ ...props, refusal, downloads: [] }), 200, headers);
    }
    const offer = await createOffer(tenant, record, CREDENTIAL_CONFIGURATION_IDS, true);
    const exchange = await createExchange(tenant, record);
    return c.html(
      walletAddPageHtml({
        ...props,
        oid4vci: { link: offer.link, qrSvg: await qrSvg(offer.link), txCode: offer.txCode as string, expiresAt: offer.expiresAt },
        lcw: { link: exchange.lcwDeepLink, qrSvg: await qrSvg(exchange.lcwDeepLink), expiresAt: exchange.expiresAt },
      }),
      200,
      headers,
    );
  });

  // ---- The tenant's e-seal ---------------------------------------------------------------------

  // GET /tenants/current/seal: the seal certificate (nothing secret) and any expiry warning.
  app.get('/tenants/current/seal', requireScope(services, 'issue', 'manage'), async (c) => {
    const status = await sealStatus(store, c.get('principal').tenant.id, clock());
    if (!status.seal) throw problems.notFound('This tenant has no e-seal: set one with PUT /tenants/current/seal.');
    return c.json(status);
  });

  // PUT /tenants/current/seal: the certificate chain and the key (PEM or PKCS#12), or an HTTP signing service.
  app.put('/tenants/current/seal', requireScope(services, 'manage'), bodyLimit({ maxSize: SMALL * 4, onError: () => { throw problems.payloadTooLarge(SMALL * 4); } }), async (c) => {
    const body = parseBody(sealBody, await readJson(c)) as SealInput;
    const { tenant, tokenId } = c.get('principal');
    try {
      const summary = await setTenantSeal(store, tenant, body, { now: clock(), actor: tokenId, allowCommand: false, allowLoopbackHttp: allowLoopback(), logger });
      return c.json(await sealStatus(store, tenant.id, clock()).then((s) => ({ ...s, seal: s.seal ?? summary })));
    } catch (error) {
      if (error instanceof SealConfigError) throw problems.validation([{ path: '', message: error.message }], error.message);
      throw error;
    }
  });

  return app;
}
