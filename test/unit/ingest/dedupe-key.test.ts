import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dedupeKey } from '../../../src/ingest/dedupe-key.js';
import type { JsonObject } from '../../../src/types.js';

const transcriptBody = readFileSync(new URL('../../fixtures/transcript.completed.json', import.meta.url));
const transcript = JSON.parse(transcriptBody.toString('utf8')) as JsonObject;
const testBody = readFileSync(new URL('../../fixtures/test.completed.json', import.meta.url));
const testEvent = JSON.parse(testBody.toString('utf8')) as JsonObject;

function sha256(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

describe('dedupeKey', () => {
  it('uses the sender’s event id when the payload has one', () => {
    expect(dedupeKey('id', transcript, transcriptBody)).toBe('id:evt_01JD8Q2M7W3K5N9P4R6T8V0X2Z');
  });

  it('uses the SHA-256 of the raw body when the payload has no id', () => {
    expect(dedupeKey('id', testEvent, testBody)).toBe(`sha256:${sha256(testBody)}`);
  });

  it('gives the same raw body the same key and a different one a different key', () => {
    const compact = Buffer.from(JSON.stringify(testEvent));
    expect(dedupeKey('id', testEvent, Buffer.from(testBody))).toBe(dedupeKey('id', testEvent, testBody));
    expect(dedupeKey('id', testEvent, compact)).not.toBe(dedupeKey('id', testEvent, testBody));
  });

  it('uses a numeric id', () => {
    expect(dedupeKey('data.id', transcript, transcriptBody)).toBe('id:48213');
  });

  it('hashes the body when the id is neither a string nor a number', () => {
    const payload: JsonObject = { type: 'test.completed', id: { nested: true } };
    expect(dedupeKey('id', payload, testBody)).toBe(`sha256:${sha256(testBody)}`);
  });

  it('hashes the body when no key path is configured', () => {
    expect(dedupeKey(undefined, transcript, transcriptBody)).toBe(`sha256:${sha256(transcriptBody)}`);
  });
});
