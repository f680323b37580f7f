import { randomUUID } from 'node:crypto';
import { readMicroCredential, type NormalizedMicroCredential } from '@microcred/model';
import { renderCertificatePng, renderCertificateSvg } from '@microcred/certificate';
import {
  bindToHolder,
  buildEuropassCredential,
  buildOpenBadgeCredential,
  checkEuropassCredential,
  renditionFileName,
  RENDITIONS,
  type CredentialConfigurationId,
  type RenditionName,
} from '@microcred/wallet-export';
import type { Services } from './context.ts';
import { linksFor, primaryCredentialOf } from './issuance.ts';
import { problems } from './problem.ts';
import { sealWarning, tenantSeal } from './seal.ts';
import { statusListKeyType } from './status-list-publisher.ts';
import { walletStore } from './storage/wallet.ts';
import type { CredentialRecord, KeyWithSecret, Tenant } from './storage/index.ts';
import { activeKey, controllerOf } from './tenants.ts';

/*
 * One achievement, several issuer-signed renditions, one set of status entries (ARCHITECTURE.md,
 * "Credential renditions"). The primary credential is issued as the request asked (di, ecdsa or
 * jwt); every other rendition is made from it on first request and kept, so each learner and each
 * download gets the very same signed file. Each carries the primary credential's status entries as
 * they are (the EDC excepted: its shapes allow none), so revoking the achievement revokes them all.
 * A did:key tenant's keys are DIDs of their own, each reading its own copy of a list (the same
 * bitstring, see status-list-publisher.ts): a rendition signed by another key than the primary's
 * points to that key's copy, at the same indexes.
 */

export interface RenditionFile {
  name: RenditionName;
  mediaType: string;
  fileName: string;
  body: string;
}

type Json = Record<string, unknown>;

export type RenditionServices = Pick<Services, 'store' | 'publicUrl' | 'clock' | 'signer' | 'logger' | 'statusLists'>;

/** Whether the credential's status still lets anything new be made of it. */
function refuseWithdrawn(record: CredentialRecord, what: string): void {
  if (record.status === 'revoked') throw problems.credentialRevoked(`Credential ${record.id} is revoked (withdrawn): no ${what} is made of it any more.`);
  if (record.status === 'suspended') {
    throw problems.invalidStatusTransition(`Credential ${record.id} is suspended: no ${what} is made of it until it is reinstated.`);
  }
}

/**
 * The key that signs as the primary credential's issuer: the active key of the type the primary
 * was signed with (ecdsa: P-256 or P-384; a did:key tenant's key types are different DIDs).
 */
async function keyOfIssuer(services: RenditionServices, tenant: Tenant, record: CredentialRecord): Promise<{ key: KeyWithSecret; format: 'di' | 'ecdsa' }> {
  const format = record.format === 'ecdsa' ? 'ecdsa' : 'di';
  const proof = typeof record.credential === 'object' && record.credential !== null ? (record.credential as Json).proof : undefined;
  const method = proof !== null && typeof proof === 'object' && !Array.isArray(proof) ? (proof as Json).verificationMethod : undefined;
  const signedWith = typeof method === 'string' ? (await services.store.keys.list(tenant.id)).find((key) => key.id === method)?.keyType : undefined;
  const keyType = format === 'ecdsa' && (signedWith === 'P-256' || signedWith === 'P-384') ? signedWith : undefined;
  return { key: await activeKey(services.store, tenant, format, keyType), format };
}

async function sign(services: RenditionServices, credential: Json, key: KeyWithSecret, format: 'di' | 'ecdsa' | 'jwt') {
  return services.signer.sign({ credential, keyFile: key.privateKey, format });
}

/**
 * The primary's status entries for a copy signed with `keyType`: the same lists and indexes, at the
 * URL of the list that key's DID signs (a did:key tenant's P-256 key reads /p-256, its Ed25519 key
 * the list's own URL; a did:web tenant's entries never change). Entries of another status service
 * are kept as they are.
 */
function statusEntriesFor(services: RenditionServices, tenant: Tenant, record: CredentialRecord, keyType: string): Json[] {
  const entries = [primaryCredentialOf(record).credentialStatus ?? []].flat() as Json[];
  return entries.map((entry) => {
    const named = typeof entry.statusListCredential === 'string' ? services.statusLists.parse(entry.statusListCredential) : undefined;
    if (!named) return entry;
    const url = services.statusLists.url(named.listId, statusListKeyType(tenant, keyType));
    if (url === entry.statusListCredential) return entry;
    const ownId = entry.id === `${String(entry.statusListCredential)}#${String(entry.statusListIndex)}`;
    return { ...entry, ...(ownId ? { id: `${url}#${String(entry.statusListIndex)}` } : {}), statusListCredential: url };
  });
}

/** The primary credential without its proof, as issued: what every rendition is made from. */
function unsignedPrimary(record: CredentialRecord): Json {
  const { proof: _proof, ...credential } = primaryCredentialOf(record);
  return credential;
}

function microCredentialOf(record: CredentialRecord): NormalizedMicroCredential {
  try {
    return readMicroCredential(primaryCredentialOf(record));
  } catch {
    throw problems.validation([{ path: '', message: `credential ${record.id} is not a micro-credential, so it has no renditions` }]);
  }
}

/** The Open Badges 3.0 rendition, unsigned, for the learner the primary names or for a wallet's DID, signed by `key`. */
function openBadgeOf(services: RenditionServices, record: CredentialRecord, tenant: Tenant, key: KeyWithSecret, id: string, holder?: string): Json {
  const mc = microCredentialOf(record);
  return buildOpenBadgeCredential(holder ? { ...mc, learner: { ...mc.learner, id: holder } } : mc, {
    id,
    issuer: { id: controllerOf(key), name: tenant.name },
    primaryCredentialId: record.id,
    credentialStatus: statusEntriesFor(services, tenant, record, key.keyType),
  });
}

async function buildRendition(services: RenditionServices, tenant: Tenant, record: CredentialRecord, name: RenditionName): Promise<{ id: string; body: string }> {
  const now = services.clock();
  switch (name) {
    case 'vc': {
      if (record.format !== 'jwt') return { id: record.id, body: JSON.stringify(record.credential) };
      // Issued as vc+jwt: the same credential, secured with Data Integrity by the same key.
      const key = await activeKey(services.store, tenant, 'di');
      return { id: record.id, body: JSON.stringify((await sign(services, unsignedPrimary(record), key, 'di')).credential) };
    }
    case 'vc-jwt': {
      if (record.format === 'jwt') return { id: record.id, body: record.credential as string };
      const { key } = await keyOfIssuer(services, tenant, record);
      const secured = await sign(services, unsignedPrimary(record), key, 'jwt');
      return { id: record.id, body: secured.jwt as string };
    }
    case 'ob3': {
      const key = await activeKey(services.store, tenant, 'di');
      const id = `urn:uuid:${randomUUID()}`;
      const badge = openBadgeOf(services, record, tenant, key, id);
      return { id, body: JSON.stringify((await sign(services, badge, key, 'di')).credential) };
    }
    case 'edc': {
      const seal = await tenantSeal(services.store, tenant.id);
      if (!seal) {
        throw problems.conflict(
          `${tenant.name} has no e-seal configured: the Europass rendition must be sealed with the issuer's X.509 e-seal (PUT /tenants/current/seal, or microcred seal set).`,
        );
      }
      const warning = sealWarning(seal.summary, now);
      if (warning) services.logger.warn(warning, { tenant: tenant.id });
      const mc = microCredentialOf(record);
      const share = await services.store.credentials.getShareToken(tenant.id, record.id);
      const verificationUrl = share ? linksFor(services.publicUrl, record.id, share).share : `${services.publicUrl}/register/${encodeURIComponent(record.certificateNumber)}`;
      // The one picture of the certificate (ARCHITECTURE.md): the same SVG the PDF is drawn from.
      const svg = renderCertificateSvg(mc, { language: tenant.defaultLanguage, verificationUrl, issuerName: tenant.name, status: 'active' });
      const id = `urn:uuid:${randomUUID()}`;
      const edc = buildEuropassCredential(mc, {
        id,
        issuer: { id: tenant.did ?? `urn:microcred:tenant:${tenant.id}`, name: tenant.name, eidasIdentifier: seal.summary.organizationIdentifier },
        primaryCredentialId: record.id,
        displayImagePng: renderCertificatePng(svg),
      });
      const issues = checkEuropassCredential(edc);
      if (issues.length > 0) {
        services.logger.error('the Europass rendition does not conform to the EDC shapes', { credential: record.id, issues });
        throw problems.validation(issues.map((i) => ({ path: i.path, message: i.message })), 'The Europass rendition of this credential does not conform to the EDC shapes.');
      }
      try {
        return { id, body: JSON.stringify(await seal.seal(edc, now)) };
      } catch (error) {
        services.logger.error('sealing the Europass rendition failed', { tenant: tenant.id, credential: record.id, message: (error as Error).message });
        throw problems.unavailable(`The Europass credential could not be sealed: ${(error as Error).message}`);
      }
    }
  }
}

/**
 * A rendition of a stored credential: from the store when it was made before, else made, signed
 * (or sealed) and stored now. The primary credential as issued is served as it is.
 */
export async function renditionOf(services: RenditionServices, tenant: Tenant, record: CredentialRecord, name: RenditionName): Promise<RenditionFile> {
  const kind = RENDITIONS[name];
  const file = (body: string): RenditionFile => ({ name, mediaType: kind.mediaType, fileName: renditionFileName(record.certificateNumber, name), body });
  const asIssued = (name === 'vc' && record.format !== 'jwt') || (name === 'vc-jwt' && record.format === 'jwt');
  if (asIssued) return file(name === 'vc' ? JSON.stringify(record.credential) : (record.credential as string));
  const wallet = walletStore(services.store);
  const stored = await wallet.renditions.get(tenant.id, record.id, name);
  if (stored) {
    // A Europass credential carries no status: once the achievement is withdrawn it is not handed out again.
    if (name === 'edc') refuseWithdrawn(record, 'Europass credential');
    return file(stored.body);
  }
  refuseWithdrawn(record, 'new rendition');
  const built = await buildRendition(services, tenant, record, name);
  const kept = await wallet.renditions.put(tenant.id, record.id, { id: built.id, name, mediaType: kind.mediaType, body: built.body }, services.clock());
  return file(kept.body);
}

/**
 * A credential bound to a wallet's DID (OID4VCI, VC-API exchange): the primary credential, or its
 * Open Badges 3.0 rendition, with the wallet's DID as `credentialSubject.id`, the primary's status
 * entries, signed eddsa-rdfc-2022 by the tenant's Ed25519 key. Kept in the renditions table.
 */
export async function issueToHolder(
  services: RenditionServices,
  tenant: Tenant,
  record: CredentialRecord,
  holder: string,
  configuration: CredentialConfigurationId,
  channel: 'oid4vci' | 'vc-api',
): Promise<Json> {
  refuseWithdrawn(record, 'credential');
  const key = await activeKey(services.store, tenant, 'di');
  const issuerDid = controllerOf(key);
  const id = `urn:uuid:${randomUUID()}`;
  let unsigned: Json;
  if (configuration === 'OpenBadgeCredential') {
    unsigned = openBadgeOf(services, record, tenant, key, id, holder);
  } else {
    unsigned = bindToHolder(unsignedPrimary(record), { id, holder });
    // An ecdsa primary of a did:key tenant names the P-256 key's DID and its list; this copy is signed by the Ed25519 key's.
    const issuer = unsigned.issuer;
    unsigned.issuer = typeof issuer === 'object' && issuer !== null ? { ...(issuer as Json), id: issuerDid } : issuerDid;
    if (unsigned.credentialStatus !== undefined) unsigned.credentialStatus = statusEntriesFor(services, tenant, record, key.keyType);
  }
  const signed = (await sign(services, unsigned, key, 'di')).credential;
  await walletStore(services.store).renditions.put(
    tenant.id,
    record.id,
    { id, name: configuration, mediaType: RENDITIONS.vc.mediaType, body: JSON.stringify(signed), holder, channel },
    services.clock(),
  );
  return signed;
}
