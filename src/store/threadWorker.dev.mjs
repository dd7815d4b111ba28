// The store's worker thread when the sources run as TypeScript (tests, `npm run dev`, benchmarks):
// on Node 20 a worker's own `--import tsx` comes too late for its entry, so register, then import.
import { register } from 'tsx/esm/api';

register();
await import('./threadWorker.ts');
