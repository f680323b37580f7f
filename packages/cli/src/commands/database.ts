import { openStore, readSettings, sqliteFile, type Settings, type Store } from '@microcred/issuer';
import { CliError } from '../exit-codes.ts';

/** The service's database, as the service itself would open it (DATABASE_URL, else MICROCRED_DATA_DIR/microcred.sqlite). */
export async function withStore<T>(run: (store: Store, settings: Settings) => Promise<T>): Promise<T> {
  let settings: Settings;
  try {
    settings = readSettings();
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const store = await openStore({
    ...(settings.databaseUrl ? { url: settings.databaseUrl } : { file: sqliteFile(settings) }),
    ...(settings.keyPassphrase ? { keyPassphrase: settings.keyPassphrase } : {}),
  });
  try {
    await store.migrate();
    return await run(store, settings);
  } finally {
    await store.close();
  }
}

/** The public URL the service will have: MICROCRED_PUBLIC_URL, else http://HOST:PORT. */
export function publicUrlOf(settings: Settings): string {
  return settings.publicUrl ?? `http://${settings.host}:${settings.port}`;
}
