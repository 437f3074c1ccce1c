import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RequestError } from '../../../src/errors.js';
import { parseEvent } from '../../../src/ingest/parse-event.js';

const transcriptBody = readFileSync(new URL('../../fixtures/transcript.completed.json', import.meta.url));
const testBody = readFileSync(new URL('../../fixtures/test.completed.json', import.meta.url));

function rejection(body: string): unknown {
  try {
    parseEvent(Buffer.from(body));
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parseEvent', () => {
  it('parses the transcript.completed fixture and reads its type', () => {
    const { payload, type } = parseEvent(transcriptBody);
    expect(type).toBe('transcript.completed');
    expect(payload).toMatchObject({ id: 'evt_01JD8Q2M7W3K5N9P4R6T8V0X2Z', data: { id: 48213 } });
  });

  it('parses the test.completed fixture', () => {
    expect(parseEvent(testBody)).toEqual({ payload: { type: 'test.completed' }, type: 'test.completed' });
  });

  it('keeps non-ASCII text intact', () => {
    const body = Buffer.from(
      JSON.stringify({ type: 'transcript.completed', data: { headline: 'Reunião 😀' } }),
    );
    expect(parseEvent(body).payload).toEqual({
      type: 'transcript.completed',
      data: { headline: 'Reunião 😀' },
    });
  });

  it('rejects a body that is not JSON with 400 invalid_json', () => {
    const error = rejection('{"type": "transcript.completed",');
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_json', message: 'the body is not valid JSON' });
  });

  it('rejects an empty body with 400 invalid_json', () => {
    expect(rejection('')).toMatchObject({ status: 400, code: 'invalid_json' });
  });

  it('rejects a JSON array with 400 invalid_json', () => {
    expect(rejection('[{"type":"transcript.completed"}]')).toMatchObject({
      status: 400,
      code: 'invalid_json',
      message: 'the body must be a JSON object',
    });
  });

  it('rejects JSON null, a string or a number with 400 invalid_json', () => {
    for (const body of ['null', '"transcript.completed"', '42']) {
      expect(rejection(body), body).toMatchObject({ status: 400, code: 'invalid_json' });
    }
  });

  it('rejects an object without type with 400 event_type_missing', () => {
    expect(rejection('{"id":"evt_1","data":{}}')).toMatchObject({
      status: 400,
      code: 'event_type_missing',
      message: 'the event has no "type"',
    });
  });

  it('rejects an empty or non-string type with 400 event_type_missing', () => {
    expect(rejection('{"type":""}')).toMatchObject({ status: 400, code: 'event_type_missing' });
    expect(rejection('{"type":7}')).toMatchObject({ status: 400, code: 'event_type_missing' });
  });
});
