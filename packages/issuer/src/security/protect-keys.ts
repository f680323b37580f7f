import type { Logger } from '../log.ts';
import type { Store } from '../storage/index.ts';

/**
 * At start-up: refuse to run with encrypted keys and no (or the wrong)
 * passphrase, rather than fail at the first issuance; with a passphrase,
 * encrypt the keys a database still holds in plain text.
 */
export async function protectKeys(store: Store, logger: Logger): Promise<void> {
  await store.keys.checkPassphrase();
  const sealed = await store.keys.sealPlaintext();
  if (sealed > 0) logger.info('encrypted the private keys stored in plain text', { keys: sealed });
}
