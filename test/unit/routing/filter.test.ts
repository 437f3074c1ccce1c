import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileFilter, evaluateFilter, type Filter } from '../../../src/routing/filter.js';
import type { JsonObject } from '../../../src/types.js';

const transcript = JSON.parse(
  readFileSync(new URL('../../fixtures/transcript.completed.json', import.meta.url), 'utf8'),
) as JsonObject;

function compiled(spec: unknown): Filter {
  const { filter, problems } = compileFilter(spec);
  expect(problems).toEqual([]);
  if (!filter) throw new Error('compileFilter returned no filter and no problems');
  return filter;
}

function matches(spec: unknown, payload: JsonObject = transcript): boolean {
  return evaluateFilter(compiled(spec), payload);
}

const at = ['routes', 0, 'filter'] as const;

describe('evaluateFilter', () => {
  describe('eq', () => {
    it('is true when the field equals the string', () => {
      expect(matches({ field: 'data.type', eq: 'meeting' })).toBe(true);
    });
    it('is false when the field holds another string', () => {
      expect(matches({ field: 'data.type', eq: 'webinar' })).toBe(false);
    });
    it('is true when the field equals the number', () => {
      expect(matches({ field: 'data.metadata.duration_seconds', eq: 1860 })).toBe(true);
    });
    it('is false when the field is a number and the operand the same digits as a string', () => {
      expect(matches({ field: 'data.metadata.duration_seconds', eq: '1860' })).toBe(false);
    });
    it('compares objects by value', () => {
      expect(matches({ field: 'data.metadata', eq: { duration_seconds: 1860, language: 'en' } })).toBe(true);
      expect(matches({ field: 'data.metadata', eq: { duration_seconds: 60, language: 'en' } })).toBe(false);
    });
    it('is false for a missing field', () => {
      expect(matches({ field: 'data.missing', eq: 'meeting' })).toBe(false);
    });
  });

  describe('ne', () => {
    it('is true when the field holds another value', () => {
      expect(matches({ field: 'data.type', ne: 'webinar' })).toBe(true);
    });
    it('is false when the field equals the value', () => {
      expect(matches({ field: 'data.type', ne: 'meeting' })).toBe(false);
    });
    it('is true for a missing field', () => {
      expect(matches({ field: 'data.missing', ne: 'meeting' })).toBe(true);
    });
  });

  describe('gt, gte, lt, lte', () => {
    const field = 'data.metadata.duration_seconds'; // 1860 in the fixture

    it('gt is true above and false at the bound', () => {
      expect(matches({ field, gt: 1859 })).toBe(true);
      expect(matches({ field, gt: 1860 })).toBe(false);
    });
    it('gte is true at the bound and false below it', () => {
      expect(matches({ field, gte: 1860 })).toBe(true);
      expect(matches({ field, gte: 1861 })).toBe(false);
    });
    it('lt is true below and false at the bound', () => {
      expect(matches({ field, lt: 1861 })).toBe(true);
      expect(matches({ field, lt: 1860 })).toBe(false);
    });
    it('lte is true at the bound and false above it', () => {
      expect(matches({ field, lte: 1860 })).toBe(true);
      expect(matches({ field, lte: 1859 })).toBe(false);
    });
    it('compares strings in code-point order (ISO timestamps sort as dates)', () => {
      expect(matches({ field: 'data.created_on', gte: '2026-11-28T00:00:00Z' })).toBe(true);
      expect(matches({ field: 'data.created_on', lt: '2026-11-28T00:00:00Z' })).toBe(false);
    });
    it('is false when the field is a number and the operand a string', () => {
      expect(matches({ field: 'data.id', gt: '100' })).toBe(false);
      expect(matches({ field: 'data.id', lt: '999999' })).toBe(false);
    });
    it('is false when the field is a string and the operand a number', () => {
      expect(matches({ field: 'data.headline', gt: 0 })).toBe(false);
    });
    it('is false for a missing field', () => {
      expect(matches({ field: 'data.metadata.missing', gt: 0 })).toBe(false);
      expect(matches({ field: 'data.metadata.missing', lte: 0 })).toBe(false);
    });
  });

  describe('in', () => {
    it('is true when the field is one of the values', () => {
      expect(matches({ field: 'data.metadata.language', in: ['pt', 'en'] })).toBe(true);
    });
    it('is false when the field is none of the values', () => {
      expect(matches({ field: 'data.metadata.language', in: ['de', 'fr'] })).toBe(false);
    });
    it('matches numbers by type and value', () => {
      expect(matches({ field: 'data.user.id', in: [731, 732] })).toBe(true);
      expect(matches({ field: 'data.user.id', in: ['731'] })).toBe(false);
    });
    it('is false for a missing field', () => {
      expect(matches({ field: 'data.missing', in: ['en'] })).toBe(false);
    });
  });

  describe('exists', () => {
    it('exists: true is true for a present field and false for a missing one', () => {
      expect(matches({ field: 'data.headline', exists: true })).toBe(true);
      expect(matches({ field: 'data.summary', exists: true })).toBe(false);
    });
    it('exists: false is true for a missing field and false for a present one', () => {
      expect(matches({ field: 'data.summary', exists: false })).toBe(true);
      expect(matches({ field: 'data.headline', exists: false })).toBe(false);
    });
    it('treats a null field as absent', () => {
      const payload: JsonObject = { type: 'transcript.completed', data: { user: { last_name: null } } };
      expect(matches({ field: 'data.user.last_name', exists: true }, payload)).toBe(false);
      expect(matches({ field: 'data.user.last_name', exists: false }, payload)).toBe(true);
    });
    it('does not see inherited properties', () => {
      expect(matches({ field: 'constructor', exists: true })).toBe(false);
      expect(matches({ field: 'data.toString', exists: true })).toBe(false);
    });
  });

  describe('matches', () => {
    it('is true when the regular expression matches the string field', () => {
      expect(matches({ field: 'data.headline', matches: '^Weekly planning' })).toBe(true);
    });
    it('is false when the regular expression does not match', () => {
      expect(matches({ field: 'data.headline', matches: '^Daily' })).toBe(false);
    });
    it('is false for a field that is not a string', () => {
      expect(matches({ field: 'data.metadata.duration_seconds', matches: '18' })).toBe(false);
    });
    it('is false for a missing field', () => {
      expect(matches({ field: 'data.summary', matches: '.*' })).toBe(false);
    });
    it('understands Unicode property escapes', () => {
      expect(matches({ field: 'data.headline', matches: '^\\p{Lu}' })).toBe(true);
    });
  });

  describe('all, any, not', () => {
    const isMeeting = { field: 'data.type', eq: 'meeting' };
    const isWebinar = { field: 'data.type', eq: 'webinar' };
    const isLong = { field: 'data.metadata.duration_seconds', gte: 600 };

    it('all is true when every filter holds and false when one does not', () => {
      expect(matches({ all: [isMeeting, isLong] })).toBe(true);
      expect(matches({ all: [isMeeting, isWebinar] })).toBe(false);
    });
    it('any is true when one filter holds and false when none does', () => {
      expect(matches({ any: [isWebinar, isLong] })).toBe(true);
      expect(matches({ any: [isWebinar, { field: 'data.type', eq: 'call' }] })).toBe(false);
    });
    it('not inverts its filter', () => {
      expect(matches({ not: isWebinar })).toBe(true);
      expect(matches({ not: isMeeting })).toBe(false);
    });
    it('evaluates nested groups (the example in the filter documentation)', () => {
      const spec = {
        all: [
          { field: 'data.type', eq: 'meeting' },
          { field: 'data.metadata.duration_seconds', gte: 60 },
          {
            any: [
              { field: 'data.metadata.language', in: ['en', 'pt'] },
              { not: { field: 'data.headline', matches: '^draft' } },
            ],
          },
        ],
      };
      expect(matches(spec)).toBe(true);
      const german = {
        data: {
          type: 'meeting',
          headline: 'draft: notes',
          metadata: { duration_seconds: 90, language: 'de' },
        },
      };
      expect(matches(spec, german)).toBe(false);
      const germanFinal = {
        data: { type: 'meeting', headline: 'notes', metadata: { duration_seconds: 90, language: 'de' } },
      };
      expect(matches(spec, germanFinal)).toBe(true);
    });
  });
});

describe('compileFilter', () => {
  it('returns a filter and no problems for a well-formed spec', () => {
    const result = compileFilter({ field: 'data.type', eq: 'meeting' }, at);
    expect(result.problems).toEqual([]);
    expect(result.filter).toMatchObject({ kind: 'compare', field: 'data.type' });
  });

  it('rejects a filter that is not a mapping, at its own path', () => {
    expect(compileFilter('data.type == meeting', at)).toEqual({
      problems: [
        { path: at, message: 'a filter must be a mapping such as { field: data.type, eq: meeting }' },
      ],
    });
    expect(compileFilter([{ field: 'a', eq: 1 }], at).problems).toHaveLength(1);
  });

  it('rejects an unknown operator, at the operator', () => {
    const { filter, problems } = compileFilter({ field: 'data.type', like: 'meet%' }, at);
    expect(filter).toBeUndefined();
    expect(problems).toEqual([
      {
        path: [...at, 'like'],
        message:
          'unknown filter operator "like" (use one of eq, ne, gt, gte, lt, lte, in, exists, matches, or all/any/not)',
      },
    ]);
  });

  it('rejects a comparison without a field', () => {
    expect(compileFilter({ eq: 'meeting' }, at).problems).toEqual([
      { path: at, message: 'a comparison needs "field" (a dotted path such as data.user.id)' },
    ]);
  });

  it('rejects a comparison with no operator or with two', () => {
    const message = 'a comparison takes exactly one operator (eq, ne, gt, gte, lt, lte, in, exists, matches)';
    expect(compileFilter({ field: 'data.type' }, at).problems).toEqual([{ path: at, message }]);
    expect(compileFilter({ field: 'data.type', eq: 'a', ne: 'b' }, at).problems).toEqual([
      { path: at, message },
    ]);
  });

  it('rejects operands of the wrong type, at the operator', () => {
    expect(compileFilter({ field: 'a', gt: true }, at).problems).toEqual([
      { path: [...at, 'gt'], message: '"gt" compares with a number or a string' },
    ]);
    expect(compileFilter({ field: 'a', in: 'en' }, at).problems).toEqual([
      { path: [...at, 'in'], message: '"in" takes a list of values' },
    ]);
    expect(compileFilter({ field: 'a', exists: 'yes' }, at).problems).toEqual([
      { path: [...at, 'exists'], message: '"exists" takes true or false' },
    ]);
    expect(compileFilter({ field: 'a', matches: 5 }, at).problems).toEqual([
      { path: [...at, 'matches'], message: '"matches" takes a regular expression as a string' },
    ]);
  });

  it('rejects a regular expression that does not compile, at "matches"', () => {
    const { filter, problems } = compileFilter({ field: 'data.headline', matches: '(unclosed' }, at);
    expect(filter).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toEqual([...at, 'matches']);
    expect(problems[0]?.message).toMatch(/^"matches" is not a valid regular expression: /);
  });

  it('rejects an empty or missing list under all/any', () => {
    expect(compileFilter({ all: [] }, at).problems).toEqual([
      { path: [...at, 'all'], message: '"all" takes a non-empty list of filters' },
    ]);
    expect(compileFilter({ any: { field: 'a', eq: 1 } }, at).problems).toEqual([
      { path: [...at, 'any'], message: '"any" takes a non-empty list of filters' },
    ]);
  });

  it('rejects all/any/not sharing their mapping with other keys', () => {
    expect(compileFilter({ all: [{ field: 'a', eq: 1 }], field: 'b' }, at).problems).toContainEqual({
      path: at,
      message: '"all" must stand alone in its mapping',
    });
    expect(compileFilter({ not: { field: 'a', eq: 1 }, eq: 2 }, at).problems).toContainEqual({
      path: at,
      message: '"not" must stand alone in its mapping',
    });
  });

  it('gives nested problems their full path', () => {
    const spec = { all: [{ field: 'a', eq: 1 }, { any: [{ not: { field: 'b', gt: true } }] }] };
    expect(compileFilter(spec, at).problems).toEqual([
      { path: [...at, 'all', 1, 'any', 0, 'not', 'gt'], message: '"gt" compares with a number or a string' },
    ]);
  });

  it('reports every problem in the spec at once', () => {
    const spec = { any: [{ eq: 1 }, { field: 'a', like: 1 }, { field: 'b', matches: '[' }] };
    const { filter, problems } = compileFilter(spec, at);
    expect(filter).toBeUndefined();
    expect(problems.map((p) => p.path)).toEqual([
      [...at, 'any', 0],
      [...at, 'any', 1, 'like'],
      [...at, 'any', 2, 'matches'],
    ]);
  });
});
