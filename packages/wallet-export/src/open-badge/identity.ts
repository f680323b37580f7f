import { createHash, randomBytes } from 'node:crypto';

/** An OB 3.0 IdentityObject. */
export interface IdentityObject {
  type: 'IdentityObject';
  identityType: string;
  hashed: boolean;
  identityHash: string;
  salt?: string;
}

/** The OB 3.0 IdentityHash: `sha256$` and the hex SHA-256 of the UTF-8 identifier with the salt appended. */
export function identityHash(identifier: string, salt: string): string {
  return `sha256$${createHash('sha256').update(identifier + salt, 'utf8').digest('hex')}`;
}

/** The learner's e-mail address, salted and hashed: a verifier who knows the address can match it; no one can read it. */
export function hashedEmail(email: string, salt: string = randomBytes(16).toString('hex')): IdentityObject {
  return { type: 'IdentityObject', identityType: 'emailAddress', hashed: true, identityHash: identityHash(email, salt), salt };
}

/** Whether an IdentityObject names this identifier (OB 3.0, "Verify the Recipient Using an Identifier"). */
export function identityMatches(identity: IdentityObject, identityType: string, identifier: string): boolean {
  if (identity.identityType !== identityType) return false;
  return identity.hashed ? identity.identityHash === identityHash(identifier, identity.salt ?? '') : identity.identityHash === identifier;
}
