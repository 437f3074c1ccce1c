import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../../src/config/gateway-config.js';
import { RequestError } from '../../../src/errors.js';
import { validatePayload } from '../../../src/ingest/validate-payload.js';
import type { JsonObject } from '../../../src/types.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module namespace.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function readJson(path: string): JsonObject {
  return JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as JsonObject;
}

const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
function compileShipped(type: string) {
  // As the config loader does: without $id, so a schema file may be compiled more than once.
  const schema = readJson(`../../../config/schemas/${type}.schema.json`);
  return ajv.compile(Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$id')));
}

const source: Pick<SourceConfig, 'events' | 'eventPatterns'> = {
  eventPatterns: [],
  events: new Map([
    ['test.completed', compileShipped('test.completed')],
    ['transcript.completed', compileShipped('transcript.completed')],
    ['ping', null],
  ]),
};

const transcript = readJson('../../fixtures/transcript.completed.json');
const testEvent = readJson('../../fixtures/test.completed.json');

function rejection(type: string, payload: JsonObject): unknown {
  try {
    validatePayload(source, type, payload);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('validatePayload', () => {
  it('accepts the transcript.completed fixture', () => {
    expect(rejection('transcript.completed', transcript)).toBeUndefined();
  });

  it('accepts the test.completed fixture', () => {
    expect(rejection('test.completed', testEvent)).toBeUndefined();
  });

  it('accepts fields the schema does not know', () => {
    const extended = {
      ...transcript,
      workspace: 'acme',
      data: { ...(transcript.data as JsonObject), sentiment: 0.8 },
    };
    expect(rejection('transcript.completed', extended)).toBeUndefined();
  });

  it('accepts any payload of a type that has no schema', () => {
    expect(rejection('ping', { type: 'ping', anything: [1, 2, 3] })).toBeUndefined();
  });

  it('rejects a headline that is a number with 422 schema_violation and details at /data/headline', () => {
    const broken = { ...transcript, data: { ...(transcript.data as JsonObject), headline: 42 } };
    const error = rejection('transcript.completed', broken);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({
      status: 422,
      code: 'schema_violation',
      message: 'the transcript.completed payload does not match its schema: /data/headline must be string',
      details: [{ path: '/data/headline', message: 'must be string' }],
    });
  });

  it('reports every violation in the details', () => {
    const broken = {
      ...transcript,
      created_on: 'yesterday',
      data: { ...(transcript.data as JsonObject), text: 7 },
    };
    const error = rejection('transcript.completed', broken);
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).details).toEqual(
      expect.arrayContaining([
        { path: '/created_on', message: 'must match format "date-time"' },
        { path: '/data/text', message: 'must be string' },
      ]),
    );
  });

  it('reports a violation of the whole payload at /', () => {
    const error = rejection('test.completed', {});
    expect(error).toMatchObject({
      status: 422,
      details: [{ path: '/', message: "must have required property 'type'" }],
    });
  });

  it('rejects a type the source does not accept with 400 event_type_not_accepted', () => {
    const error = rejection('invoice.paid', { type: 'invoice.paid' });
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({
      status: 400,
      code: 'event_type_not_accepted',
      message: 'event type "invoice.paid" is not accepted here',
    });
  });
});
