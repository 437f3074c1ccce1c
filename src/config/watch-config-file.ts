import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

/**
 * Calls `onChange` when the config file changes. Watches the folder, not the file: editors and Kubernetes
 * ConfigMaps replace the file (rename or symlink swap), which a watch on the old file would miss. Changes that
 * come in a burst (an editor's write-then-rename) are folded into one call after `settleMs`.
 */
export function watchConfigFile(file: string, onChange: () => void, settleMs = 250): { close(): void } {
  const path = resolve(file);
  const name = basename(path);
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined = watch(dirname(path), (_event, changed) => {
    if (changed !== null && changed !== name && !changed.startsWith('..')) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, settleMs);
  });
  watcher.unref();
  return {
    close() {
      clearTimeout(timer);
      watcher?.close();
      watcher = undefined;
    },
  };
}
