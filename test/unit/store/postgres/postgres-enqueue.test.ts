import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../../src/errors.js';
import { migratePostgres } from '../../../../src/store/postgres/postgres-schema.js';
import { PostgresStore } from '../../../../src/store/postgres/postgres-store.js';
import type { AcceptedEvent } from '../../../../src/types.js';
import { createTestSchema, type TestSchema } from '../../../helpers/postgres-schema.js';
import {
  enqueueGroupSql,
  groupParameters,
  inRounds,
  type EnqueueItem,
} from '../../../../src/store/postgres/postgres-enqueue.js';
import { binaryTextArray } from '../../../../src/store/postgres/binary-text-array.js';

function item(id: string, source: string, dedupeKey: string, targets: readonly string[] = []): EnqueueItem {
  return {
    event: { id, source, type: 't', dedupeKey, receivedAt: 1000, payload: {}, rawBody: `{"id":"${id}"}` },
    planned: targets.map((target, i) => ({ id: `${id}_d${i}`, route: `r-${target}`, target })),
  };
}

describe('inRounds', () => {
  it('keeps a group whose keys are distinct in one round, in arrival order', () => {
    const items = [item('a', 's', 'k1'), item('b', 's', 'k2'), item('c', 'other', 'k1')];
    expect(inRounds(items).map((round) => round.map((entry) => entry.item.event.id))).toEqual([
      ['a', 'b', 'c'],
    ]);
  });

  it('puts the n-th arrival of a (source, dedupe key) in round n', () => {
    const items = [item('a', 's', 'k'), item('b', 's', 'k'), item('c', 's', 'j'), item('d', 's', 'k')];
    expect(inRounds(items).map((round) => round.map((entry) => entry.index))).toEqual([[0, 2], [1], [3]]);
  });

  it('does not confuse a source and key that concatenate alike', () => {
    expect(inRounds([item('a', 'ab', 'c'), item('b', 'a', 'bc')])).toHaveLength(1);
  });
});

describe('enqueueGroupSql', () => {
  it('takes the bodies as one text[] parameter after the replica id, so its text is the same for any group', () => {
    expect(enqueueGroupSql).toContain('$12::text[]');
    expect(enqueueGroupSql).not.toContain('$13');
  });
});

describe('groupParameters', () => {
  it('sends the events as columns and every delivery with its event id, in order', () => {
    const params = groupParameters([item('a', 's', 'k1', ['x', 'y']), item('b', 't', 'k2', ['z'])], {
      windowOf: (source) => (source === 's' ? 60_000 : 5),
      replicaId: 'replica-1',
    });
    expect(params).toEqual([
      ['a', 'b'],
      ['s', 't'],
      ['t', 't'],
      ['k1', 'k2'],
      [1000, 1000],
      [60_000, 5],
      ['a', 'a', 'b'],
      ['a_d0', 'a_d1', 'b_d0'],
      ['r-x', 'r-y', 'r-z'],
      ['x', 'y', 'z'],
      'replica-1',
      binaryTextArray(['{"id":"a"}', '{"id":"b"}']),
    ]);
  });
});

describe('groupParameters with received bytes', () => {
  const options = { windowOf: () => 0, replicaId: 'r' };
  const withBytes = (entry: EnqueueItem, text: string): EnqueueItem => ({
    ...entry,
    event: { ...entry.event, rawBody: text, rawBytes: Buffer.from(text, 'utf8') },
  });

  it('sends the same bodies parameter, byte for byte, as the strings would', () => {
    const texts = ['{"t":"zoë ☕ 漢字"}', '{"t":"𝄞 🎉 👩‍💻"}'];
    const fromBytes = groupParameters(
      [withBytes(item('a', 's', 'k1'), texts[0]!), item('b', 's', 'k2')],
      options,
    );
    const fromText = groupParameters(
      [
        { ...item('a', 's', 'k1'), event: { ...item('a', 's', 'k1').event, rawBody: texts[0]! } },
        item('b', 's', 'k2'),
      ],
      options,
    );
    expect((fromBytes[11] as Buffer).equals(fromText[11] as Buffer)).toBe(true);
  });

  it('copies the received bytes rather than encoding the string', () => {
    const entry = item('a', 's', 'k1');
    const bytesOnly = {
      ...entry,
      event: { ...entry.event, rawBytes: Buffer.from('{"from":"bytes"}', 'utf8') },
    };
    expect(groupParameters([bytesOnly], options)[11]).toEqual(binaryTextArray(['{"from":"bytes"}']));
  });
});

describe('bodies stored from received bytes on PostgreSQL', () => {
  let schema: TestSchema;
  let pool: pg.Pool;
  let store: PostgresStore;

  beforeAll(async () => {
    schema = await createTestSchema();
    pool = new pg.Pool({ connectionString: schema.url, max: 2 });
    await migratePostgres(pool);
    store = new PostgresStore(pool);
  });

  afterAll(async () => {
    await store.close(); // ends the pool too
    await schema.drop();
  });

  const event = (id: string, rawBody: string, bytes: boolean): AcceptedEvent => ({
    id,
    source: 's',
    type: 't',
    dedupeKey: id,
    receivedAt: 1000,
    payload: {},
    rawBody,
    ...(bytes ? { rawBytes: Buffer.from(rawBody, 'utf8') } : {}),
  });

  it('stores the same text as the decoded string would give, byte for byte', async () => {
    const rawBody = `{"text":"zoë ☕ 漢字 𝄞 🎉 👩‍💻 \\u0000 end","pad":"${'é'.repeat(6_000)}"}`;
    await Promise.all([
      store.enqueue(event('bytes', rawBody, true), [{ id: 'd-bytes', route: 'r', target: 't' }]),
      store.enqueue(event('text', rawBody, false), []),
    ]);
    const { rows } = await pool.query<{ id: string; bytes: Buffer }>(
      `SELECT id, convert_to(raw_body, 'UTF8') AS bytes FROM events ORDER BY id`,
    );
    expect(rows.map((row) => row.id)).toEqual(['bytes', 'text']);
    for (const row of rows) expect(row.bytes.equals(Buffer.from(rawBody, 'utf8'))).toBe(true);
    expect((await store.getEvent('bytes'))?.event.rawBody).toBe(rawBody);
  });

  it('refuses a body with a raw NUL alike from bytes or from the string, and only that event', async () => {
    const nul = '{"a":"x\u0000y"}';
    const settled = await Promise.allSettled([
      store.enqueue(event('good-1', '{"ok":1}', true), []),
      store.enqueue(event('nul-bytes', nul, true), []),
      store.enqueue(event('nul-text', nul, false), []),
      store.enqueue(event('good-2', '{"ok":2}', false), []),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    const refusals = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    for (const reason of refusals) {
      expect(reason).toBeInstanceOf(StoreError);
      expect(reason).toMatchObject({ transient: false, cause: { code: '22021' } });
    }
    expect((refusals[0] as Error).message).toBe((refusals[1] as Error).message);
    const { rows } = await pool.query<{ id: string }>(
      `SELECT id FROM events WHERE id LIKE 'good-%' OR id LIKE 'nul-%'`,
    );
    expect(rows.map((row) => row.id).sort()).toEqual(['good-1', 'good-2']);
  });
});
