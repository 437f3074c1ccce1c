import { pino } from 'pino';
import type { GatewayConfig } from '../../src/config/gateway-config.js';
import type { IngestOutcome } from '../../src/ingest/ingest-webhook.js';
import { createApp } from '../../src/server/create-app.js';
import type { RecordingQueue } from './recording-queue.js';
import { serveKoa } from './serve-koa.js';

export interface IngestApp {
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  close(): Promise<void>;
}

/**
 * The gateway's HTTP app on a free port with a config and a recording queue (read through `queue()` on every
 * request, so a test may swap it), a fixed clock and silent logs: the ingest pipeline over real HTTP, no store.
 */
export async function listenIngestApp(options: {
  readonly config: GatewayConfig;
  readonly queue: () => RecordingQueue;
  readonly now: number;
  readonly onQueued?: () => void;
  readonly onOutcome?: (outcome: IngestOutcome) => void;
}): Promise<IngestApp> {
  const app = createApp({
    config: () => options.config,
    get queue() {
      return options.queue();
    },
    logger: pino({ level: 'silent' }),
    now: () => options.now,
    ...(options.onQueued ? { onQueued: options.onQueued } : {}),
    ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
    isReady: () => true,
  });
  return serveKoa(app);
}
