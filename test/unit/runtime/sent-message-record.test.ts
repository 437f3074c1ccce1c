import { describe, expect, it } from 'vitest';
import { expandSentMessage, recordSentMessage } from '../../../src/runtime/sent-message-record.js';
import type { JsonValue } from '../../../src/types.js';

const rawBody = JSON.stringify({ type: 'order.created', order: 'A-17', note: 'a "quoted" \\ line\n' });
const passThrough = {
  method: 'POST',
  url: 'https://example.test/hook',
  headers: { 'content-type': 'application/json' },
  body: rawBody,
};

describe('recordSentMessage', () => {
  it('stores a marker instead of a body that is the event raw body unchanged', () => {
    const stored = recordSentMessage(passThrough, rawBody);
    expect(stored).not.toContain('A-17');
    expect(JSON.parse(stored)).toEqual({ ...passThrough, body: { $hookgate: 'event-body' } });
  });

  it('stores a body that differs from the event raw body as it is', () => {
    const templated = { ...passThrough, body: '{"text":"Order A-17"}' };
    expect(recordSentMessage(templated, rawBody)).toBe(JSON.stringify(templated));
  });

  it('stores previews without a string body as they are', () => {
    const slack: JsonValue = [{ method: 'POST', url: 'slack', body: { text: rawBody } }];
    expect(recordSentMessage(slack, rawBody)).toBe(JSON.stringify(slack));
    const noBody = { error: 'the message preview failed' };
    expect(recordSentMessage(noBody, rawBody)).toBe(JSON.stringify(noBody));
  });
});

describe('expandSentMessage', () => {
  it('gives back the exact text the message would have been stored as without the marker', () => {
    const stored = recordSentMessage(passThrough, rawBody);
    expect(expandSentMessage(stored, rawBody)).toBe(JSON.stringify(passThrough));
  });

  it('keeps the error of a preview that found a problem', () => {
    const withProblem = { ...passThrough, error: 'the target refuses it' };
    const stored = recordSentMessage(withProblem, rawBody);
    expect(JSON.parse(expandSentMessage(stored, rawBody))).toEqual(withProblem);
  });

  it('reads rows stored before the marker, and text that is not JSON, unchanged', () => {
    const old = JSON.stringify(passThrough);
    expect(expandSentMessage(old, rawBody)).toBe(old);
    expect(expandSentMessage('not json', rawBody)).toBe('not json');
  });

  it('does not replace marker text that a templated body happens to contain', () => {
    const templated = JSON.stringify({ ...passThrough, body: '{"$hookgate":"event-body"}' });
    expect(expandSentMessage(templated, rawBody)).toBe(templated);
    const nested = JSON.stringify({ ...passThrough, body: { $hookgate: 'event-body', more: 1 } });
    expect(expandSentMessage(nested, rawBody)).toBe(nested);
  });
});
