import { describe, expect, it } from 'vitest';
import { escapeHtml, html, safeHref, timeTag, trustedHtml } from '../../../src/console/html.js';

describe('html', () => {
  it('escapes every inserted string, number and list item, but not Html it made itself', () => {
    const hostile = `<img src=x onerror="alert('1')">&\``;
    const out = html`<p title="${hostile}">${hostile}${[hostile, 2]}${html`<b>ok</b>`}</p>`.text;
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;&#96;');
    expect(out).toContain('<b>ok</b>');
    expect(out).toContain('2');
  });

  it('leaves out null, undefined and false', () => {
    expect(html`a${null}${undefined}${false}b`.text).toBe('ab');
  });

  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
    expect(trustedHtml('<br>').text).toBe('<br>');
  });

  it('allows only our own paths and http(s) URLs as links', () => {
    expect(safeHref('/console/events')).toBe('/console/events');
    expect(safeHref('https://example.com/a')).toBe('https://example.com/a');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('JaVaScRiPt:alert(1)')).toBeUndefined();
    expect(safeHref('//evil.example/')).toBeUndefined();
    expect(safeHref('data:text/html,x')).toBeUndefined();
  });

  it('writes times as <time> with the UTC value on hover', () => {
    expect(timeTag(Date.UTC(2026, 11, 1, 2, 30)).text).toBe(
      '<time datetime="2026-12-01T02:30:00.000Z" title="2026-12-01 02:30:00 UTC">2026-12-01 02:30:00 UTC</time>',
    );
    expect(timeTag(null).text).toContain('—');
  });
});
