import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../../../src/cli/check-command.js';
import { checkEmailDefinition, checkEmailRoute } from '../../../../src/targets/email/check-email-target.js';
import { captureIo, configFolder, type ConfigFolder } from '../../../helpers/command-io.js';

describe('checkEmailDefinition', () => {
  it('accepts addresses, lists and named addresses', () => {
    expect(
      checkEmailDefinition({
        from: 'Ops <ops@example.com>',
        to: ['a@x.com', 'B <b@x.com>'],
        cc: 'c@x.com, d@x.com',
      }),
    ).toEqual([]);
  });

  it('names each entry that is not an address, and a from of several', () => {
    expect(
      checkEmailDefinition({ from: 'a@x.com, b@x.com', to: 'not-an-address', cc: ['c@x.com', 'oops'] }),
    ).toEqual([
      { path: ['from'], message: '"from" must be exactly one address' },
      { path: ['to'], message: '"to" holds "not-an-address", which is not an email address' },
      { path: ['cc', 1], message: '"cc" holds "oops", which is not an email address' },
    ]);
  });
});

describe('checkEmailRoute', () => {
  it('needs a from and a to from the target or the route', () => {
    expect(checkEmailRoute({}, {}).map((problem) => problem.message)).toEqual([
      'the email target gives no "from" and this route has no "from" message field: set one',
      'the email target gives no "to" and this route has no "to" message field: set one',
    ]);
    expect(checkEmailRoute({ from: 'a@x.com' }, { to: '{{ event.data.email }}' })).toEqual([]);
  });

  it('checks a route field without Liquid like the target’s own, and leaves a templated one to send time', () => {
    expect(
      checkEmailRoute({ from: 'a@x.com' }, { to: 'team at example', cc: '{{ event.data.cc }}' }),
    ).toEqual([
      { path: ['message', 'to'], message: '"to" holds "team at example", which is not an email address' },
    ]);
  });
});

describe('hookgate check with email targets that could never deliver', () => {
  let folder: ConfigFolder;
  beforeAll(() => {
    folder = configFolder();
  });
  afterAll(() => folder.remove());

  const lines = [
    'sources:', // 1
    '  connect-it:', // 2
    '    verify: { scheme: connect-it, secrets: [s3cret] }', // 3
    '    events: { transcript.completed: }', // 4
    'targets:', // 5
    '  minutes:', // 6
    '    type: email', // 7
    '    url: smtp://smtp.example.com:587', // 8
    '    to: not-an-address', // 9
    '  notes:', // 10
    '    type: email', // 11
    '    host: smtp.example.com', // 12
    'routes:', // 13
    '  - name: minutes', // 14
    '    events: transcript.completed', // 15
    '    to: [minutes, notes]', // 16
  ];

  it('reports each with its line and exits 1', () => {
    const file = folder.write('email.yaml', `${lines.join('\n')}\n`);
    const io = captureIo();
    expect(runCheck(file, io)).toBe(1);
    expect(io.stderr.join('\n').split('\n').slice(1)).toEqual([
      `${file}:9:9: "to" holds "not-an-address", which is not an email address`,
      `${file}:16:10: the email target gives no "from" and this route has no "from" message field: set one`,
      `${file}:16:19: the email target gives no "from" and this route has no "from" message field: set one`,
      `${file}:16:19: the email target gives no "to" and this route has no "to" message field: set one`,
    ]);
  });
});
