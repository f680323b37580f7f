import { readMicroCredential, type NormalizedMicroCredential } from '@microcred/model';
import type { JsonObject } from '../options.ts';

const obj = (value: unknown): JsonObject | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * Reads an Open Badges rendition (signed or not) back into the micro-credential. The ELM part is read by the
 * primary credential's reader; from OB fields come the learner (names, date of birth, identifier). The
 * learner's e-mail address does not come back: the badge holds only its salted hash (check it with
 * `identityMatches`). A badge of another issuer without the ELM description gives OB's, in its language.
 */
export function readOpenBadge(badge: JsonObject): NormalizedMicroCredential {
  const subject = obj(list(badge.credentialSubject)[0]) ?? {};
  const achievement = obj(subject.achievement) ?? {};
  const language = str(achievement.inLanguage) ?? 'und';
  const identities = list(subject.identifier).map(obj).filter((i): i is JsonObject => i !== undefined);
  const learnerIdentifier = identities.find((i) => i.identityType === 'identifier' && i.hashed === false);

  const asPrimary: JsonObject = {
    issuer: badge.issuer,
    validFrom: badge.validFrom,
    validUntil: badge.validUntil,
    identifier: badge.identifier,
    replaces: badge.replaces,
    credentialSubject: {
      id: subject.id,
      givenName: subject.givenName,
      familyName: subject.familyName,
      fullName: subject.name,
      dateOfBirth: subject.dateOfBirth,
      identifier: learnerIdentifier ? { notation: learnerIdentifier.identityHash } : undefined,
      hasClaim: {
        title: achievement.title,
        specifiedBy: { ...achievement, description: achievement['dc:description'] },
        awardedBy: achievement.awardedBy,
        provenBy: achievement.provenBy,
      },
    },
  };
  const read = readMicroCredential(asPrimary);
  const description = str(badge.description);
  if (read.description === undefined && description !== undefined) read.description = { [language]: description };
  return read;
}
