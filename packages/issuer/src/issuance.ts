import { randomUUID } from 'node:crypto';
import {
  buildMicroCredential,
  validateMicroCredentialInput,
  type MicroCredentialInput,
} from '@microcred/model';
import { decodeJwtCredential } from '@microcred/securing';
import { buildStatusEntry } from '@microcred/status-list';
import { credentialPathSegment, type Services } from './context.ts';
import { problems, type FieldError } from './problem.ts';
import { newSecret } from './secrets.ts';
import { mergeWithSpecification, specificationIri, type SpecificationBody } from './specification.ts';
import {
  hashToken,
  type CredentialRecord,
  type NewCredentialRecord,
  type StatusReservation,
  type Store,
  type Tenant,
} from './storage/index.ts';
import { statusListKeyType } from './status-list-publisher.ts';
import { activeKey, controllerOf, type Format } from './tenants.ts';

/** One micro-credential, checked and ready to sign. */
export interface PreparedItem {
  input: MicroCredentialInput;
  format: Format;
  specification?: { id: string; version: number };
  /** A credential of this tenant that this one renews (it becomes superseded). */
  renews?: string;
}

export interface CredentialLinks {
  self: string;
  status: string;
  share: string;
  qr: string;
  /** The learner's link (shown once: only its hash is stored). */
  claim?: string;
}

export interface IssuedItem {
  id: string;
  certificateNumber: string;
  links: CredentialLinks;
}

export function linksFor(publicUrl: string, id: string, shareToken: string | undefined, claimToken?: string): CredentialLinks {
  const self = `${publicUrl}/micro-credentials/${credentialPathSegment(id)}`;
  return {
    self,
    status: `${self}/status`,
    share: shareToken ? `${publicUrl}/v/${shareToken}` : '',
    qr: `${self}/qr.svg`,
    ...(claimToken ? { claim: `${publicUrl}/wallet/${claimToken}` } : {}),
  };
}

/** The learner's display name, as stored for search and the register's name check. */
export function learnerNameOf(learner: MicroCredentialInput['learner']): string | null {
  if (learner.fullName) return learner.fullName;
  const parts = [learner.givenName, learner.familyName].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(' ') : null;
}

/** The JSON credential of a stored record: the record itself, or the credential a stored JWT holds (vc+jwt or VC 1.1). */
export function primaryCredentialOf(record: Pick<CredentialRecord, 'credential'>): Record<string, unknown> {
  const value = record.credential;
  if (typeof value === 'string') return decodeJwtCredential(value).credential;
  return value as Record<string, unknown>;
}

/**
 * Resolves what a request item needs before anything is issued: the
 * specification it names (merged under the item's own fields) and the local
 * credential it renews. Returns every problem of the item by path.
 */
export class ItemPreparer {
  private readonly specifications = new Map<string, Promise<{ id: string; version: number; body: SpecificationBody } | undefined>>();

  constructor(
    private readonly services: Pick<Services, 'store' | 'clock'>,
    private readonly tenant: Tenant,
  ) {}

  private specification(id: string, version: number | undefined) {
    const cacheKey = `${id}\u0000${version ?? 'latest'}`;
    let spec = this.specifications.get(cacheKey);
    if (!spec) {
      spec = this.services.store.specifications
        .get(this.tenant.id, id, version)
        .then((found) => found && { id: found.id, version: found.version, body: found.body as SpecificationBody });
      this.specifications.set(cacheKey, spec);
    }
    return spec;
  }

  async prepare(
    body: unknown,
    format: Format,
    defaults: { specification?: string } = {},
  ): Promise<{ ok: true; item: PreparedItem } | { ok: false; errors: FieldError[] }> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return { ok: false, errors: [{ path: '', message: 'must be a JSON object holding one micro-credential' }] };
    }
    const { specification: named, specificationVersion, ...fields } = body as Record<string, unknown>;
    const specificationId = named ?? defaults.specification;
    let input: unknown = fields;
    let specification: PreparedItem['specification'];
    if (specificationId !== undefined) {
      const errors: FieldError[] = [];
      if (typeof specificationId !== 'string' || specificationId === '') {
        errors.push({ path: 'specification', message: 'must be the id of one of your specifications' });
      }
      if (specificationVersion !== undefined && (!Number.isSafeInteger(specificationVersion) || (specificationVersion as number) < 1)) {
        errors.push({ path: 'specificationVersion', message: 'must be a version number (1, 2, …)' });
      }
      if (errors.length > 0) return { ok: false, errors };
      const spec = await this.specification(specificationId as string, specificationVersion as number | undefined);
      if (!spec) {
        return {
          ok: false,
          errors: [
            {
              path: specificationVersion === undefined ? 'specification' : 'specificationVersion',
              message: `no specification ${JSON.stringify(specificationId)}${specificationVersion === undefined ? '' : ` version ${String(specificationVersion)}`} among yours`,
            },
          ],
        };
      }
      specification = { id: spec.id, version: spec.version };
      input = mergeWithSpecification(spec.body, fields, this.services.clock());
    } else if (specificationVersion !== undefined) {
      return { ok: false, errors: [{ path: 'specificationVersion', message: 'needs specification' }] };
    }
    const checked = validateMicroCredentialInput(input);
    if (!checked.ok) return { ok: false, errors: checked.issues };
    const item: PreparedItem = { input: checked.value, format, ...(specification ? { specification } : {}) };
    const renews = checked.value.recertificationOf;
    if (renews !== undefined) {
      // An id this tenant never issued is taken as a credential from elsewhere
      // (an earlier system, another body): it is named in the credential
      // (`replaces`) but nothing here changes. A local one must be renewable.
      const local = await this.services.store.credentials.get(this.tenant.id, renews);
      if (local) {
        const refusal = renewalRefusal(local.status);
        if (refusal) return { ok: false, errors: [{ path: 'recertificationOf', message: refusal }] };
        item.renews = local.id;
      }
    }
    return { ok: true, item };
  }
}

/** Why a credential in this status cannot be renewed, or undefined when it can. */
export function renewalRefusal(status: CredentialRecord['status']): string | undefined {
  switch (status) {
    case 'revoked':
      return 'names a revoked credential; a withdrawn certification cannot be renewed';
    case 'suspended':
      return 'names a suspended credential; reinstate it before renewing it';
    case 'superseded':
      return 'names a credential that was already renewed; renew the newest one';
    default:
      return undefined;
  }
}

export interface IssueContext {
  tenant: Tenant;
  /** API token id, for the audit log. */
  actor: string | null;
  /** Items are recorded under this key as they are issued, so a re-send completes what is missing. */
  idempotencyKey?: string;
  /** Called after each stored chunk (a heartbeat for long batches). */
  onChunk?: (issuedSoFar: number) => Promise<void> | void;
  /** Return the signed credentials too (single issuance); a batch answers with links only. */
  keepSigned?: boolean;
}

export const CHUNK_SIZE = 500;

/**
 * Issues prepared items: per chunk, reserve status indexes (committed),
 * build and sign each credential outside any transaction, then store the
 * chunk with its status entries, share tokens, audit rows and (with an
 * Idempotency-Key) each item's result, in one transaction. Items already
 * recorded under the key are skipped, so a re-sent request finishes exactly
 * what an interruption left undone.
 *
 * Returns the result of every item, by index; with `keepCredentials`, also
 * the signed credentials of the items issued by this call.
 */
export async function issueItems(
  services: Pick<Services, 'store' | 'publicUrl' | 'clock' | 'signer' | 'statusLists'>,
  context: IssueContext,
  /** By index; `undefined` only for items already recorded under the Idempotency-Key. */
  items: readonly (PreparedItem | undefined)[],
): Promise<{ results: IssuedItem[]; signed: Map<number, unknown> }> {
  const { store, publicUrl } = services;
  const { tenant, idempotencyKey } = context;
  const results = new Array<IssuedItem | undefined>(items.length);
  if (idempotencyKey !== undefined) {
    for (const done of await store.idempotency.listItems(tenant.id, idempotencyKey)) {
      if (done.index < items.length) results[done.index] = done.result as IssuedItem;
    }
  }
  const pending: { item: PreparedItem; index: number }[] = [];
  for (const [index, item] of items.entries()) {
    if (results[index] !== undefined) continue;
    if (!item) throw new Error(`item ${index} was neither prepared nor issued`);
    pending.push({ item, index });
  }
  const signed = new Map<number, unknown>();
  if (pending.length === 0) return { results: results as IssuedItem[], signed };

  const formats = new Set(pending.map(({ item }) => item.format));
  const keys = new Map<Format, Awaited<ReturnType<typeof activeKey>>>();
  for (const format of formats) keys.set(format, await activeKey(store, tenant, format));
  const prefix = tenant.id.toUpperCase();

  const build = async (
    { item, index }: { item: PreparedItem; index: number },
    reservation: StatusReservation,
  ): Promise<NewCredentialRecord> => {
    const key = keys.get(item.format) as NonNullable<ReturnType<typeof keys.get>>;
    const now = services.clock();
    const id = `urn:uuid:${randomUUID()}`;
    const credential = buildMicroCredential(item.input, {
      issuer: { id: controllerOf(key), name: tenant.name },
      id,
      now,
      defaultLanguage: tenant.defaultLanguage,
      credentialStatus: [reservation.revocation, reservation.suspension].map((slot) => ({
        ...buildStatusEntry({
          // A did:key tenant's P-256 key is an issuer of its own: its credentials read the list it signs.
          statusListCredential: services.statusLists.url(slot.listId, statusListKeyType(tenant, key.keyType)),
          statusListIndex: slot.index,
          statusPurpose: slot.purpose,
        }),
      })),
      ...(item.specification ? { specification: specificationIri(publicUrl, item.specification.id, item.specification.version) } : {}),
      certificateNumberPrefix: prefix,
    });
    const certificateNumber = (credential.identifier as { notation: string }).notation;
    const secured = await services.signer.sign({ credential, keyFile: key.privateKey, format: item.format });
    const shareToken = newSecret();
    const claimToken = newSecret();
    const result: IssuedItem = { id, certificateNumber, links: linksFor(publicUrl, id, shareToken, claimToken) };
    results[index] = result;
    const issuedCredential = secured.jwt ?? secured.credential;
    if (context.keepSigned) signed.set(index, issuedCredential);
    return {
      id,
      certificateNumber,
      learnerId: item.input.learner.id ?? item.input.learner.email ?? item.input.learner.identifier ?? null,
      learnerName: learnerNameOf(item.input.learner),
      specificationId: item.specification?.id ?? null,
      specificationVersion: item.specification?.version ?? null,
      format: item.format,
      credential: issuedCredential,
      validFrom: (credential.validFrom as string | undefined) ?? null,
      validUntil: (credential.validUntil as string | undefined) ?? null,
      issuedAt: now,
      renews: item.renews ?? null,
      claimTokenHash: hashToken(claimToken),
      shareToken,
      idempotentItem: idempotencyKey === undefined ? null : { key: idempotencyKey, index, result },
    };
  };

  let issued = 0;
  for (let start = 0; start < pending.length; start += CHUNK_SIZE) {
    const chunk = pending.slice(start, start + CHUNK_SIZE);
    try {
      await store.issueCredentialRecords(tenant.id, chunk, { allocate: true, build, chunkSize: CHUNK_SIZE, actor: context.actor });
    } catch (error) {
      // Results of the failed chunk were never stored: forget them.
      for (const { index } of chunk) {
        results[index] = undefined;
        signed.delete(index);
      }
      throw error;
    }
    issued += chunk.length;
    await context.onChunk?.(issued);
  }
  return { results: results as IssuedItem[], signed };
}

/** Throws the 422 of a batch's validation: every item's errors, prefixed with its index. */
export function batchValidationProblem(errors: { index: number; errors: FieldError[] }[], total: number) {
  const flat = errors.flatMap(({ index, errors: list }) =>
    list.map((e) => ({ path: `[${index}]${e.path ? (e.path.startsWith('[') ? e.path : `.${e.path}`) : ''}`, message: e.message })),
  );
  return problems.validation(
    flat,
    `${errors.length} of ${total} item${total === 1 ? '' : 's'} ${errors.length === 1 ? 'is' : 'are'} not valid; nothing was issued.`,
  );
}

/**
 * The items of an idempotent request that are already issued, by index. A
 * re-sent request skips their checks as well as their issuance: its body is
 * the one that passed them (the key's fingerprint says so), and checking
 * again would now refuse it (its certificate numbers are taken, the
 * credentials it renews are superseded, by itself).
 */
export async function issuedUnderKey(
  store: Store,
  tenant: Tenant,
  key: string | undefined,
): Promise<Map<number, IssuedItem>> {
  const done = new Map<number, IssuedItem>();
  if (key === undefined) return done;
  for (const item of await store.idempotency.listItems(tenant.id, key)) done.set(item.index, item.result as IssuedItem);
  return done;
}

export type { Store };
