/** Stable codes, so that callers branch on `code`, never on message text. */
export const WalletExportErrorCodes = {
  /** An option is missing or malformed (the message names it). */
  INVALID_OPTIONS: 'ERR_WALLET_EXPORT_INVALID_OPTIONS',
  /** The micro-credential lacks something the rendition cannot do without (the message names it). */
  INCOMPLETE_MICRO_CREDENTIAL: 'ERR_WALLET_EXPORT_INCOMPLETE_MICRO_CREDENTIAL',
} as const;
export type WalletExportErrorCode = (typeof WalletExportErrorCodes)[keyof typeof WalletExportErrorCodes];

export class WalletExportError extends Error {
  readonly code: WalletExportErrorCode;
  constructor(code: WalletExportErrorCode, message: string) {
    super(message);
    this.name = 'WalletExportError';
    this.code = code;
  }
}
