import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { prefixHmacSha256 } from '../../../bench/prefix-hmac.js';

describe('prefixHmacSha256', () => {
  const prefix = Buffer.from(
    '{"type":"transcript.completed","data":{"text":"' + 'x'.repeat(5000) + '"},"id":',
  );

  it('equals createHmac over prefix + suffix, for each of several suffixes', () => {
    const sign = prefixHmacSha256('s3cret', prefix);
    for (const id of ['"evt_1"}', '"evt_2"}', '"evt_3"}']) {
      const suffix = Buffer.from(id);
      const expected = createHmac('sha256', 's3cret')
        .update(Buffer.concat([prefix, suffix]))
        .digest('hex');
      expect(sign(suffix)).toBe(expected);
    }
  });

  it('equals createHmac with a key longer than the 64-byte block', () => {
    const key = 'k'.repeat(100);
    const suffix = Buffer.from('"evt_long_key"}');
    const expected = createHmac('sha256', key)
      .update(Buffer.concat([prefix, suffix]))
      .digest('hex');
    expect(prefixHmacSha256(key, prefix)(suffix)).toBe(expected);
  });
});
