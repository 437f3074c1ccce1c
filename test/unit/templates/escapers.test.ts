import { describe, expect, it } from 'vitest';
import {
  escapeHeader,
  escapeHtml,
  escapeJson,
  escapers,
  escapeSlack,
} from '../../../src/templates/escapers.js';

describe('escapeSlack', () => {
  it('disarms mentions, user links and URL links', () => {
    expect(escapeSlack('<!channel> & <@U123> <https://x|y>')).toBe(
      '&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://x|y&gt;',
    );
  });

  it('leaves everything but &, < and > alone', () => {
    const text = `*bold* _italic_ ~strike~ \`code\` "quoted" 'single' :tada: é 😀`;
    expect(escapeSlack(text)).toBe(text);
  });

  it('escapes an ampersand that already looks like an entity', () => {
    expect(escapeSlack('&lt;')).toBe('&amp;lt;');
  });
});

describe('escapeHtml', () => {
  it('escapes &, <, >, double and single quotes', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;',
    );
  });

  it('leaves other text alone', () => {
    expect(escapeHtml('Ana Lima · 31m 😀')).toBe('Ana Lima · 31m 😀');
  });
});

describe('escapeJson', () => {
  const awkward = [
    'She said "ship it"',
    'line one\nline two\r\n',
    'C:\\Users\\ana\\notes.txt',
    'separator\u2028and\u2029paragraph',
    'tab\tbell\u0007nul\u0000',
    '😀 𝄞',
    '</script>',
  ];

  it.each(awkward)('keeps %j a valid JSON string between the author’s quotes', (value) => {
    const document = `{"text":"${escapeJson(value)}"}`;
    expect(JSON.parse(document)).toEqual({ text: value });
  });

  it('escapes quotes, backslashes and newlines', () => {
    expect(escapeJson('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });

  it('writes no raw line break into the output', () => {
    expect(escapeJson('a\nb\rc')).not.toMatch(/[\r\n]/);
  });
});

describe('escapeHeader', () => {
  it('replaces CR/LF so a value cannot add a header', () => {
    const escaped = escapeHeader('Weekly planning\r\nBcc: everyone@example.com');
    expect(escaped).not.toMatch(/[\r\n]/);
    expect(escaped).toBe('Weekly planning Bcc: everyone@example.com');
  });

  it('replaces other control characters and keeps printable text', () => {
    expect(escapeHeader('a\tb\u0000c\u007fd')).toBe('a b c d');
    expect(escapeHeader('Ana Lima: “roll-out” 😀')).toBe('Ana Lima: “roll-out” 😀');
  });
});

describe('escapers', () => {
  it('maps each escaper name to its function', () => {
    expect(escapers.slack('<b>')).toBe('&lt;b&gt;');
    expect(escapers.html('"')).toBe('&quot;');
    expect(escapers.json('"')).toBe('\\"');
    expect(escapers.header('a\nb')).toBe('a b');
    expect(escapers.none('<!channel> "\n')).toBe('<!channel> "\n');
  });
});
