/**
 * A fake clock whose `sleep` advances it at once and records each wait, for pacers and other code that waits
 * without a wall clock.
 */
export function sleepClock(start = 0): {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Every wait asked for, in order. */
  readonly sleeps: number[];
} {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    sleeps,
  };
}
