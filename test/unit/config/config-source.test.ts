import { describe, expect, it } from 'vitest';
import { ConfigSource } from '../../../src/config/config-source.js';

const text = [
  'sources:', // 1
  '  connect-it:', // 2
  '    path: /webhook', // 3
  '    verify: { scheme: connect-it, secrets: [one, two] }', // 4
  'routes:', // 5
  '  - name: transcripts', // 6
  '    to: team-chat', // 7
].join('\n');

function at(path: (string | number)[], where: 'key' | 'value' = 'value'): [number, number] {
  const source = ConfigSource.parse('gateway.yaml', text);
  source.add(path, 'problem', where);
  const problem = source.problems[0];
  return [problem?.line ?? 0, problem?.column ?? 0];
}

describe('ConfigSource', () => {
  it('parses a valid file without problems', () => {
    expect(ConfigSource.parse('gateway.yaml', text).problems).toEqual([]);
  });

  it('places a problem at the value of a path', () => {
    expect(at(['sources', 'connect-it', 'path'])).toEqual([3, 11]);
  });

  it('places a problem at the key of a path when asked', () => {
    expect(at(['sources', 'connect-it', 'path'], 'key')).toEqual([3, 5]);
  });

  it('follows sequence indexes and flow collections', () => {
    expect(at(['sources', 'connect-it', 'verify', 'secrets', 1])).toEqual([4, 50]);
    expect(at(['routes', 0, 'to'])).toEqual([7, 9]);
  });

  it('falls back to the nearest existing parent of a missing path', () => {
    expect(at(['routes', 0, 'message', 'title'])).toEqual([6, 5]);
  });

  it('records the file name with each problem', () => {
    const source = ConfigSource.parse('config/gateway.yaml', text);
    source.add(['routes'], 'a problem');
    expect(source.problems).toEqual([
      { file: 'config/gateway.yaml', line: 6, column: 3, message: 'a problem' },
    ]);
  });

  it('reports YAML errors found while parsing', () => {
    const problems = ConfigSource.parse('gateway.yaml', 'sources:\n  a: 1\n  a: 2\n').problems;
    expect(problems).toEqual([
      { file: 'gateway.yaml', line: 3, column: 3, message: 'Map keys must be unique' },
    ]);
  });
});

describe('ConfigSource.toJS', () => {
  it('resolves ordinary aliases', () => {
    const source = ConfigSource.parse('g.yaml', 'base: &retry { attempts: 3 }\na: *retry\nb: [*retry]\n');
    expect(source.toJS()).toEqual({ base: { attempts: 3 }, a: { attempts: 3 }, b: [{ attempts: 3 }] });
    expect(source.problems).toEqual([]);
  });

  it('reports an alias without its anchor at the alias, instead of throwing', () => {
    const source = ConfigSource.parse('g.yaml', 'a: 1\nb: *missing\n');
    expect(source.toJS()).toBeUndefined();
    expect(source.problems).toEqual([
      {
        file: 'g.yaml',
        line: 2,
        column: 4,
        message: 'alias *missing refers to no anchor &missing before it',
      },
    ]);
  });

  it('reports an alias bomb at the first alias, instead of expanding it', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
    ])
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    const source = ConfigSource.parse('g.yaml', lines.join('\n'));
    expect(source.toJS()).toBeUndefined();
    expect(source.problems).toHaveLength(1);
    expect(source.problems[0]).toMatchObject({ line: 2, column: 8 });
    expect(source.problems[0]?.message).toMatch(/too many values/);
  });
});

describe('ConfigSource.parse syntax errors', () => {
  it('reports one error for one slip, with a hint for an unquoted ${VAR} in a flow map', () => {
    const source = ConfigSource.parse(
      'g.yaml',
      'targets:\n  crm:\n    sign: { scheme: standard-webhooks, secret: ${CRM_WEBHOOK_SECRET} }\n    timeoutMs: 15000\nroutes: []\n',
    );
    expect(source.problems).toHaveLength(1);
    expect(source.problems[0]).toMatchObject({ line: 3 });
    expect(source.problems[0]?.message).toContain(
      "a ${VAR} inside { } or [ ] must be quoted, e.g. secret: '${SECRET}'",
    );
    expect(source.problems[0]?.message).toMatch(/\(\d+ further syntax errors? may follow from this one\)$/);
  });
});
