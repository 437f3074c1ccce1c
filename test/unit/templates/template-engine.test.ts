import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compileTemplate,
  templateLimits,
  type TemplateContext,
} from '../../../src/templates/template-engine.js';
import type { EscaperName } from '../../../src/templates/escapers.js';
import type { JsonObject } from '../../../src/types.js';

const transcript = JSON.parse(
  readFileSync(new URL('../../fixtures/transcript.completed.json', import.meta.url), 'utf8'),
) as JsonObject;

function context(event: JsonObject = transcript): TemplateContext {
  return {
    event,
    source: 'connect-it',
    event_type: 'transcript.completed',
    received_at: '2026-11-28T16:04:12.000Z',
  };
}

function render(source: string, escaper: EscaperName = 'none', event: JsonObject = transcript): string {
  return compileTemplate(source, escaper).render(context(event));
}

/** Output of a template, or the message it failed with at compile or render time. */
function attempt(source: string): string {
  try {
    return render(source);
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

const hostile: JsonObject = {
  type: 'transcript.completed',
  data: {
    headline: '<!channel> & <@U123> <https://x|y>',
    html: '<img src=x onerror="alert(1)">',
    text: 'He said "ship it"\nC:\\temp\u2028done',
    subject: 'Hello\r\nBcc: all@example.com',
  },
};

describe('compileTemplate', () => {
  it('renders payload fields', () => {
    expect(render('{{ event.data.headline }} ({{ event.data.metadata.duration_seconds }}s)')).toBe(
      'Weekly planning: gateway roll-out (1860s)',
    );
  });

  it('renders source, event_type and received_at beside the event', () => {
    expect(render('{{ source }}/{{ event_type }}@{{ received_at }}')).toBe(
      'connect-it/transcript.completed@2026-11-28T16:04:12.000Z',
    );
  });

  it('renders a missing field as nothing and an object as JSON', () => {
    expect(render('[{{ event.data.summary }}]')).toBe('[]');
    expect(render('{{ event.data.metadata }}')).toBe('{"duration_seconds":1860,"language":"en"}');
  });

  it('escapes inserted values for Slack', () => {
    expect(render('{{ event.data.headline }}', 'slack', hostile)).toBe(
      '&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://x|y&gt;',
    );
  });

  it('leaves the literal template text unescaped', () => {
    expect(
      render('<!here> *New:* <https://example.com|open> {{ event.data.headline }}', 'slack', hostile),
    ).toBe(
      '<!here> *New:* <https://example.com|open> &lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://x|y&gt;',
    );
  });

  it('escapes inserted values for HTML', () => {
    expect(render('<p>{{ event.data.html }}</p>', 'html', hostile)).toBe(
      '<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>',
    );
  });

  it('keeps a JSON template valid when the value holds quotes, newlines, backslashes and U+2028', () => {
    const rendered = render('{"text": "{{ event.data.text }}"}', 'json', hostile);
    expect(JSON.parse(rendered)).toEqual({ text: 'He said "ship it"\nC:\\temp\u2028done' });
  });

  it('keeps a header value on one line', () => {
    expect(render('Re: {{ event.data.subject }}', 'header', hostile)).toBe('Re: Hello Bcc: all@example.com');
  });

  it('escapes the output of a filter too', () => {
    expect(render('{{ event.data.headline | upcase }}', 'slack', hostile)).toBe(
      '&lt;!CHANNEL&gt; &amp; &lt;@U123&gt; &lt;HTTPS://X|Y&gt;',
    );
  });

  it('keeps emoji and characters outside the BMP intact', () => {
    const event: JsonObject = { type: 't', data: { headline: 'Launch 😀 𝄞 👩🏽‍💻 ação' } };
    expect(render('{{ event.data.headline }} 🚀', 'slack', event)).toBe('Launch 😀 𝄞 👩🏽‍💻 ação 🚀');
    expect(render('{{ event.data.headline }}', 'json', event)).toBe('Launch 😀 𝄞 👩🏽‍💻 ação');
  });

  describe('file system', () => {
    it('has /etc/passwd to try to read', () => {
      expect(existsSync('/etc/passwd') && readFileSync('/etc/passwd', 'utf8')).toContain('root:');
    });

    it.each([
      "{% include 'x' %}",
      "{% render '/etc/passwd' %}",
      "{% include '/etc/passwd' %}",
      "{% include '../../../../../../etc/passwd' %}",
      "{% layout '/etc/passwd' %}body",
    ])('%s reads no file', (source) => {
      expect(attempt(source)).not.toContain('root:');
    });

    it('cannot include a project file by relative path', () => {
      for (const source of ["{% render 'package.json' %}", "{% include './package.json' %}"]) {
        expect(attempt(source)).not.toContain('hookgate');
      }
    });
  });

  describe('prototype properties', () => {
    it.each([
      '{{ event.constructor }}',
      '{{ event.constructor.name }}',
      '{{ event.__proto__ }}',
      '{{ event.toString }}',
      '{{ event.data.headline.constructor }}',
      '{{ event.data.hasOwnProperty }}',
    ])('%s renders nothing', (source) => {
      expect(render(source)).toBe('');
    });
  });

  describe('limits', () => {
    it('throws at compile time for a template longer than the parse limit', () => {
      expect(() => compileTemplate('x'.repeat(templateLimits.parseLimit + 1), 'none')).toThrow(
        /parse length limit/,
      );
    });

    it('compiles a template exactly at the parse limit', () => {
      expect(render('x'.repeat(templateLimits.parseLimit))).toHaveLength(templateLimits.parseLimit);
    });

    it('stops a render that runs past the render limit', () => {
      const runaway = '{% for a in (1..100000) %}{% for b in (1..100000) %}x{% endfor %}{% endfor %}';
      const started = Date.now();
      expect(() => render(runaway)).toThrow(/render limit/);
      expect(Date.now() - started).toBeLessThan(templateLimits.renderLimit * 5);
    });
  });

  it('throws at compile time for an unknown filter', () => {
    expect(() => compileTemplate('{{ event.type | shout }}', 'slack')).toThrow(/undefined filter: shout/);
  });

  it('throws at compile time for an unclosed output tag', () => {
    expect(() => compileTemplate('{{ event.data.headline ', 'slack')).toThrow(/not closed/);
  });

  describe('date', () => {
    const timestamp = '"2026-11-28T15:31:02Z"';

    it('formats in UTC when no time zone is given', () => {
      expect(render(`{{ ${timestamp} | date: "%H:%M" }}`)).toBe('15:31');
    });

    it('formats in the time zone given as the second argument', () => {
      expect(render(`{{ ${timestamp} | date: "%H:%M", "America/New_York" }}`)).toBe('10:31');
    });

    it('follows daylight saving time in that zone', () => {
      expect(render('{{ "2026-07-01T15:31:02Z" | date: "%H:%M", "America/New_York" }}')).toBe('11:31');
    });

    it('formats a payload timestamp', () => {
      expect(render('{{ event.data.created_on | date: "%Y-%m-%d %H:%M", "Europe/Lisbon" }}')).toBe(
        '2026-11-28 15:31',
      );
    });
  });
});

describe('a deeply nested payload', () => {
  // JSON.parse accepts it (an accepted event); JSON.stringify would throw "Maximum call stack size exceeded".
  const depth = 20_000;
  const deep = JSON.parse(`{"data":${'['.repeat(depth)}"<x>"${']'.repeat(depth)}}`) as JsonObject;
  const context: TemplateContext = { event: deep, source: 's', received_at: '', event_type: 't' };

  it('renders inserted into a JSON body, as JSON text inside the string', () => {
    const body = compileTemplate('{"data": "{{ event.data }}"}', 'json').render(context);
    const parsed = JSON.parse(body) as { data: string };
    expect(parsed.data).toBe(`${'['.repeat(depth)}"<x>"${']'.repeat(depth)}`);
  });

  it('renders through the json filter, raw into a JSON body', () => {
    const body = compileTemplate('{"data": {{ event.data | json | raw }}}', 'json').render(context);
    expect(body).toBe(`{"data": ${'['.repeat(depth)}"<x>"${']'.repeat(depth)}}`);
  });
});
