/**
 * Resolves with the first value `probe` gives that is not undefined; rejects after `timeoutMs`. For state with
 * no event to wait on (a row in the store the worker writes just after the target answered): it looks again
 * after each turn of the event loop, never after a fixed sleep, so it is as quick as the state change itself.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
