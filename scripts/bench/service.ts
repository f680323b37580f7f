/**
 * The issuer service as the benchmark runs it: its own process (so that the
 * load generator does not share its event loop, and its peak RSS is its
 * own), on 127.0.0.1, rate limits off. Started by scripts/bench.ts with
 * `fork`; talks over the IPC channel:
 *   → {type: 'ready', url, token}
 *   ← {type: 'check'}  → {type: 'check', credentials, entries, uniqueIndexes}
 *   ← {type: 'rss'}    → {type: 'rss', peakRssBytes}
 *   ← {type: 'stop'}   → closes and exits
 */
import { createTenantToken, provisionTenant, readSettings, silentLogger, startServer } from '@microcred/issuer';

const [dataDir, databaseUrl] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: service.ts DATA_DIR [DATABASE_URL]');

const settings = readSettings({ ...process.env, MICROCRED_RATE_LIMIT: '0', DATABASE_URL: databaseUrl ?? '' });
const server = await startServer({
  host: '127.0.0.1',
  port: 0,
  dataDir,
  ...(databaseUrl ? { databaseUrl } : {}),
  settings,
  logger: silentLogger,
});
const tenant = await provisionTenant(server.store, { id: 'bench', name: 'Benchmark Academy', did: 'web', publicUrl: server.publicUrl });
const { token } = await createTenantToken(server.store, tenant.id, { scopes: ['issue', 'manage'] });

process.on('message', async (message: { type: string }) => {
  if (message.type === 'rss') {
    process.send?.({ type: 'rss', peakRssBytes: process.resourceUsage().maxRSS * 1024 });
  } else if (message.type === 'check') {
    const perList = await server.store.db
      .selectFrom('status_entries')
      .select((eb) => ['list_id', eb.fn.countAll().as('entries'), eb.fn.count('status_index').distinct().as('indexes')])
      .where('credential_id', 'is not', null)
      .groupBy('list_id')
      .execute();
    const credentials = Number(
      (await server.store.db.selectFrom('credentials').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n,
    );
    const entries = perList.reduce((n, list) => n + Number(list.entries), 0);
    const uniqueIndexes = perList.every((list) => Number(list.indexes) === Number(list.entries));
    process.send?.({ type: 'check', credentials, entries, uniqueIndexes });
  } else if (message.type === 'stop') {
    await server.close();
    process.exit(0);
  }
});
process.send?.({ type: 'ready', url: server.url, token });
