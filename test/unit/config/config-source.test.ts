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
