import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkRequest {
  readonly deliveryId: string;
  /** Which replica sent it: each posts to its own path, `/in/<replica>` (from its SINK_URL). */
  readonly replica: number;
  /** The event's marker (its `data.n`). */
  readonly n: number;
  readonly arrivedAt: number;
  /** What the sink answered, once it did (undefined: the client went away first). */
  status?: number;
  /** For a 429: from when the sender may come again. */
  notBefore?: number;
}

/**
 * The receiving end of the fleet test: a real HTTP server that answers most requests 200 at once, and on the
 * first sight of some deliveries 500 (5 %), 429 with `Retry-After: 1` (0.4 %), or hangs (1.6 %) (answers only after `hangMs`, later
 * than the gateway's attempt timeout). It records every request and the most requests it ever had open at once.
 * On demand it catches one replica's next requests and holds them unanswered (`catchFrom`), so a test can kill that
 * replica while a delivery is surely in flight.
 */
export class FleetSink {
  readonly requests: SinkRequest[] = [];
  maxOpen = 0;
  url = '';
  private open = 0;
  private readonly seen = new Set<string>();
  private server: Server | undefined;
  private catching: { replica: number; caught: (() => string | undefined)[]; wake: () => void } | undefined;

  constructor(private readonly hangMs: number) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.open++;
      this.maxOpen = Math.max(this.maxOpen, this.open);
      let counted = true;
      const done = (): void => {
        if (!counted) return;
        counted = false;
        this.open--;
      };
      res.on('close', done);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const deliveryId = String(req.headers['idempotency-key'] ?? '');
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: { n?: number } };
        const replica = Number(/\/in\/(\d+)$/.exec(req.url ?? '')?.[1] ?? -1);
        const record: SinkRequest = { deliveryId, replica, n: body.data?.n ?? -1, arrivedAt: Date.now() };
        this.requests.push(record);
        const first = !this.seen.has(deliveryId);
        this.seen.add(deliveryId);
        const roll = first ? bucketOf(deliveryId) : 999;
        const answer = (status: number, headers: Record<string, string> = {}): void => {
          if (res.destroyed) return;
          record.status = status;
          if (status === 429) record.notBefore = Date.now() + 1_000;
          res.writeHead(status, { 'content-type': 'text/plain', ...headers });
          res.end(String(status));
          // Counted as open until the answer is written, not until the client reads it.
          done();
        };
        const catching = this.catching;
        if (catching?.replica === replica) {
          catching.caught.push(() => {
            // Gone already (the replica's attempt timed out): nothing was answered.
            if (res.destroyed) return undefined;
            answer(200);
            return deliveryId;
          });
          catching.wake();
          return;
        }
        // A 429 pauses the whole target for every replica: a few of them are enough to show it holds.
        if (roll < 50) answer(500);
        else if (roll < 54) answer(429, { 'retry-after': '1' });
        else if (roll < 70) setTimeout(() => answer(200), this.hangMs).unref();
        else answer(200);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/in`;
    return this;
  }

  /** Holds `replica`'s requests from now on, unanswered; resolves once one is held. */
  catchFrom(replica: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no request of replica ${replica} came`)), timeoutMs);
      this.catching = {
        replica,
        caught: [],
        wake: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  }

  /**
   * Answers every held request 200 (written to the socket synchronously, before this returns) and stops holding:
   * the caller kills the replica next, so it dies with the sink's yes unread. Returns the delivery ids answered.
   */
  answerCaught(): string[] {
    const caught = this.catching?.caught ?? [];
    this.catching = undefined;
    return caught.map((answer) => answer()).filter((id): id is string => id !== undefined);
  }

  /** Markers of events the sink answered 2xx for. */
  delivered(): Set<number> {
    return new Set(this.requests.filter((r) => r.status === 200).map((r) => r.n));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** 0..999, fixed per delivery id: which deliveries fail on first sight does not depend on timing. */
function bucketOf(deliveryId: string): number {
  return createHash('sha256').update(deliveryId).digest().readUInt16BE(0) % 1000;
}
