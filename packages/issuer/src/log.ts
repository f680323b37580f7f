import { redactSecrets } from './security/redact.ts';

/** One JSON line per event on stderr: stdout belongs to the CLI's results. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const emit = (level: string, message: string, fields?: Record<string, unknown>) =>
    write(`${redactSecrets(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }))}\n`);
  return {
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
  };
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** What may be logged of an error: its name, code and message, never attached objects (which could hold key material). */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { error: error.name, ...(typeof code === 'string' ? { code } : {}), message: error.message, stack: error.stack };
  }
  return { error: String(error) };
}
