export interface Progress {
  /** Identifies the posts planned, so a retry after a config change starts over rather than skipping. */
  readonly fingerprint: string;
  /** How many posts, from the first, Slack already accepted. */
  readonly posted: number;
  /** The first post's `ts`, for the thread replies still to come. */
  readonly threadTs: string | undefined;
}

/**
 * What a multi-post delivery got through before it failed, so the queue's retry posts only the rest instead of
 * repeating messages the channel already shows. In memory and bounded: after a restart a retry starts over.
 */
export class DeliveryProgress {
  private readonly entries = new Map<string, Progress>();

  constructor(private readonly capacity = 1000) {}

  resume(key: string, fingerprint: string): Progress {
    const saved = this.entries.get(key);
    return saved?.fingerprint === fingerprint ? saved : { fingerprint, posted: 0, threadTs: undefined };
  }

  save(key: string, progress: Progress): void {
    this.entries.delete(key);
    this.entries.set(key, progress);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  finish(key: string): void {
    this.entries.delete(key);
  }
}
