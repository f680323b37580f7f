// Node 20 runs no TypeScript by itself: the worker compiles its module with tsx, as the issuer's sign worker does.
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
