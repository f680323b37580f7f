/** ARCHITECTURE.md "Conventions": 0 success or valid, 1 invalid or refused input, 2 indeterminate, 64 usage error. */
export const EXIT = { ok: 0, invalid: 1, indeterminate: 2, usage: 64 } as const;

/** A failure the user can act on: printed in words, no stack trace, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.invalid,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
