import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../src/templates/template-engine.js';
import { formatDuration, fullName, truncateLines } from '../../../src/templates/template-filters.js';
import type { JsonObject } from '../../../src/types.js';

const transcript = JSON.parse(
  readFileSync(new URL('../../fixtures/transcript.completed.json', import.meta.url), 'utf8'),
) as JsonObject;

function render(source: string, event: JsonObject = transcript): string {
  return compileTemplate(source, 'none').render({
    event,
    source: 'connect-it',
    event_type: 'transcript.completed',
    received_at: '2026-11-28T16:04:12.000Z',
  });
}

describe('truncate_lines', () => {
  it('keeps the first lines of the transcript and says how many were cut', () => {
    expect(render('{{ event.data.text | truncate_lines: 2 }}')).toBe(
      "Ana: Let's start with the gateway roll-out. The YAML routes are ready for review.\n" +
        'Bo: Slack forwarding works in staging; email still needs the SMTP credentials.\n' +
        '… (2 more lines)',
    );
  });

  it('leaves text with no more lines than the limit unchanged', () => {
    const text = 'one\ntwo\nthree';
    expect(truncateLines(text, 3)).toBe(text);
    expect(truncateLines(text)).toBe(text);
  });

  it('takes a note with {n} as its third argument', () => {
    expect(render('{{ event.data.text | truncate_lines: 3, "[+{n}]" }}').split('\n').at(-1)).toBe('[+1]');
  });

  it('keeps 20 lines by default', () => {
    const text = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`).join('\n');
    const lines = truncateLines(text).split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[19]).toBe('line 20');
    expect(lines[20]).toBe('… (5 more lines)');
  });

  it('renders nothing for a missing value', () => {
    expect(render('[{{ event.data.summary | truncate_lines: 2 }}]')).toBe('[]');
  });
});

describe('duration', () => {
  it('renders the fixture’s 1860 seconds as 31m', () => {
    expect(render('{{ event.data.metadata.duration_seconds | duration }}')).toBe('31m');
  });

  it('renders hours, minutes and seconds', () => {
    expect(formatDuration(3725)).toBe('1h 2m 5s');
    expect(formatDuration(7200)).toBe('2h');
    expect(formatDuration(59)).toBe('59s');
    expect(formatDuration(0)).toBe('0s');
  });

  it('rounds fractional seconds and accepts numeric strings', () => {
    expect(formatDuration(89.6)).toBe('1m 30s');
    expect(formatDuration('125')).toBe('2m 5s');
  });

  it('renders text and negative numbers as given', () => {
    expect(formatDuration('about an hour')).toBe('about an hour');
    expect(formatDuration(-5)).toBe('-5');
  });

  it('renders nothing for a missing value', () => {
    expect(render('[{{ event.data.metadata.missing | duration }}]')).toBe('[]');
  });

  it('renders nothing for a null value rather than 0s', () => {
    expect(render('[{{ event.data.duration | duration }}]', { type: 't', data: { duration: null } })).toBe(
      '[]',
    );
    expect(formatDuration(null)).toBe('');
  });
});

describe('full_name', () => {
  it('joins first and last name of the fixture’s user', () => {
    expect(render('{{ event.data.user | full_name }}')).toBe('Ana Lima');
  });

  it('skips missing, null and empty parts', () => {
    expect(fullName({ first_name: 'Ana', last_name: null })).toBe('Ana');
    expect(fullName({ last_name: 'Lima' })).toBe('Lima');
    expect(fullName({ first_name: '', last_name: 'Lima' })).toBe('Lima');
  });

  it('renders nothing for a value that is not a user object', () => {
    expect(fullName('Ana Lima')).toBe('');
    expect(fullName(null)).toBe('');
    expect(render('[{{ event.data.owner | full_name }}]')).toBe('[]');
  });
});

describe('escape filters', () => {
  it('slack_escape, html_escape and json_escape escape like their escapers', () => {
    const event: JsonObject = { type: 't', data: { v: '<a> & "b"\n' } };
    expect(render('{{ event.data.v | slack_escape }}', event)).toBe('&lt;a&gt; &amp; "b"\n');
    expect(render('{{ event.data.v | html_escape }}', event)).toBe('&lt;a&gt; &amp; &quot;b&quot;\n');
    expect(render('{{ event.data.v | json_escape }}', event)).toBe('<a> & \\"b\\"\\n');
  });
});
