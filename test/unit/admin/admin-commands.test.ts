import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerAdminCommands } from '../../../src/admin/admin-commands.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import { deepEvent, seedStore, t0 } from './seed-store.js';

let dataDir: string;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hookgate-admin-'));
  const store = openSqliteStore({ dataDir });
  await seedStore(store);
  await store.close();
});

afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs one CLI invocation against the seeded store; returns what it printed. */
async function run(...args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const program = new Command('hookgate').exitOverride().configureOutput({
    writeOut: (text) => (out += text),
    writeErr: (text) => (err += text),
  });
  registerAdminCommands(program, () => openSqliteStore({ dataDir }), {
    out: (text) => (out += text),
    now: () => t0 + 10 * 3_600_000,
  });
  await program.parseAsync(['node', 'hookgate', ...args]);
  return { out, err };
}

async function failure(...args: string[]): Promise<{ error: CommanderError; err: string }> {
  let err = '';
  const program = new Command('hookgate')
    .exitOverride()
    .configureOutput({ writeErr: (text) => (err += text) });
  registerAdminCommands(program, () => openSqliteStore({ dataDir }), { out: () => {} });
  const error = await program.parseAsync(['node', 'hookgate', ...args]).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof CommanderError)) throw new Error(`expected a CommanderError, got ${String(error)}`);
  return { error, err };
}

describe('admin commands', () => {
  it('events list prints a table, newest first', async () => {
    const { out } = await run('events', 'list');
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+RECEIVED\s+SOURCE\s+TYPE\s+STATUS\s+DELIVERIES$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/)[0])).toEqual(['evt_d', 'evt_c', 'evt_b', 'evt_a']);
    expect(lines[3]).toContain('2025-01-01 12:00:01Z');
    expect(lines[3]).toMatch(/dead\s+1 pending, 1 dead$/);
  });

  it('events list filters by status and prints JSON with --json', async () => {
    const { out } = await run('events', 'list', '--status', 'dead', '--limit', '5', '--json');
    expect(JSON.parse(out)).toMatchObject([
      { id: 'evt_b', status: 'dead', receivedAt: '2025-01-01T12:00:01.000Z' },
    ]);
  });

  it('events show prints each delivery with each attempt: time, duration, status, error', async () => {
    const { out } = await run('events', 'show', 'evt_b');
    expect(out).toContain('Event evt_b');
    expect(out).toContain('Delivery dlv_b1 → slack (route to-slack)');
    expect(out).toContain('status    dead (2 attempts)');
    expect(out).toContain('reason    permanent failure');
    expect(out).toMatch(/1\s+2025-01-01 12:00:03Z\s+80ms\s+retryable\s+503\s+HTTP 503/);
    expect(out).toMatch(/2\s+2025-01-01 12:00:05Z\s+40ms\s+permanent\s+404\s+HTTP 404 channel_not_found/);
    expect(out).toContain('Delivery dlv_b2 → mail (route to-mail)');
    expect(out).toContain('no attempts yet');
  });

  it('events show --json includes the payload and the attempt history', async () => {
    const detail = JSON.parse((await run('events', 'show', 'evt_b', '--json')).out) as {
      event: { payload: unknown };
      deliveries: { history: unknown[] }[];
    };
    expect(detail.event.payload).toMatchObject({ data: { headline: 'headline of evt_b' } });
    expect(detail.deliveries[0]?.history).toHaveLength(2);
  });

  it('events show --json writes an event nested deeper than JSON.stringify can go, from its raw body', async () => {
    const event = deepEvent();
    const store = openSqliteStore({ dataDir });
    await store.enqueue(event, []);
    await store.close();
    const { out } = await run('events', 'show', 'evt_deep', '--json');
    expect(out).toContain(`"payload": ${event.rawBody}`);
    expect((JSON.parse(out) as { event: { type: string } }).event.type).toBe('deep.event');
  });

  it('deliveries list shows whole delivery ids, however long (replay needs them verbatim)', async () => {
    const id = `evt_${'x'.repeat(26)}~a-route-with-a-long-name~a-target-with-a-long-name`;
    const store = openSqliteStore({ dataDir });
    await store.enqueue(
      {
        id: 'evt_long',
        source: 'connect-it',
        type: 't',
        dedupeKey: 'long',
        receivedAt: t0,
        payload: {},
        rawBody: '{}',
      },
      [{ id, route: 'a-route-with-a-long-name', target: 'a-target-with-a-long-name' }],
    );
    await store.close();
    const { out } = await run('deliveries', 'list');
    expect(id.length).toBeGreaterThan(60);
    expect(out).toContain(`${id}  `);
  });

  it('events show fails with exit code 1 for an unknown id', async () => {
    const { error, err } = await failure('events', 'show', 'evt_nope');
    expect(error.exitCode).toBe(1);
    expect(err).toContain('no event "evt_nope"');
  });

  it('deliveries list filters by status and target', async () => {
    const { out } = await run('deliveries', 'list', '--status', 'dead', '--target', 'slack');
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^dlv_b1\s+slack\s+to-slack\s+dead\s+2\s+2025-01-01 12:00:05Z\s+permanent failure$/,
    );
    expect((await run('deliveries', 'list', '--status', 'delivered', '--target', 'mail')).out).toBe(
      'No deliveries.\n',
    );
  });

  it('rejects an unknown status', async () => {
    const { error, err } = await failure('deliveries', 'list', '--status', 'lost');
    expect(error.exitCode).toBe(1);
    expect(err).toContain('status must be one of pending, in_flight, delivered, dead');
  });

  it('replay queues a delivery again; replay-dead all dead ones of a target', async () => {
    expect((await run('replay', 'dlv_b1')).out).toMatch(/^Delivery dlv_b1 to slack is queued again\./);
    expect(JSON.parse((await run('events', 'show', 'evt_b', '--json')).out)).toMatchObject({
      deliveries: [{ id: 'dlv_b1', status: 'pending', round: 2 }, {}],
    });
    expect((await run('replay-dead', 'slack')).out).toBe('No dead deliveries for slack.\n');
    expect((await failure('replay', 'dlv_c1')).err).toContain('being attempted now');
    expect((await failure('replay', 'dlv_nope')).err).toContain('no delivery "dlv_nope"');
  });

  it('replay-dead reports how many it queued, in JSON too', async () => {
    expect(JSON.parse((await run('replay-dead', 'slack', '--json')).out)).toEqual({
      target: 'slack',
      replayed: 1,
    });
  });

  it('purge deletes by status and age', async () => {
    expect((await run('purge', '--status', 'dead', '--older-than', '12h')).out).toBe(
      'Purged 0 deliveries and 0 events (dead, older than 12h).\n',
    );
    expect((await run('purge', '--status', 'delivered,dead', '--older-than', '1h')).out).toBe(
      'Purged 2 deliveries and 2 events (delivered, dead, older than 1h).\n',
    );
    expect(JSON.parse((await run('events', 'list', '--json')).out)).toMatchObject([
      { id: 'evt_c' },
      { id: 'evt_b' },
    ]);
  });
});
