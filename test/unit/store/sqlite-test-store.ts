import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AcceptedEvent } from '../../../src/types.js';

const dirs: string[] = [];

/** A new folder for a SQLite store; `removeTempDirs` (in `afterAll`) removes every one made. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-store-'));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** An accepted event of source `s`, type `t`, deduplicated by its id. */
export function event(id: string, receivedAt = 1_000): AcceptedEvent {
  return {
    id,
    source: 's',
    type: 't',
    dedupeKey: id,
    receivedAt,
    payload: { type: 't', id },
    rawBody: JSON.stringify({ type: 't', id }),
  };
}
