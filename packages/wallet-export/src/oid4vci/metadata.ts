import { CREDENTIALS_V2 } from '@microcred/model';
import { OPEN_BADGES_V3_CONTEXT } from '@microcred/model';

/** The pre-authorized code grant (OID4VCI 1.0 §4.1.1). */
export const PRE_AUTHORIZED_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
/** The `typ` of a key proof JWT (OID4VCI 1.0 Appendix F.1). */
export const PROOF_JWT_TYPE = 'openid4vci-proof+jwt';
/** The algorithms a wallet may sign its key proof with: what did:key and did:jwk keys of these types use. */
export const PROOF_SIGNING_ALGORITHMS = ['EdDSA', 'ES256', 'ES384'] as const;

/** What this issuer offers: the primary credential and its Open Badges 3.0 rendition, both as `ldp_vc` bound to the wallet's DID. */
export const CREDENTIAL_CONFIGURATIONS = {
  MicroCredential: {
    type: ['VerifiableCredential', 'MicroCredential'],
    context: [CREDENTIALS_V2],
    name: 'EU micro-credential',
    description: 'The micro-credential as issued (W3C VC 2.0, European Learning Model terms), signed with eddsa-rdfc-2022.',
  },
  OpenBadgeCredential: {
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    context: [CREDENTIALS_V2, OPEN_BADGES_V3_CONTEXT],
    name: 'Open Badge 3.0',
    description: 'The micro-credential as an Open Badges 3.0 badge (achievement type MicroCredential), signed with eddsa-rdfc-2022.',
  },
} as const;

export type CredentialConfigurationId = keyof typeof CREDENTIAL_CONFIGURATIONS;
export const CREDENTIAL_CONFIGURATION_IDS = Object.keys(CREDENTIAL_CONFIGURATIONS) as CredentialConfigurationId[];

export function isCredentialConfigurationId(value: unknown): value is CredentialConfigurationId {
  return typeof value === 'string' && Object.hasOwn(CREDENTIAL_CONFIGURATIONS, value);
}

/** The endpoints of this issuer under its credential issuer identifier (the service's public URL). */
export function oid4vciEndpoints(credentialIssuer: string) {
  return {
    token: `${credentialIssuer}/oid4vci/token`,
    nonce: `${credentialIssuer}/oid4vci/nonce`,
    credential: `${credentialIssuer}/oid4vci/credential`,
    offer: (offerId: string) => `${credentialIssuer}/oid4vci/offers/${offerId}`,
  };
}

/**
 * Credential issuer metadata (OID4VCI 1.0 §12.2), served at `/.well-known/openid-credential-issuer`.
 * The display texts of each configuration sit under `credential_metadata`, as 1.0 has them (draft
 * clients read that as "version 1.0"). No `authorization_servers`: the issuer is its own authorization
 * server, and only the pre-authorized code flow is offered.
 */
export function credentialIssuerMetadata(options: { credentialIssuer: string; name?: string; language?: string }) {
  const endpoints = oid4vciEndpoints(options.credentialIssuer);
  const locale = options.language ?? 'en';
  const configurations = Object.fromEntries(
    CREDENTIAL_CONFIGURATION_IDS.map((id) => {
      const configuration = CREDENTIAL_CONFIGURATIONS[id];
      return [
        id,
        {
          format: 'ldp_vc',
          scope: id,
          cryptographic_binding_methods_supported: ['did:key', 'did:jwk'],
          credential_signing_alg_values_supported: ['eddsa-rdfc-2022'],
          proof_types_supported: { jwt: { proof_signing_alg_values_supported: [...PROOF_SIGNING_ALGORITHMS] } },
          credential_definition: { '@context': [...configuration.context], type: [...configuration.type] },
          credential_metadata: { display: [{ name: configuration.name, description: configuration.description, locale }] },
        },
      ];
    }),
  );
  return {
    credential_issuer: options.credentialIssuer,
    credential_endpoint: endpoints.credential,
    nonce_endpoint: endpoints.nonce,
    display: [{ name: options.name ?? 'microcred issuer', locale }],
    credential_configurations_supported: configurations,
  };
}

/** OAuth 2.0 authorization server metadata (RFC 8414), served at `/.well-known/oauth-authorization-server`. */
export function authorizationServerMetadata(options: { issuer: string }) {
  return {
    issuer: options.issuer,
    token_endpoint: oid4vciEndpoints(options.issuer).token,
    grant_types_supported: [PRE_AUTHORIZED_CODE_GRANT],
    token_endpoint_auth_methods_supported: ['none'],
    response_types_supported: [],
    // OID4VCI 1.0 §12.3: a wallet need not identify itself to redeem a pre-authorized code.
    'pre-authorized_grant_anonymous_access_supported': true,
  };
}

export interface TxCodeDescription {
  length: number;
  description: string;
}

/** A credential offer (OID4VCI 1.0 §4.1.1) with the pre-authorized code grant. */
export function credentialOffer(options: {
  credentialIssuer: string;
  configurationIds: readonly CredentialConfigurationId[];
  preAuthorizedCode: string;
  txCode?: TxCodeDescription;
}) {
  return {
    credential_issuer: options.credentialIssuer,
    credential_configuration_ids: [...options.configurationIds],
    grants: {
      [PRE_AUTHORIZED_CODE_GRANT]: {
        'pre-authorized_code': options.preAuthorizedCode,
        ...(options.txCode ? { tx_code: { input_mode: 'numeric', length: options.txCode.length, description: options.txCode.description } } : {}),
      },
    },
  };
}

/** What the QR code holds: the offer by reference (OID4VCI 1.0 §4.1.3), short enough for a phone camera. */
export function credentialOfferLink(credentialOfferUri: string): string {
  return `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(credentialOfferUri)}`;
}
