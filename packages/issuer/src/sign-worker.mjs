// Node 20 runs no TypeScript by itself and a worker does not inherit a
// loader registered by its parent under every runner (vitest's, for one),
// so the worker compiles its own modules with tsx, as `pnpm start` does.
import { tsImport } from 'tsx/esm/api';

await tsImport('./sign-worker.ts', import.meta.url);
