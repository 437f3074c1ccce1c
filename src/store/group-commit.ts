export interface GroupCommitOptions {
  /** How long the first write of a batch waits for company; 0 batches what arrives in the same event-loop turn. */
  readonly maxWaitMs: number;
  /** A batch this large is committed at once. */
  readonly maxBatch: number;
}

export type Settled<R> =
  { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

interface Waiting<T, R> {
  readonly item: T;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Collects writes that arrive close together and commits them with one `commit` call (one transaction, one
 * fsync). Each caller's promise settles only after its batch committed, with its own item's outcome.
 */
export class GroupCommit<T, R> {
  private batch: Waiting<T, R>[] = [];
  private timer: { cancel(): void } | undefined;

  constructor(
    private readonly commit: (items: readonly T[]) => readonly Settled<R>[] | Promise<readonly Settled<R>[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.batch.push({ item, resolve, reject });
      if (this.batch.length >= this.options.maxBatch) this.flush();
      else this.timer ??= this.schedule();
    });
  }

  /**
   * Commits whatever is waiting now. A synchronous `commit` (SQLite) has settled the batch when this returns; an
   * asynchronous one (a database over the network) settles it later, while the next batch gathers.
   */
  flush(): void {
    this.timer?.cancel();
    this.timer = undefined;
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    let results: readonly Settled<R>[] | Promise<readonly Settled<R>[]>;
    try {
      results = this.commit(batch.map((w) => w.item));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    if (results instanceof Promise) {
      results.then(
        (settled) => settle(batch, settled),
        (error: unknown) => {
          for (const waiting of batch) waiting.reject(error);
        },
      );
    } else settle(batch, results);
  }

  private schedule(): { cancel(): void } {
    const flush = (): void => this.flush();
    if (this.options.maxWaitMs <= 0) {
      const immediate = setImmediate(flush);
      return { cancel: () => clearImmediate(immediate) };
    }
    const timeout = setTimeout(flush, this.options.maxWaitMs);
    return { cancel: () => clearTimeout(timeout) };
  }
}

function settle<T, R>(batch: readonly Waiting<T, R>[], results: readonly Settled<R>[]): void {
  batch.forEach((waiting, i) => {
    const result = results[i];
    if (result?.ok) waiting.resolve(result.value);
    else waiting.reject(result ? result.error : new Error('group commit returned too few results'));
  });
}
