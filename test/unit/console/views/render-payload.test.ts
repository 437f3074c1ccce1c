import { describe, expect, it } from 'vitest';
import { longStringChars, renderPayload } from '../../../../src/console/views/render-payload.js';

describe('renderPayload', () => {
  it('escapes keys and values and nests objects in <details>', () => {
    const out = renderPayload({ '<k>': { v: '<script>alert(1)</script>' }, n: 1 }, '/all').text;
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;k&gt;');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out.match(/<details/g)?.length).toBe(2);
  });

  it('cuts long strings with a "show all" link, unless showing all', () => {
    const long = 'y'.repeat(longStringChars + 10);
    const cut = renderPayload({ text: long }, '/console/events/e?full=1').text;
    expect(cut).toContain(`show all (${long.length} characters)`);
    expect(cut).not.toContain(long);
    expect(renderPayload({ text: long }, undefined).text).toContain(long);
  });
});
