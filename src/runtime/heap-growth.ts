import { setFlagsFromString } from 'node:v8';

/**
 * How far V8's old generation may grow past what survived the last full collection before it collects again:
 * 100 % (a limit of twice the live heap). V8's own factor goes up to 4x on a fast machine, and under delivery load
 * the old generation fills with objects that lived one round trip (a request's got options, a claimed event's
 * body) and were promoted before they died: measured in the bench, the gateway's RSS peaked at 236-252 MB with
 * V8's factor, against 166-187 MB at 100 % (see the README's benchmark notes for the CPU it costs).
 */
export const heapGrowingPercent = 100;

const flagName = '--heap-growing-percent';

/**
 * Pure: the V8 flag the gateway sets for itself, or undefined when the process was started with its own value (on
 * the command line or in NODE_OPTIONS), which then stands.
 */
export function heapGrowthFlag(
  execArgv: readonly string[],
  nodeOptions: string | undefined,
): string | undefined {
  const given = (arg: string): boolean => arg.replace(/_/g, '-').startsWith(flagName);
  if (execArgv.some(given) || (nodeOptions ?? '').split(/\s+/).some(given)) return undefined;
  return `${flagName}=${heapGrowingPercent}`;
}

/** Sets the flag for this process (V8 reads it whenever it sizes the old generation after a full collection). */
export function limitHeapGrowth(): void {
  const flag = heapGrowthFlag(process.execArgv, process.env.NODE_OPTIONS);
  if (flag !== undefined) setFlagsFromString(flag);
}
