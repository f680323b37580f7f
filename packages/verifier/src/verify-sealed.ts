import { verifyJades } from '@microcred/securing';
import { labelOf, sortChecks, verdictOf, type Check, type VerificationReport } from './report.ts';
import { checkValidity, headline, type Json } from './verify.ts';
import type { VerifyOptions } from './verify.ts';

/** A JAdES seal in JWS JSON serialization: what Europass credentials are wrapped in. */
export function isJadesSeal(value: Json): boolean {
  return typeof value.payload === 'string' && (Array.isArray(value.signatures) || typeof value.signature === 'string');
}

function find(value: unknown, test: (key: string, v: unknown) => boolean, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) value.forEach((v) => find(v, test, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (test(k, v)) out.push(v);
      find(v, test, out);
    }
  }
  return out;
}

/** The legal identifiers an EDC gives its issuer (eIDAS identifier first), to compare with the seal. */
function issuerIdentifiers(credential: Json): string[] {
  const issuer = credential.issuer as Json | undefined;
  if (!issuer || typeof issuer !== 'object') return [];
  return find(issuer, (k) => k === 'notation').filter((v): v is string => typeof v === 'string');
}

/**
 * eIDAS organisation identifiers carry a scheme and country prefix (`VATES-A00000000`, `NTREE-17207834`);
 * credentials give the identifier with or without it.
 */
function identifierMatches(certificateIdentifier: string, claimed: string[]): boolean {
  const bare = /^[A-Z]{3}[A-Z]{2}-(.+)$/.exec(certificateIdentifier)?.[1];
  return claimed.some((id) => id === certificateIdentifier || (bare !== undefined && id === bare));
}

function firstText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const map = value as Record<string, unknown>;
    const text = map.en ?? Object.values(map)[0];
    return Array.isArray(text) ? String(text[0]) : typeof text === 'string' ? text : undefined;
  }
  return undefined;
}

/**
 * A Europass Digital Credential sealed with JAdES: the seal checked against its certificate (x5c,
 * x5t#S256, signing time), the certificate against the configured X.509 trust anchors, the issuer
 * the credential names against the organisation in the certificate. EDCs carry no status entry: their
 * status is confirmed at the issuer's public register.
 */
export async function verifySealedCredential(seal: Json, options: VerifyOptions): Promise<VerificationReport> {
  const now = options.now ?? new Date();
  const result = await verifyJades(seal, { trustAnchors: options.trust?.x509TrustAnchors ?? [], now });
  const credential = result.credential as Json | undefined;
  const checks: Check[] = [];
  const codes = new Set(result.errors.map((e) => e.code));
  const messages = result.errors.map((e) => e.message).join(' ');
  if (!credential || codes.has('ERR_JADES_MALFORMED') || codes.has('ERR_JADES_PAYLOAD_INVALID')) {
    checks.push({ check: 'format', status: 'fail', reason: `This is not a readable sealed credential: ${messages}` });
    return finish(checks, now);
  }
  checks.push({ check: 'format', status: 'pass', reason: `A Europass Digital Credential sealed with JAdES (${result.algorithm ?? 'unknown algorithm'}).` });
  const cert = result.certificate;
  const sealer = cert ? `${cert.organization ?? cert.commonName ?? cert.subject}${cert.organizationIdentifier ? ` (${cert.organizationIdentifier})` : ''}` : 'an unknown organisation';
  if (result.verified) {
    checks.push({ check: 'proof', status: 'pass', reason: `The seal is genuine: nothing has changed since ${sealer} sealed it${result.signingTime ? ` on ${result.signingTime}` : ''}.` });
  } else {
    checks.push({ check: 'proof', status: 'fail', reason: `The seal does not hold: ${messages}` });
  }
  const claimed = issuerIdentifiers(credential);
  if (!result.verified) checks.push({ check: 'issuer', status: 'fail', reason: 'It could not be confirmed who sealed it.' });
  else if (!cert?.organizationIdentifier) checks.push({ check: 'issuer', status: 'warn', reason: `The seal certificate of ${sealer} carries no organisation identifier to compare with the issuer the credential names.` });
  else if (identifierMatches(cert.organizationIdentifier, claimed)) checks.push({ check: 'issuer', status: 'pass', reason: `Sealed by ${sealer}, the issuer the credential names.` });
  else checks.push({ check: 'issuer', status: 'fail', reason: `Sealed by ${sealer}, but the credential names an issuer with other identifiers (${claimed.join(', ') || 'none'}).` });
  checks.push(checkValidity(credential, now));
  const register = find(credential, (k, v) => k === 'contentURL' && typeof v === 'string' && /register/i.test(v))[0] as string | undefined;
  const statusReason = `A Europass credential carries no status entry${register ? `: confirm its status at the issuer's public register, ${register}` : '; confirm its status with the issuer'}.`;
  checks.push({ check: 'revocation', status: 'not-applicable', reason: statusReason });
  checks.push({ check: 'suspension', status: 'not-applicable', reason: statusReason });
  checks.push(
    result.chain.trusted
      ? { check: 'trust', status: 'pass', reason: `The seal certificate chains to your trust anchor ${result.chain.anchor}.` }
      : { check: 'trust', status: 'warn', reason: `Genuine seal, but ${result.chain.reason}.` },
  );
  for (const warning of result.warnings) checks.push({ check: 'proof', status: 'warn', reason: warning });
  const subject = credential.credentialSubject as Json | undefined;
  const claim = (Array.isArray(subject?.hasClaim) ? subject?.hasClaim[0] : subject?.hasClaim) as Json | undefined;
  const title = firstText(claim?.title);
  return finish(checks, now, {
    format: 'jades',
    issuer: cert?.subject,
    credentialId: typeof credential.id === 'string' ? credential.id : undefined,
    summary: title
      ? {
          title: { en: title },
          learner: firstText(subject?.fullName) ?? ([firstText(subject?.givenName), firstText(subject?.familyName)].filter(Boolean).join(' ') || undefined),
          awardingBodies: [],
          issuerCountries: [],
          learningOutcomes: [],
          issued: typeof credential.validFrom === 'string' ? credential.validFrom : undefined,
        }
      : undefined,
  });
}

function finish(checks: Check[], now: Date, extra: Partial<VerificationReport> = {}): VerificationReport {
  const sorted = sortChecks(checks);
  const label = labelOf(sorted);
  return { verdict: verdictOf(sorted), label, headline: headline(label, sorted), checks: sorted, checkedAt: now.toISOString(), ...extra };
}
