import { buildMicroCredential, CREDENTIALS_V2, vocabulary, type NormalizedMicroCredential } from '@microcred/model';
import { derivedUuid } from '../node-ids.ts';
import { WalletExportError, WalletExportErrorCodes } from '../errors.ts';
import {
  checkRenditionOptions,
  defined,
  isAbsoluteIri,
  issuedOf,
  renditionLanguage,
  textIn,
  type JsonObject,
  type RenditionOptions,
} from '../options.ts';
import { OPEN_BADGE_ELM_CONTEXT, OPEN_BADGES_V3_CONTEXT } from '@microcred/model';
import { hashedEmail, type IdentityObject } from './identity.ts';

export interface OpenBadgeOptions extends RenditionOptions {
  /** The achievement's id (the same for every learner awarded it, where the issuer has one). Default: derived from `id`. */
  achievementId?: string;
  /** The salt of the hashed e-mail address. Default: 16 random bytes. */
  emailSalt?: string;
}

/** Extensions of OB 3.0's AlignmentTargetType (an extensible enumeration: extensions start with "ext:"). */
export const ALIGNMENT_ESCO_SKILL = 'ext:ESCOSkill';
export const ALIGNMENT_EQF_LEVEL = 'ext:EQFLevel';

const ESCO = 'http://data.europa.eu/esco/';

/** The scheme name of the identifier that names the primary credential a rendition was made from. */
export const PRIMARY_CREDENTIAL_SCHEME = 'Primary credential';

function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function criteriaNarrative(mc: NormalizedMicroCredential, language: string): string {
  const outcomes = mc.learningOutcomes.map((o) => `- ${textIn(o.title, language)}`).join('\n');
  const assessment = mc.assessment.description ? `\n\n${textIn(mc.assessment.description, language)}` : '';
  return `${outcomes}${assessment}`;
}

/**
 * Builds the unsigned Open Badges 3.0 rendition (`OpenBadgeCredential`, achievementType `MicroCredential`) of an
 * issued micro-credential, for Learner Credential Wallet and other OB 3.0 wallets. OB fields carry what OB has a
 * field for; the other Annex I and ISO 17024 elements travel under ELM terms in the achievement, exactly as the
 * primary credential carries them (`readOpenBadge` reads them back). Sign it with `secureCredential`.
 */
export function buildOpenBadgeCredential(mc: NormalizedMicroCredential, options: OpenBadgeOptions): JsonObject {
  checkRenditionOptions(options);
  if (options.achievementId !== undefined && !isAbsoluteIri(options.achievementId)) {
    throw new WalletExportError(WalletExportErrorCodes.INVALID_OPTIONS, `options.achievementId must be an absolute IRI; got ${JSON.stringify(options.achievementId)}.`);
  }
  const issued = issuedOf(mc);
  const language = renditionLanguage(mc, options);
  const text = (map: Record<string, string>) => textIn(map, language);
  const issuerName = typeof options.issuer.name === 'string' ? options.issuer.name : text(options.issuer.name);

  // The ELM part is the primary credential's, built by the one function that builds it.
  const primary = buildMicroCredential(mc, {
    issuer: { id: options.issuer.id, name: issuerName },
    id: options.primaryCredentialId,
    defaultLanguage: language,
  }) as JsonObject & { issuer: JsonObject; credentialSubject: { hasClaim: Record<string, JsonObject> } };
  const claim = primary.credentialSubject.hasClaim;
  const { type: _specType, description: _specDescription, ...specification } = claim.specifiedBy as JsonObject;

  const achievementId = options.achievementId ?? `urn:uuid:${derivedUuid(options.id, 'achievement')}`;
  const gradeId = `urn:uuid:${derivedUuid(options.id, 'result-description/grade')}`;
  const level = mc.level;
  const eqf = level !== 'not-applicable' ? level.eqf : undefined;

  const alignment: JsonObject[] = mc.learningOutcomes.flatMap((outcome) =>
    asList(outcome.relatedSkill).map((skill) =>
      defined({
        type: ['Alignment'],
        targetType: skill.startsWith(ESCO) ? ALIGNMENT_ESCO_SKILL : undefined,
        targetName: text(outcome.title),
        targetFramework: skill.startsWith(ESCO) ? 'ESCO' : undefined,
        targetUrl: skill,
      }),
    ),
  );
  if (eqf !== undefined) {
    alignment.push({
      type: ['Alignment'],
      targetType: ALIGNMENT_EQF_LEVEL,
      targetName: `EQF level ${eqf}`,
      targetFramework: 'European Qualifications Framework',
      targetCode: String(eqf),
      targetUrl: vocabulary.EQF_LEVEL(eqf),
    });
  }

  const achievement = defined({
    id: achievementId,
    type: ['Achievement'],
    achievementType: 'MicroCredential',
    name: text(mc.title),
    // OB requires a description; the credential's own `description` is there only when the input has one.
    description: mc.description ? text(mc.description) : text(mc.title),
    criteria: { narrative: criteriaNarrative(mc, language) },
    creditsAvailable: mc.workload.ects,
    alignment: alignment.length > 0 ? alignment : undefined,
    inLanguage: language,
    resultDescription: mc.grade ? [{ id: gradeId, type: ['ResultDescription'], name: 'Grade', resultType: 'Result' }] : undefined,
    ...specification,
    'dc:description': mc.description,
    awardedBy: claim.awardedBy,
    provenBy: claim.provenBy,
  });

  const learner = mc.learner;
  const identifier: IdentityObject[] = [];
  if (learner.email) identifier.push(hashedEmail(learner.email, options.emailSalt));
  const displayName = learner.fullName ?? [learner.givenName, learner.familyName].filter(Boolean).join(' ');
  identifier.push({ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: displayName });
  if (learner.identifier) {
    identifier.push({ type: 'IdentityObject', identityType: 'identifier', hashed: false, identityHash: learner.identifier });
  }

  // The learner's names and date of birth as OB's Profile fields (OB 3.0 recommended practice: type
  // AchievementSubject + Profile); e-mail only hashed.
  const credentialSubject = defined({
    id: learner.id,
    type: ['AchievementSubject', 'Profile'],
    name: learner.fullName,
    givenName: learner.givenName,
    familyName: learner.familyName,
    dateOfBirth: learner.dateOfBirth,
    identifier,
    achievement,
    result: mc.grade ? [{ type: ['Result'], resultDescription: gradeId, value: text(mc.grade) }] : undefined,
  });

  return defined({
    '@context': [CREDENTIALS_V2, OPEN_BADGES_V3_CONTEXT, OPEN_BADGE_ELM_CONTEXT],
    id: options.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: defined({
      id: options.issuer.id,
      type: ['Profile'],
      name: issuerName,
      url: options.issuer.url,
      location: primary.issuer.location,
    }),
    validFrom: issued,
    validUntil: mc.validUntil,
    awardedDate: issued,
    name: text(mc.title),
    description: mc.description ? text(mc.description) : undefined,
    identifier: [
      primary.identifier,
      { type: 'Identifier', schemeName: PRIMARY_CREDENTIAL_SCHEME, notation: options.primaryCredentialId },
    ],
    replaces: primary.replaces,
    credentialSubject,
    credentialStatus: options.credentialStatus && options.credentialStatus.length > 0 ? options.credentialStatus : undefined,
  });
}
