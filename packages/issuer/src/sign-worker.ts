import { parentPort } from 'node:worker_threads';
import { concurrencyLimit, createKeyCache, signWith, type SignRequest, type WorkerFailure } from './signing.ts';

const keys = createKeyCache();
const limit = concurrencyLimit(1);

parentPort?.on('message', (message: { id: number; request: SignRequest }) => {
  limit(() => signWith(keys, message.request)).then(
    (result) => parentPort?.postMessage({ id: message.id, result }),
    (error: unknown) => {
      const failure: WorkerFailure = {
        name: error instanceof Error ? error.name : 'Error',
        message: error instanceof Error ? error.message : String(error),
      };
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === 'string') failure.code = code;
      parentPort?.postMessage({ id: message.id, error: failure });
    },
  );
});
