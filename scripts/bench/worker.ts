/**
 * One benchmark thread of the "all cores" figures: prepares its operation,
 * says ready, runs it one call after another for the given seconds once
 * told to go (all threads at once), and reports how many it did.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepare, type Operation } from './micro.ts';

const { operation, seconds, warmupSeconds } = workerData as { operation: Operation; seconds: number; warmupSeconds: number };
const runner = await prepare(operation);
const warmupEnd = performance.now() + warmupSeconds * 1000;
while (performance.now() < warmupEnd) await runner();
parentPort?.postMessage({ type: 'ready' });
parentPort?.once('message', async () => {
  let count = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    await runner();
    count++;
  }
  parentPort?.postMessage({ type: 'done', perSecond: count / ((performance.now() - start) / 1000) });
});
