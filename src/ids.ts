import { randomBytes } from 'node:crypto';

/** A unique, time-sortable event id: 9 base-36 characters of milliseconds, then 16 random hex digits. */
export function newEventId(now: number): string {
  return `evt_${now.toString(36).padStart(9, '0')}${randomBytes(8).toString('hex')}`;
}
