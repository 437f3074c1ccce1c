import {
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  symlinkSync,
  watch,
  writeFileSync,
  type FSWatcher,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchConfigFile } from '../../../src/config/watch-config-file.js';

const settleMs = 20;
const timeoutMs = 3_000;
// Taken before any test fakes timers: the bounded waits below must run on real time.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

let dir: string;
let file: string;
const cleanup: (() => void)[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hookgate-watch-'));
  file = join(dir, 'gateway.yaml');
  writeFileSync(file, 'routes: []\n');
});

afterEach(() => {
  vi.useRealTimers();
  for (const undo of cleanup.splice(0)) undo();
  rmSync(dir, { recursive: true, force: true });
});

/** Counts onChange calls; `next()` resolves at the next call, failing the test after a bounded wait. */
function changes() {
  let calls = 0;
  let waiting: (() => void) | undefined;
  return {
    onChange: () => {
      calls++;
      waiting?.();
      waiting = undefined;
    },
    count: () => calls,
    next: () =>
      new Promise<void>((resolve, reject) => {
        const timer = realSetTimeout(
          () => reject(new Error(`no onChange within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiting = () => {
          realClearTimeout(timer);
          resolve();
        };
      }),
  };
}

function start(onChange: () => void): { close(): void } {
  const watcher = watchConfigFile(file, onChange, settleMs);
  cleanup.push(() => watcher.close());
  return watcher;
}

/**
 * A second watch on the folder: resolves once it has seen `name` change. Both watches share one inotify watch, so
 * by the next turn of the event loop the watcher under test has seen the same event.
 */
function seen(name: string): Promise<void> {
  let probe: FSWatcher | undefined;
  const done = new Promise<void>((resolve, reject) => {
    const timer = realSetTimeout(
      () => reject(new Error(`${name} not seen within ${timeoutMs} ms`)),
      timeoutMs,
    );
    probe = watch(dir, (_event, changed) => {
      if (changed !== name) return;
      realClearTimeout(timer);
      resolve();
    });
    probe.on('error', reject);
  });
  cleanup.push(() => probe?.close());
  return done.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
}

describe('watchConfigFile', () => {
  it('calls onChange after settleMs once the file is written', async () => {
    const watched = changes();
    start(watched.onChange);

    const changed = watched.next();
    writeFileSync(file, 'routes: [] # 1\n');
    await changed;
    expect(watched.count()).toBe(1);

    // A later write is a new change; a second call for the first write would be in by the time this one is.
    const again = watched.next();
    writeFileSync(file, 'routes: [] # 2\n');
    await again;
    expect(watched.count()).toBe(2);
  });

  it('folds a burst of changes into one call, settleMs after the last of them', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const onChange = vi.fn<() => void>();
    start(onChange);

    for (const edit of ['1', '2', '3']) {
      const written = seen('gateway.yaml');
      writeFileSync(file, `routes: [] # ${edit}\n`);
      await written;
      vi.advanceTimersByTime(settleMs - 5);
    }
    expect(vi.getTimerCount()).toBe(1);
    expect(onChange).not.toHaveBeenCalled();
    vi.advanceTimersByTime(4);
    expect(onChange).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('notices the file being replaced by a rename, as editors and ConfigMaps do', async () => {
    const watched = changes();
    start(watched.onChange);

    const temp = join(dir, '.gateway.yaml.swp');
    const replace = async (text: string): Promise<void> => {
      const changed = watched.next();
      writeFileSync(temp, text);
      renameSync(temp, file);
      await changed;
    };

    await replace('routes: [] # replaced\n');
    expect(watched.count()).toBe(1);
    // The file now is another inode: a watch on the old one would miss this second replacement.
    await replace('routes: [] # replaced again\n');
    expect(watched.count()).toBe(2);
  });

  it('notices a Kubernetes ConfigMap update, which swaps the ..data symlink and leaves the file link alone', async () => {
    rmSync(file);
    mkdirSync(join(dir, '..v1'));
    writeFileSync(join(dir, '..v1', 'gateway.yaml'), 'routes: [] # v1\n');
    symlinkSync('..v1', join(dir, '..data'));
    symlinkSync(join('..data', 'gateway.yaml'), file);
    const watched = changes();
    start(watched.onChange);

    const changed = watched.next();
    mkdirSync(join(dir, '..v2'));
    writeFileSync(join(dir, '..v2', 'gateway.yaml'), 'routes: [] # v2\n');
    symlinkSync('..v2', join(dir, '..data_tmp'));
    renameSync(join(dir, '..data_tmp'), join(dir, '..data'));

    await changed;
    expect(watched.count()).toBe(1);
  });

  it('ignores other files in the folder', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const onChange = vi.fn<() => void>();
    start(onChange);

    const otherSeen = seen('notes.txt');
    writeFileSync(join(dir, 'notes.txt'), 'not the config\n');
    await otherSeen;
    expect(vi.getTimerCount()).toBe(0);

    const fileSeen = seen('gateway.yaml');
    writeFileSync(file, 'routes: [] # changed\n');
    await fileSeen;
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(settleMs - 1);
    expect(onChange).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('stops calling onChange after close(), even for a change already waiting to settle', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const onChange = vi.fn<() => void>();
    const watcher = start(onChange);

    const pendingSeen = seen('gateway.yaml');
    writeFileSync(file, 'routes: [] # before close\n');
    await pendingSeen;
    watcher.close();
    vi.advanceTimersByTime(settleMs);

    const afterSeen = seen('gateway.yaml');
    writeFileSync(file, 'routes: [] # after close\n');
    await afterSeen;
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(settleMs);
    expect(onChange).not.toHaveBeenCalled();
  });
});
