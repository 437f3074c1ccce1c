import { describe, expect, it } from 'vitest';
import { identityHeaders } from '../../../src/sources/identity-headers.js';

describe('identityHeaders', () => {
  it('puts the type and id where the sender does, the type without its suffix', () => {
    expect(identityHeaders('github', { type: 'pull_request.opened', id: 'd-1' })).toEqual({
      'x-github-event': 'pull_request',
      'x-github-delivery': 'd-1',
    });
    expect(identityHeaders('shopify', { type: 'orders/create', id: 'w-1' })).toEqual({
      'x-shopify-topic': 'orders/create',
      'x-shopify-webhook-id': 'w-1',
    });
    expect(identityHeaders('gitlab', { type: 'Push Hook', id: 'k' })).toEqual({
      'x-gitlab-event': 'Push Hook',
      'idempotency-key': 'k',
    });
  });

  it('adds nothing for senders that carry them in the body', () => {
    expect(identityHeaders('stripe', { type: 'invoice.paid', id: 'x' })).toEqual({});
    expect(identityHeaders('connect-it', { type: 'test.completed', id: 'x' })).toEqual({});
  });
});
