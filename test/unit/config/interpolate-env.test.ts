import { describe, expect, it } from 'vitest';
import { ConfigSource } from '../../../src/config/config-source.js';
import { interpolateEnv } from '../../../src/config/interpolate-env.js';

function interpolate(
  text: string,
  env: NodeJS.ProcessEnv,
): { value: unknown; problems: ConfigSource['problems'] } {
  const source = ConfigSource.parse('gateway.yaml', text);
  interpolateEnv(source, env);
  return { value: source.doc.toJS(), problems: source.problems };
}

describe('interpolateEnv', () => {
  it('replaces ${VAR} with the variable', () => {
    expect(
      interpolate('url: ${SLACK_WEBHOOK_URL}\n', {
        SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/x',
      }),
    ).toEqual({
      value: { url: 'https://hooks.slack.com/services/T0/B0/x' },
      problems: [],
    });
  });

  it('replaces several references inside one string', () => {
    const { value } = interpolate('url: https://${HOST}:${PORT:-8443}/hooks\n', { HOST: 'example.com' });
    expect(value).toEqual({ url: 'https://example.com:8443/hooks' });
  });

  it('uses the default of ${VAR:-default} when the variable is unset or empty', () => {
    expect(interpolate('dir: ${DATA_DIR:-./data}\n', {}).value).toEqual({ dir: './data' });
    expect(interpolate('dir: ${DATA_DIR:-./data}\n', { DATA_DIR: '' }).value).toEqual({ dir: './data' });
    expect(interpolate('dir: ${DATA_DIR:-./data}\n', { DATA_DIR: '/srv/data' }).value).toEqual({
      dir: '/srv/data',
    });
  });

  it('accepts an empty default', () => {
    expect(interpolate('prefix: "${PREFIX:-}"\n', {})).toEqual({ value: { prefix: '' }, problems: [] });
  });

  it('leaves substituted values strings (the config schema converts them where it wants numbers)', () => {
    expect(interpolate('port: ${PORT:-3221}\nwatch: ${WATCH:-false}\n', {}).value).toEqual({
      port: '3221',
      watch: 'false',
    });
  });

  it('keeps a quoted scalar a string', () => {
    expect(interpolate('port: \'${PORT:-3221}\'\nwatch: "${WATCH:-true}"\n', {}).value).toEqual({
      port: '3221',
      watch: 'true',
    });
  });

  it('interpolates items of sequences', () => {
    expect(
      interpolate('secrets:\n  - ${NEW_SECRET}\n  - ${OLD_SECRET:-previous}\n', { NEW_SECRET: 'current' })
        .value,
    ).toEqual({
      secrets: ['current', 'previous'],
    });
  });

  it('leaves keys alone', () => {
    expect(interpolate('${NAME}: value\n', { NAME: 'replaced' }).value).toEqual({ '${NAME}': 'value' });
  });

  it('turns $${ into a literal ${', () => {
    expect(interpolate("text: 'costs $${AMOUNT}'\n", { AMOUNT: '5' })).toEqual({
      value: { text: 'costs ${AMOUNT}' },
      problems: [],
    });
  });

  it('reports an unset variable without default at the line and column of its value', () => {
    const { problems } = interpolate('server:\n  host: localhost\nsecret: ${WEBHOOK_SECRET}\n', {});
    expect(problems).toEqual([
      {
        file: 'gateway.yaml',
        line: 3,
        column: 9,
        message:
          'environment variable WEBHOOK_SECRET is not set and has no default (write ${WEBHOOK_SECRET:-default} to give one)',
      },
    ]);
  });

  it('reports a variable set to the empty string as unset', () => {
    expect(interpolate('secret: ${WEBHOOK_SECRET}\n', { WEBHOOK_SECRET: '' }).problems).toHaveLength(1);
  });

  it('reports every unset variable', () => {
    const { problems } = interpolate('a: ${A}\nb: ${B}-${C}\n', {});
    expect(problems.map((p) => [p.line, p.message.split(' ')[2]])).toEqual([
      [1, 'A'],
      [2, 'B'],
      [2, 'C'],
    ]);
  });

  it('reports a malformed reference', () => {
    expect(interpolate('a: ${1ST}\n', { '1ST': 'x' }).problems).toEqual([
      {
        file: 'gateway.yaml',
        line: 1,
        column: 4,
        message: '"${1ST}" is not a valid variable reference (use ${NAME} or ${NAME:-default})',
      },
    ]);
  });
});
