import type { Scope } from './context.ts';
import { newSecret } from './secrets.ts';
import type { ApiToken, Store } from './storage/index.ts';

/** Creates an API token for a tenant. The returned secret is shown once; only its SHA-256 is stored. */
export async function createTenantToken(
  store: Store,
  tenantId: string,
  options: { scopes: readonly Scope[]; label?: string; token?: string },
): Promise<{ token: string; record: ApiToken }> {
  const token = options.token ?? newSecret();
  const record = await store.apiTokens.create(tenantId, { token, scopes: [...options.scopes], label: options.label ?? null });
  return { token, record };
}
