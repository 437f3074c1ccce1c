import { describe, expect, it } from 'vitest';
import { truncateText } from '../../../../src/targets/slack/truncate-text.js';

describe('truncateText', () => {
  it('keeps text that fits', () => {
    expect(truncateText('Weekly planning', 150)).toBe('Weekly planning');
  });

  it('cuts at a word boundary and ends with an ellipsis, within the limit', () => {
    const text = 'Weekly planning: gateway roll-out and the retry policy for every integration we run';
    const cut = truncateText(text, 40);
    expect(cut.length).toBeLessThanOrEqual(40);
    expect(cut).toBe('Weekly planning: gateway roll-out and…');
  });

  it('does not leave half an entity or half a surrogate pair before the ellipsis', () => {
    expect(truncateText('&amp;'.repeat(10), 13)).toBe('&amp;&amp;…');
    expect(truncateText('𝄞'.repeat(10), 10)).toBe('𝄞𝄞𝄞𝄞…');
  });
});
