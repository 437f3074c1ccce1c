import { describe, expect, it } from 'vitest';
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
