import pg from 'pg';
import type { Logger } from 'pino';

export interface WorkListener {
  close(): Promise<void>;
}

const channel = 'hookgate_work';
const retryMs = { first: 1_000, max: 30_000 };

/**
 * Wakes this replica's worker when another replica committed new work (NOTIFY at commit). A convenience only:
 * behind pgbouncer in transaction mode LISTEN does not work, and the worker's poll finds the work anyway. The
 * connection is its own (LISTEN holds a session), reconnected with backoff when it drops. `ownId`: the payload
 * this replica's store sends, skipped.
 */
export function listenForWork(
  url: string,
  wake: () => void,
  logger: Logger | undefined,
  ownId = '',
): WorkListener {
  let client: pg.Client | undefined;
  let closed = false;
  let delay = retryMs.first;
  let timer: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url, application_name: 'hookgate-listen' });
    // This replica's own commits woke its worker in-process: a second pass for them would only repeat the first.
    next.on('notification', (message) => {
      if (ownId === '' || message.payload !== ownId) wake();
    });
    next.on('error', () => undefined);
    next.on('end', () => {
      if (client === next) client = undefined;
      if (!closed) retry();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      if (closed) {
        await next.end();
        return;
      }
      client = next;
      delay = retryMs.first;
      // Work committed while the connection was down gets no notification: look once now.
      wake();
    } catch (error) {
      logger?.debug({ err: error }, 'postgres: LISTEN unavailable; polling only until it is back');
      await next.end().catch(() => undefined);
    }
  }

  function retry(): void {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, retryMs.max);
  }

  void connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
