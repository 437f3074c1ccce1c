import type { Clock, Timers } from '../../../src/clock.js';

/** Lets every pending promise chain and I/O callback run (several event-loop turns). */
export async function settle(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A clock and timers that move only when the test says so. */
export class FakeTime implements Clock, Timers {
  private readonly pending = new Map<number, { at: number; callback: () => void }>();
  private seq = 0;

  constructor(public t: number) {}

  now(): number {
    return this.t;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.pending.set(id, { at: this.t + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Moves time forward, firing due timers in order and letting their work settle. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    await settle();
    for (;;) {
      const next = [...this.pending]
        .filter(([, timer]) => timer.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      const [id, timer] = next;
      this.pending.delete(id);
      this.t = Math.max(this.t, timer.at);
      timer.callback();
      await settle();
    }
    this.t = end;
    await settle();
  }

  timerCount(): number {
    return this.pending.size;
  }
}
