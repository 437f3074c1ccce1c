import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The part of a better-sqlite3 connection the checkpointer uses on the main thread. */
export interface CheckpointConnection {
  pragma(source: string, options?: { simple?: boolean }): unknown;
}

export interface CheckpointerOptions {
  /** The database file (its WAL is `<file>-wal`). */
  readonly file: string;
  /** The gateway's own connection: its automatic checkpoint is turned off, and it is the fallback. */
  readonly db: CheckpointConnection;
  /** How often the worker thread checkpoints. Default 200 ms. */
  readonly intervalMs?: number;
  /**
   * A WAL longer than this many pages is checkpointed on the main connection, so the WAL cannot grow without
   * bound when the worker falls behind or is gone. Default 10,000 (about 40 MB at 4 KB pages).
   */
  readonly fallbackPages?: number;
  /**
   * Once the worker has copied a WAL at least this long, it restarts the WAL (RESTART, never waiting), so the
   * next commit writes from its start again instead of lengthening it. Default 1,000 (SQLite's own threshold).
   */
  readonly restartPages?: number;
  /** How often the main thread looks at the WAL's size (one stat). Default 1 s. */
  readonly fallbackCheckMs?: number;
  /** Told when the worker fails; the main connection then checkpoints automatically again. */
  readonly onError?: (error: Error) => void;
}

export interface CheckpointStats {
  /** Checkpoints the worker thread ran. */
  readonly background: number;
  /** Of those, how many restarted the WAL from its start. */
  readonly restarts: number;
  /** Checkpoints the main connection ran because the WAL had grown past the fallback size. */
  readonly fallback: number;
}

export interface Checkpointer {
  stats(): CheckpointStats;
  /** Stops the worker (it closes its connection) and the size check. Idempotent. */
  stop(): Promise<void>;
}

/** What the worker reports after each checkpoint; `error` when one failed. */
type WorkerMessage =
  | { readonly type: 'checkpointed'; readonly restarted: boolean }
  | { readonly type: 'error'; readonly message: string };

// Plain CommonJS run with `eval`: the worker needs no build step of its own (vitest runs the TypeScript sources,
// the gateway the compiled ones). It opens the same file; PASSIVE never waits for the writer and never blocks it.
// A WAL is only reused from its start once a checkpoint has copied all of it before the next commit, which a
// passive checkpoint racing a busy writer seldom manages; so once it has nearly caught up (a tenth of the restart
// size left at most), a RESTART follows. That one holds the write lock while it copies the few frames left, and
// with no busy wait (timeout 0) it gives up at once when the gateway is committing.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
db.pragma('cache_size = ' + workerData.cachePages);
let timer;
let stopped = false;
function tick() {
  try {
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
    let restarted = false;
    const behind = passive.log - passive.checkpointed;
    if (passive.log >= workerData.restartPages && behind <= workerData.restartPages / 10) {
      const [restart] = db.pragma('wal_checkpoint(RESTART)');
      restarted = restart.busy === 0;
    }
    parentPort.postMessage({ type: 'checkpointed', restarted });
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error && error.message) });
  }
  if (!stopped) timer = setTimeout(tick, workerData.intervalMs);
}
parentPort.on('message', () => {
  stopped = true;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
timer = setTimeout(tick, workerData.intervalMs);
`;

const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
/** SQLite's default `wal_autocheckpoint`, restored when the worker is gone. */
const automaticPages = 1000;
/**
 * The worker's connection only checkpoints: a checkpoint copies WAL frames through its own buffer, not the page
 * cache, so better-sqlite3's default 16 MB cache would only hold pages nobody reads again. A few pages do.
 */
const workerCachePages = 16;
/**
 * The worker is its own V8 isolate, and by default it may grow a heap as large as the main thread's. It allocates
 * a few small objects per checkpoint, so a small young generation and heap are plenty and keep its share of the
 * process's memory small; past them it fails, the main connection checkpoints again, and the gateway goes on.
 */
const workerHeapLimits = { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 };
/** Bytes a WAL frame adds to its page. */
const frameHeaderBytes = 24;

/**
 * Moves SQLite's WAL checkpoint off the event loop. With better-sqlite3 the automatic checkpoint runs inside the
 * commit that crosses 1,000 WAL pages, on the main thread, copying pages and fsyncing the database while no
 * request is answered. Here the main connection never checkpoints by itself (`wal_autocheckpoint=0`); a worker
 * thread with its own connection runs a PASSIVE checkpoint every `intervalMs`, and the main connection checkpoints
 * only when the WAL has grown past `fallbackPages` anyway (or automatically again once the worker failed).
 */
export function startCheckpointer(options: CheckpointerOptions): Checkpointer {
  const { db, file } = options;
  const intervalMs = options.intervalMs ?? 200;
  const fallbackPages = options.fallbackPages ?? 10_000;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const walFile = `${file}-wal`;
  let background = 0;
  let restarts = 0;
  let fallback = 0;
  let failed = false;
  let stopping: Promise<void> | undefined;

  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: {
      driver: driverPath,
      file,
      intervalMs,
      restartPages: options.restartPages ?? 1_000,
      cachePages: workerCachePages,
    },
    resourceLimits: workerHeapLimits,
  });
  const giveUp = (error: Error): void => {
    if (failed || stopping) return;
    failed = true;
    // Without the worker, the main connection checkpoints as SQLite does by default.
    db.pragma(`wal_autocheckpoint = ${automaticPages}`);
    options.onError?.(error);
  };
  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'checkpointed') {
      background++;
      if (message.restarted) restarts++;
    } else giveUp(new Error(`background checkpoint failed: ${message.message}`));
  });
  worker.on('error', giveUp);
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      if (!stopping) giveUp(new Error(`the checkpoint worker exited (${code})`));
      resolve();
    }),
  );
  // The worker must not keep a process alive that has nothing else to do; stop() ends it properly.
  worker.unref();

  const check = setInterval(() => {
    if (failed || walPages(walFile, pageSize) <= fallbackPages) return;
    db.pragma('wal_checkpoint(PASSIVE)');
    fallback++;
  }, options.fallbackCheckMs ?? 1_000);
  check.unref();

  return {
    stats: () => ({ background, restarts, fallback }),
    stop() {
      stopping ??= (async () => {
        clearInterval(check);
        // Held while it stops: a gateway shutting down may have nothing else keeping the process alive, and
        // Node would exit before the worker closed its connection and the store closed its own.
        worker.ref();
        worker.postMessage('stop');
        await exited;
      })();
      return stopping;
    },
  };
}

function walPages(walFile: string, pageSize: number): number {
  try {
    return statSync(walFile).size / (pageSize + frameHeaderBytes);
  } catch {
    return 0;
  }
}
