import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/cli/check-command.js';
import { captureIo, configFolder, type ConfigFolder } from '../../helpers/command-io.js';

const secretVar = 'HOOKGATE_CHECK_TEST_SECRET';

const validConfig = `
sources:
  connect-it:
    path: /webhook
    verify: { scheme: connect-it, secrets: ["\${${secretVar}}"] }
    events:
      test.completed: { schema: config/schemas/test.completed.schema.json }
      transcript.completed: { schema: config/schemas/transcript.completed.schema.json }
targets:
  team-slack:
    type: slack
    webhookUrl: https://hooks.slack.com/services/T000/B000/XXXX
  minutes:
    type: email
    url: smtp://mailer:secret@smtp.example.com:587
    from: 'Transcripts <transcripts@example.com>'
    to: team@example.com
  crm:
    type: http
    url: https://crm.example.com/hooks
routes:
  - name: transcripts
    events: transcript.*
    to: [team-slack, minutes]
  - name: crm
    events: transcript.completed
    to: crm
`;

const singleConfig = `
sources:
  connect-it:
    verify: { scheme: connect-it, secrets: [s3cret] }
    events: { test.completed: }
targets:
  team-slack: { type: slack, webhookUrl: "https://hooks.slack.com/services/T000/B000/XXXX" }
routes:
  - { name: tests, events: test.completed, to: team-slack }
`;

// Five mistakes on five lines: an unset variable, an unknown target, a bad regular expression, a template that
// does not parse and a message field no target uses.
const brokenLines = [
  'sources:', // 1
  '  connect-it:', // 2
  '    path: /webhook', // 3
  '    verify:', // 4
  '      scheme: connect-it', // 5
  '      secrets:', // 6
  `        - \${${secretVar}}`, // 7
  '    events:', // 8
  '      transcript.completed:', // 9
  '        schema: config/schemas/transcript.completed.schema.json', // 10
  'targets:', // 11
  '  team-slack:', // 12
  '    type: slack', // 13
  '    webhookUrl: https://hooks.slack.com/services/T000/B000/XXXX', // 14
  'routes:', // 15
  '  - name: transcripts', // 16
  '    events: transcript.completed', // 17
  '    to: team-slak', // 18
  '  - name: titles', // 19
  '    events: transcript.completed', // 20
  '    to: team-slack', // 21
  "    filter: { field: data.type, matches: '(' }", // 22
  '    message:', // 23
  "      title: '{{ event.data.headline'", // 24
  '      colour: red', // 25
];

describe('runCheck (hookgate check)', () => {
  let folder: ConfigFolder;
  beforeAll(() => {
    folder = configFolder();
  });
  afterAll(() => folder.remove());

  it('a valid file: exit 0 and a one-line summary, nothing on stderr', () => {
    const file = folder.write('valid.yaml', validConfig);
    const io = captureIo({ [secretVar]: 'cit_whsec_4f1d0c2b9a' });
    expect(runCheck(file, io)).toBe(0);
    expect(io.stdout).toEqual([`${file}: ok (1 source, 3 targets, 2 routes)`]);
    expect(io.stderr).toEqual([]);
  });

  it('counts in the singular when there is one of each', () => {
    const file = folder.write('single.yaml', singleConfig);
    const io = captureIo();
    expect(runCheck(file, io)).toBe(0);
    expect(io.stdout).toEqual([`${file}: ok (1 source, 1 target, 1 route)`]);
  });

  it('a broken file: exit 1 and every error with its file:line:column, nothing on stdout', () => {
    const file = folder.write('broken.yaml', `${brokenLines.join('\n')}\n`);
    const io = captureIo();
    expect(runCheck(file, io)).toBe(1);
    expect(io.stdout).toEqual([]);
    const lines = io.stderr.join('\n').split('\n');
    expect(lines[0]).toBe('hookgate: 5 config errors:');
    expect(lines.slice(1)).toEqual([
      `${file}:7:11: environment variable ${secretVar} is not set and has no default (write \${${secretVar}:-default} to give one)`,
      `${file}:18:9: unknown target "team-slak" (known: team-slack)`,
      expect.stringMatching(
        new RegExp(`^${escapeRegExp(file)}:22:\\d+: "matches" is not a valid regular expression`),
      ),
      expect.stringMatching(new RegExp(`^${escapeRegExp(file)}:24:14: template "title" does not parse: `)),
      `${file}:25:7: message field "colour" is used by none of this route's targets (they use: title, text, detail)`,
    ]);
  });

  it('reads variables from the environment it is given, not from process.env', () => {
    const file = folder.write('broken-env.yaml', `${brokenLines.join('\n')}\n`);
    const io = captureIo({ [secretVar]: 'set' });
    expect(runCheck(file, io)).toBe(1);
    const text = io.stderr.join('\n');
    expect(text.split('\n')[0]).toBe('hookgate: 4 config errors:');
    expect(text).not.toContain(secretVar);
  });

  it('a YAML syntax error: exit 1 with its line', () => {
    const file = folder.write('syntax.yaml', 'sources:\n  connect-it: [unclosed\ntargets: {}\n');
    const io = captureIo();
    expect(runCheck(file, io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(new RegExp(`^${escapeRegExp(file)}:\\d+:\\d+: `, 'm'));
  });

  it('a file that does not exist: exit 1 saying it cannot be read', () => {
    const file = join(folder.dir, 'missing.yaml');
    const io = captureIo();
    expect(runCheck(file, io)).toBe(1);
    expect(io.stderr).toEqual([
      `hookgate: 1 config error:\n${file}:1:1: cannot read the config file: ENOENT`,
    ]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
