import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dedupeKey } from '../../../src/ingest/dedupe-key.js';

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

const body = Buffer.from('{"type":"test.completed"}');

describe('dedupeKey', () => {
  it('keys on the id’s exact JSON text, so a string and a number never collide', () => {
    expect(dedupeKey('"5"', body)).toBe('id:"5"');
    expect(dedupeKey('5', body)).toBe('id:5');
    expect(dedupeKey('9007199254740993', body)).not.toBe(dedupeKey('9007199254740992', body));
  });

  it('uses the SHA-256 of the raw body when there is no id', () => {
    expect(dedupeKey(undefined, body)).toBe(`sha256:${sha256(body)}`);
    expect(dedupeKey(undefined, Buffer.from(' {"type":"test.completed"}'))).not.toBe(
      dedupeKey(undefined, body),
    );
  });

  it('keys a very long id by its hash, so the dedupe index stays small', () => {
    const long = `"${'x'.repeat(500)}"`;
    expect(dedupeKey(long, body)).toBe(`id-sha256:${sha256(long)}`);
    expect(dedupeKey(`"${'x'.repeat(198)}"`, body)).toBe(`id:"${'x'.repeat(198)}"`);
  });
});
