import { postSigned } from '../helpers/sign.js';

export interface SentEvent {
  /** The event's marker (its `data.n`), unique per request. */
  readonly n: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly status: number | 'error';
}

/**
 * Signed events sent without pause by a few concurrent senders, each a new event with the next marker, until
 * `stop`: ingest under way whatever happens to the database. Every request and its answer is kept.
 */
export class SteadySender {
  readonly sent: SentEvent[] = [];
  private next = 0;
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly senders = 4,
  ) {}

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.senders }, () => this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Requests answered 2xx (the gateway took the event). */
  accepted(): SentEvent[] {
    return this.sent.filter((s) => s.status === 200 || s.status === 202);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const n = this.next++;
      const event = { type: 'test.completed', id: `evt-${n}`, data: { n } };
      const startedAt = Date.now();
      let status: number | 'error';
      try {
        const response = await postSigned(this.url, event, this.secret, {});
        status = response.status;
        await response.arrayBuffer();
      } catch {
        status = 'error';
      }
      this.sent.push({ n, startedAt, endedAt: Date.now(), status });
      // A refused request comes back at once: a short breath keeps the senders from spinning while the store is
      // down (pacing the load, not waiting for a state).
      if (status !== 200 && status !== 202) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
