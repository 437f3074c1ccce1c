import { describe, expect, it } from 'vitest';
import { describeStartupError } from '../../src/describe-startup-error.js';
import { ConfigError, GatewayError, StoreError } from '../../src/errors.js';

describe('describeStartupError', () => {
  it('gives the message of a config, log level or store problem', () => {
    expect(
      describeStartupError(new ConfigError([{ file: 'g.yaml', line: 2, column: 3, message: 'bad' }])),
    ).toBe('1 config error:\ng.yaml:2:3: bad');
    expect(describeStartupError(new GatewayError('config_invalid', 'LOG_LEVEL "x" is not a log level'))).toBe(
      'LOG_LEVEL "x" is not a log level',
    );
    expect(describeStartupError(new StoreError('the data folder /d is in use'))).toBe(
      'the data folder /d is in use',
    );
  });

  it('says why a port cannot be bound', () => {
    const inUse = Object.assign(new Error('listen EADDRINUSE'), {
      code: 'EADDRINUSE',
      syscall: 'listen',
      address: '0.0.0.0',
      port: 3221,
    });
    expect(describeStartupError(inUse)).toBe(
      'cannot listen on 0.0.0.0:3221: the port is in use by another process',
    );
  });

  it('leaves anything else to be logged with its stack', () => {
    expect(describeStartupError(new TypeError('x is not a function'))).toBeUndefined();
    expect(describeStartupError(undefined)).toBeUndefined();
  });
});
