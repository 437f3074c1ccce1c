import { describe, expect, it } from 'vitest';
import { messageIdFor } from '../../../../src/targets/email/message-id.js';

describe('messageIdFor', () => {
  it('is the same for every attempt of a delivery and uses the sender domain', () => {
    expect(messageIdFor('dlv_01JD8Q', 'ops@example.com')).toBe('<dlv_01JD8Q.hookgate@example.com>');
    expect(messageIdFor('dlv_01JD8Q', 'ops@example.com')).toBe(messageIdFor('dlv_01JD8Q', 'ops@example.com'));
  });

  it('differs between deliveries', () => {
    expect(messageIdFor('dlv_1', 'a@b.c')).not.toBe(messageIdFor('dlv_2', 'a@b.c'));
  });

  it('keeps the id within RFC 5322 atoms and falls back to a reserved domain', () => {
    expect(messageIdFor('a b<c>@d..', undefined)).toBe('<a-b-c--d-.hookgate@hookgate.invalid>');
  });
});
