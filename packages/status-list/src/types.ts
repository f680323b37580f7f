export type StatusPurpose = 'revocation' | 'suspension' | 'message';

/** One element of `statusMessage`: `status` is a hex string such as "0x2". */
export interface StatusMessage {
  status: string;
  message: string;
  [extra: string]: unknown;
}

export interface BitstringStatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose;
  statusListIndex: string;
  statusListCredential: string;
  statusSize?: number;
  statusMessage?: StatusMessage[];
  /** URL(s) of what the status values mean (the spec strongly encourages one for the message purpose). */
  statusReference?: string | string[];
}

export interface BitstringStatusList {
  id: string;
  type: 'BitstringStatusList';
  statusPurpose: StatusPurpose;
  encodedList: string;
  ttl?: number;
  statusSize?: number;
  statusMessages?: StatusMessage[];
}

export interface BitstringStatusListCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: string | { id: string; [extra: string]: unknown };
  validFrom?: string;
  validUntil?: string;
  credentialSubject: BitstringStatusList;
}
