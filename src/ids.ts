import { randomBytes } from 'node:crypto';

// A random prefix per process plus a counter: unique across restarts and processes without drawing random bytes
// for every event (that cost showed up in the ingest profile).
const processPrefix = randomBytes(6).toString('hex');
let counter = 0;

/** A unique, time-sortable event id: 9 base-36 characters of milliseconds, a per-process prefix, a counter. */
export function newEventId(now: number): string {
  counter = (counter + 1) % 0x1000000;
  return `evt_${now.toString(36).padStart(9, '0')}${processPrefix}${counter.toString(16).padStart(6, '0')}`;
}
