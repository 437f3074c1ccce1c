import { describe, expect, it } from 'vitest';
import { describeTypeSpec, readEventIdText, readEventType } from '../../../src/ingest/event-fields.js';
import { parseBody } from '../../../src/ingest/parse-body.js';
import { sourcePresets } from '../../../src/sources/source-presets.js';

const json = (text: string) => parseBody(text, 'json');

describe('readEventType', () => {
  it('reads GitHub’s header and appends the body’s action', () => {
    const spec = sourcePresets.github.eventType;
    const headers = { 'x-github-event': 'pull_request' };
    expect(readEventType(spec, headers, { action: 'opened', number: 1 })).toBe('pull_request.opened');
    expect(readEventType(spec, { 'x-github-event': 'push' }, { ref: 'refs/heads/main' })).toBe('push');
    expect(readEventType(spec, { 'x-github-event': 'ping' }, { zen: 'Design for failure.' })).toBe('ping');
    expect(readEventType(spec, {}, { action: 'opened' })).toBeUndefined();
  });

  it('tries each source in turn (Slack: event.type, then type, then command)', () => {
    const spec = sourcePresets.slack.eventType;
    expect(readEventType(spec, {}, { type: 'event_callback', event: { type: 'app_mention' } })).toBe(
      'app_mention',
    );
    expect(readEventType(spec, {}, { type: 'url_verification', challenge: 'c' })).toBe('url_verification');
    expect(readEventType(spec, {}, { command: '/deploy', text: 'now' })).toBe('/deploy');
  });

  it('takes a fixed value, and ignores empty and non-string values', () => {
    expect(readEventType({ from: [{ value: 'sms.received' }] }, {}, {})).toBe('sms.received');
    expect(readEventType({ from: [{ path: 'type' }] }, {}, { type: '' })).toBeUndefined();
    expect(readEventType({ from: [{ path: 'type' }] }, {}, { type: 5 })).toBeUndefined();
  });

  it('refuses a type longer than 256 characters', () => {
    expect(() => readEventType({ from: [{ path: 'type' }] }, {}, { type: 'x'.repeat(257) })).toThrow(
      expect.objectContaining({ status: 400, code: 'event_type_not_accepted' }),
    );
  });

  it('describes where it looked, for the error message', () => {
    expect(describeTypeSpec(sourcePresets.github.eventType)).toBe('header x-github-event');
    expect(describeTypeSpec(sourcePresets.paddle.eventType)).toBe('"event_type"');
  });
});

describe('readEventIdText', () => {
  const bodyId = { from: [{ path: 'id' }] };

  it('returns the exact JSON text of a body id', () => {
    expect(readEventIdText(bodyId, {}, json('{"id":"evt_1"}'))).toBe('"evt_1"');
    expect(readEventIdText(bodyId, {}, json('{"id":12345678901234567890}'))).toBe('12345678901234567890');
    expect(readEventIdText({ from: [{ path: 'data.id' }] }, {}, json('{"data":{"id":5}}'))).toBe('5');
  });

  it('has no id for an empty string, null, booleans, objects or a missing field', () => {
    for (const text of ['{"id":""}', '{"id":null}', '{"id":true}', '{"id":{"a":1}}', '{"id":[1]}', '{}']) {
      expect(readEventIdText(bodyId, {}, json(text)), text).toBeUndefined();
    }
  });

  it('writes a header id as JSON text, and tries the next source when one is absent', () => {
    const spec = { from: [{ header: 'x-github-delivery' }, { path: 'id' }] };
    expect(readEventIdText(spec, { 'x-github-delivery': 'abc-1' }, json('{"id":1}'))).toBe('"abc-1"');
    expect(readEventIdText(spec, {}, json('{"id":1}'))).toBe('1');
  });

  it('reads a form field as a string', () => {
    const form = parseBody('MessageSid=SM1&To=%2B1', 'form');
    expect(readEventIdText({ from: [{ path: 'MessageSid' }] }, {}, form)).toBe('"SM1"');
  });
});
