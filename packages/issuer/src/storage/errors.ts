/** Stable codes: the HTTP layer maps them to status codes, so never rename one. */
export type StorageErrorCode =
  | 'ERR_INVALID_INPUT'
  | 'ERR_NOT_FOUND'
  | 'ERR_CONFLICT'
  | 'ERR_CREDENTIAL_REVOKED'
  | 'ERR_INVALID_STATUS_TRANSITION'
  | 'ERR_RESERVATION_INVALID'
  | 'ERR_UNSUPPORTED_DATABASE_URL'
  | 'ERR_MIGRATION_FAILED'
  | 'ERR_RETRY_EXHAUSTED';

export class StorageError extends Error {
  readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
  }
}

function driverCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  const code = driverCode(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function isForeignKeyViolation(error: unknown): boolean {
  const code = driverCode(error);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/**
 * Failures that say nothing about the data, only about timing against another
 * writer: serialization failure and deadlock on PostgreSQL, a lock held past
 * busy_timeout on SQLite. Re-running the whole transaction is the fix.
 */
export function isTransient(error: unknown): boolean {
  const code = driverCode(error);
  return code === '40001' || code === '40P01' || (code?.startsWith('SQLITE_BUSY') ?? false);
}
