/**
 * The load generator of the benchmark, in a process of its own (forked by
 * scripts/bench.ts) so that the benchmark's own heap and timers cannot delay
 * the responses it times: POST /credentials/verify with one credential,
 * warm-up first, then at 500 requests/s, then as fast as the service goes.
 *   ← {url, body, seconds}   → {type: 'result', fixed, max}
 */
import autocannon from 'autocannon';

interface Job {
  url: string;
  body: string;
  seconds: number;
}

const summary = (r: autocannon.Result) => ({
  requestsPerSecond: r.requests.average,
  p50Ms: r.latency.p50,
  p99Ms: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
});

process.once('message', async (job: Job) => {
  const run = (options: Partial<autocannon.Options>) =>
    autocannon({
      url: job.url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: job.body,
      duration: job.seconds,
      ...options,
    });
  // The first requests compile code paths and fill caches (contexts, keys, lists).
  await run({ connections: 16, duration: Math.max(1, Math.round(job.seconds / 3)) });
  // Ten clients at 50 requests/s each. autocannon paces every connection on its own timer, all
  // started together, so each tick sends one request per connection at once: more connections make
  // larger bursts (at 32, bursts of 32 queue behind each other), fewer cannot keep up the rate.
  const fixed = await run({ connections: 10, overallRate: 500 });
  const max = await run({ connections: 16 });
  process.send?.({ type: 'result', fixed: summary(fixed), max: summary(max) });
  process.disconnect();
});
