import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { generateCertificateNumber } from '@microcred/model';
import { decodeJwtCredential, isSecuringError, withJwtProof, type JsonObject, type KeyType } from '@microcred/securing';
import { checkCredentialDataModel } from '@microcred/verifier';
import { buildStatusEntry } from '@microcred/status-list';
import { requireScope } from '../auth.ts';
import { credentialIdFrom, readJson, zodErrors, type AppEnv, type Services } from '../context.ts';
import { idempotency } from '../idempotency.ts';
import { issuedUnderKey } from '../issuance.ts';
import { Problem, problems, type FieldError } from '../problem.ts';
import { newSecret } from '../secrets.ts';
import { messageChangeResponse, messageStatusEntry, parseStatusValue, readStatusRequests } from '../status-messages.ts';
import { StorageError, type NewCredentialRecord, type StatusChange, type StatusSlot } from '../storage/index.ts';
import { statusListKeyType } from '../status-list-publisher.ts';
import { activeKey, controllerOf, FORMAT_ERROR, FORMATS, KEY_TYPES, keyTypeMismatch, type Format } from '../tenants.ts';
import { changeStatus, SMALL_BODY_LIMIT } from './micro-credentials.ts';

/*
 * The W3C CCG VC-API issuer endpoints (https://w3c-ccg.github.io/vc-api/),
 * for clients that speak VC-API rather than micro-credential input. As that
 * specification says, a request it cannot process is a 400.
 */

const issueRequest = z.object({
  credential: z.looseObject({
    '@context': z.union([z.string(), z.array(z.unknown()).min(1)], { error: 'is required (the VC 2.0 context first)' }),
    id: z.string().min(1).optional(),
    type: z.union([z.string(), z.array(z.string())], { error: 'is required (including "VerifiableCredential")' }),
    // VC-API (IssueCredentialRequest) and the data model both require the issuer: the caller names who it issues as.
    issuer: z.union([z.string(), z.looseObject({ id: z.string() })], { error: 'is required: this issuer\'s DID (a string, or an object with that id)' }),
    credentialSubject: z.custom<object>((v) => v !== null && typeof v === 'object', { error: 'is required: an object, or a list of objects' }),
  }, { error: 'is required: the unsigned credential' }),
  options: z
    .looseObject({
      credentialId: z.string().min(1).optional(),
      // One entry request or a list of them, read by readStatusRequests (which names the element and field at fault).
      credentialStatus: z.unknown().optional(),
      format: z.enum(FORMATS as [Format, ...Format[]], { error: FORMAT_ERROR }).optional(),
      keyType: z.enum(KEY_TYPES as [KeyType, ...KeyType[]], { error: `must be ${KEY_TYPES.join(', ')}` }).optional(),
    })
    .optional(),
});

const statusValue = z.enum(['revoked', 'suspended', 'active', 'reinstated'], { error: 'must be revoked, suspended or active' });
const updateRequest = z.union([
  // A status message: the value to set, in hexadecimal ("0x2"), as the credential's statusMessage lists it.
  z.object({
    credentialId: z.string().min(1),
    credentialStatus: z.array(z.object({ type: z.literal('BitstringStatusListEntry'), statusPurpose: z.literal('message'), status: z.string() })).length(1),
    reason: z.string().max(2000).optional(),
  }),
  // The current shape: a list of entries, each saying the status it should read.
  z.object({
    credentialId: z.string().min(1),
    credentialStatus: z.array(z.object({ type: z.literal('BitstringStatusListEntry'), status: statusValue, statusPurpose: z.string().optional() })).min(1),
    reason: z.string().max(2000).optional(),
  }),
  // The earlier shape: one entry (by purpose) and a boolean.
  z.object({
    credentialId: z.string().min(1),
    credentialStatus: z.object({ type: z.string(), statusPurpose: z.enum(['revocation', 'suspension']) }),
    status: z.boolean(),
    reason: z.string().max(2000).optional(),
  }),
]);

function badRequest(errors: FieldError[], detail?: string): Problem {
  return new Problem(400, 'validation', 'The request is not valid: correct the fields listed in errors', detail ?? errors.map((e) => `${e.path} ${e.message}`).join('; '), { errors });
}

/**
 * VC-API answers a vc+jwt as an EnvelopedVerifiableCredential (VC Data Model 2.0, §4.13). VC 1.1 has no
 * envelope: a VC 1.1 JWT (§6.3.1) is answered as VC 1.1 clients show one, the credential it decodes to
 * with the JWT as a JwtProof2020 proof (the JWT is in proof.jwt).
 */
function presentable(credential: unknown): unknown {
  if (typeof credential !== 'string') return credential;
  if (decodeJwtCredential(credential).encoding === 'vc-jwt-1.1') return withJwtProof(credential);
  return { '@context': 'https://www.w3.org/ns/credentials/v2', id: `data:application/vc+jwt,${credential}`, type: 'EnvelopedVerifiableCredential' };
}

export function vcApiRoutes(services: Services): Hono<AppEnv> {
  const { store } = services;
  const app = new Hono<AppEnv>();
  const idempotent = idempotency(services);
  const small = bodyLimit({ maxSize: SMALL_BODY_LIMIT, onError: () => { throw problems.payloadTooLarge(SMALL_BODY_LIMIT); } });

  // POST /credentials/issue {credential, options}: 201 {verifiableCredential}; eddsa-rdfc-2022 unless options.format says otherwise.
  app.post('/issue', requireScope(services, 'issue'), small, idempotent, async (c) => {
    const parsed = issueRequest.safeParse(await readJson(c));
    if (!parsed.success) throw badRequest(zodErrors(parsed.error));
    const { credential: given, options = {} } = parsed.data;
    const { tenant, tokenId } = c.get('principal');
    const idempotencyKey = c.get('idempotencyKey');
    // Issued under this key before the response got out: answer with the stored credential.
    const done = (await issuedUnderKey(store, tenant, idempotencyKey)).get(0);
    if (done) {
      const record = await store.credentials.get(tenant.id, done.id);
      if (record) return c.json({ verifiableCredential: presentable(record.credential) }, 201);
    }
    const format = (c.req.query('format') as Format | undefined) ?? options.format ?? 'di';
    if (!FORMATS.includes(format)) throw badRequest([{ path: 'format', message: FORMAT_ERROR }]);
    // The key type, like the format, comes from the query or from options (ecdsa: P-256 unless P-384 is asked for).
    const queryKeyType = c.req.query('keyType');
    const keyType = (queryKeyType ?? options.keyType) as KeyType | undefined;
    const keyTypePath = queryKeyType === undefined ? 'options.keyType' : 'keyType';
    if (keyType !== undefined) {
      if (!KEY_TYPES.includes(keyType)) throw badRequest([{ path: keyTypePath, message: `must be ${KEY_TYPES.join(', ')}` }]);
      const mismatch = keyTypeMismatch(format, keyType);
      if (mismatch) throw badRequest([{ path: keyTypePath, message: mismatch }]);
    }
    const key = await activeKey(store, tenant, format, keyType);
    const issuerId = controllerOf(key);
    const issuer = given.issuer;
    const named = typeof issuer === 'string' ? issuer : issuer?.id;
    if (named !== issuerId) {
      throw badRequest([{ path: 'credential.issuer', message: `must be this issuer's DID ${issuerId}` }]);
    }
    const id = given.id ?? options.credentialId ?? `urn:uuid:${randomUUID()}`;
    const credential: JsonObject = {
      ...given,
      id,
      issuer: typeof issuer === 'string' ? issuerId : { ...issuer, id: issuerId },
    };
    // A credential any verifier would refuse is refused here, before it is signed and stored.
    const malformed = checkCredentialDataModel(credential);
    if (malformed.length > 0) throw badRequest(malformed.map((issue) => ({ path: issue.path ? `credential.${issue.path}` : 'credential', message: issue.message })));
    const { purposes, message, errors: statusErrors } = readStatusRequests(options.credentialStatus);
    if (statusErrors.length > 0) throw badRequest(statusErrors);
    const subject = [given.credentialSubject].flat()[0] as Record<string, unknown> | undefined;
    const learnerName = [subject?.name, subject?.fullName, [subject?.givenName, subject?.familyName].filter(Boolean).join(' ')]
      .find((v) => typeof v === 'string' && v !== '') as string | undefined;
    const dates = {
      validFrom: (given.validFrom ?? given.issuanceDate) as string | undefined,
      validUntil: (given.validUntil ?? given.expirationDate) as string | undefined,
    };
    for (const [field, value] of Object.entries(dates)) {
      if (value !== undefined && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) {
        throw badRequest([{ path: `credential.${field}`, message: 'must be an XML Schema date-time' }]);
      }
    }
    let verifiableCredential: unknown;

    // The list signed by the credential's issuer: a did:key tenant's P-256 and P-384 keys are DIDs of their own.
    const listUrl = (listId: string) => services.statusLists.url(listId, statusListKeyType(tenant, key.keyType));
    const build = async (slots: StatusSlot[]): Promise<NewCredentialRecord> => {
      const used = slots.filter((slot) => purposes.includes(slot.purpose));
      // Status entries the client wrote itself (a status service of its own) are kept; ours are added after them.
      const own = [credential.credentialStatus ?? []].flat() as JsonObject[];
      const unsigned: JsonObject = used.length
        ? {
            ...credential,
            credentialStatus: [
              ...own,
              ...used.map((slot) =>
                slot.purpose === 'message' && message
                  ? messageStatusEntry(listUrl(slot.listId), slot.index, message)
                  : buildStatusEntry({ statusListCredential: listUrl(slot.listId), statusListIndex: slot.index, statusPurpose: slot.purpose }),
              ),
            ],
          }
        : credential;
      let signed;
      try {
        signed = await services.signer.sign({ credential: unsigned, keyFile: key.privateKey, format });
      } catch (error) {
        // The client's credential (its contexts, its shape) is what could not be secured.
        if (isSecuringError(error)) throw badRequest([{ path: 'credential', message: error.message }], error.message);
        throw error;
      }
      verifiableCredential = presentable(signed.jwt ?? signed.credential);
      return {
        id,
        certificateNumber: generateCertificateNumber({ prefix: tenant.id.toUpperCase() }),
        learnerId: typeof subject?.id === 'string' ? subject.id : null,
        learnerName: learnerName ?? null,
        format,
        credential: signed.jwt ?? signed.credential,
        validFrom: dates.validFrom ?? null,
        validUntil: dates.validUntil ?? null,
        issuedAt: services.clock(),
        shareToken: newSecret(),
        statusEntries: used,
        idempotentItem: idempotencyKey === undefined ? null : { key: idempotencyKey, index: 0, result: { id } },
      };
    };

    if (purposes.length > 0) {
      // Signed once first with stand-in entries: a credential that cannot be secured (unknown context, undefined
      // term) is refused before it spends status indexes, which are never handed out again once reserved.
      await build(purposes.map((purpose) => ({ purpose, listId: 'not-reserved', index: 0 })));
      await store.issueCredentialRecords(tenant.id, [null], {
        allocate: true,
        actor: tokenId,
        ...(message ? { message } : {}),
        build: (_input, reservation) => build([reservation.revocation, reservation.suspension, ...(reservation.message ? [reservation.message] : [])]),
      });
    } else {
      await store.insertIssuedCredentials(tenant.id, [await build([])], { actor: tokenId });
    }
    return c.json({ verifiableCredential }, 201);
  });

  // POST /credentials/status {credentialId, credentialStatus: [{type, status}]}: revoke, suspend or reinstate.
  app.post('/status', requireScope(services, 'manage'), small, idempotent, async (c) => {
    const parsed = updateRequest.safeParse(await readJson(c));
    if (!parsed.success) throw badRequest(zodErrors(parsed.error));
    const request = parsed.data;
    const { tenant } = c.get('principal');
    if (!('status' in request) && request.credentialStatus[0]?.statusPurpose === 'message') {
      const wanted = request.credentialStatus[0].status;
      const value = parseStatusValue(wanted);
      if (value === undefined) throw badRequest([{ path: 'credentialStatus[0].status', message: 'must be the value in hexadecimal, as the credential\'s statusMessage lists it (e.g. "0x2")' }]);
      const result = await store
        .setStatusMessage(tenant.id, credentialIdFrom(request.credentialId), value, {
          actor: c.get('principal').tokenId,
          reason: request.reason ?? 'status message set through the VC-API',
        })
        .catch((error: unknown) => {
          // A value the credential's entry cannot hold is a request VC-API answers with 400.
          if (error instanceof StorageError && error.code === 'ERR_INVALID_INPUT') throw badRequest([{ path: 'credentialStatus[0].status', message: error.message }]);
          throw error;
        });
      return c.json(messageChangeResponse(result));
    }
    let target: StatusChange;
    if ('status' in request) {
      const { statusPurpose } = request.credentialStatus;
      if (statusPurpose === 'revocation' && !request.status) {
        throw problems.credentialRevoked('A revocation cannot be undone; only a suspension can be lifted.');
      }
      target = statusPurpose === 'revocation' ? 'revoked' : request.status ? 'suspended' : 'active';
    } else {
      if (request.credentialStatus.some((s) => s.statusPurpose === 'message')) {
        throw badRequest([{ path: 'credentialStatus', message: 'sets a status message together with another status: send the message in a request of its own' }]);
      }
      const wanted = new Set(request.credentialStatus.map((s) => (s.status === 'reinstated' ? 'active' : s.status)));
      if (wanted.size !== 1) throw badRequest([{ path: 'credentialStatus', message: 'must ask for one status' }]);
      target = [...wanted][0] as StatusChange;
    }
    const id = credentialIdFrom(request.credentialId);
    const record = await store.credentials.get(tenant.id, id);
    if (!record) throw problems.notFound(`No credential ${id} among yours.`);
    const result = await changeStatus(services, c.get('principal'), record, target, request.reason ?? 'status update through the VC-API');
    return c.json({ credentialId: result.id, status: result.status, previousStatus: result.previousStatus, changed: result.changed });
  });

  return app;
}
