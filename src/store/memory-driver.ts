import { StoreError } from '../errors.js';
import { createMemoryStore } from './memory-store.js';
import type { OpenedStore, StoreSettings } from './store-drivers.js';

/** The memory store: inside the gateway only; the CLI cannot reach it from another process. */
export function openMemoryDriver(settings: StoreSettings): Promise<OpenedStore> {
  if (settings.purpose === 'cli') {
    return Promise.reject(
      new StoreError(
        `${settings.named ?? 'the config'} uses the memory store: its events live only inside the running gateway (use the admin API)`,
      ),
    );
  }
  settings.logger?.warn('store: memory; accepted events are lost on restart (tests and benchmarks only)');
  const store = createMemoryStore(
    settings.dedupeWindowMs !== undefined ? { dedupeWindowMs: settings.dedupeWindowMs } : {},
  );
  return Promise.resolve({ store, archive: store.archive, shared: false, close: () => store.close() });
}
