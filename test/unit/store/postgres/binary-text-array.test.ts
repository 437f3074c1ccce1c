import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryTextArray, type TextElement } from '../../../../src/store/postgres/binary-text-array.js';
import { postgresAdminUrl } from '../../../helpers/postgres-schema.js';

describe('binaryTextArray', () => {
  it('writes the header, each length and the UTF-8 bytes', () => {
    const buffer = binaryTextArray(['ab', 'é']);
    const int = (at: number) => buffer.readInt32BE(at);
    expect([int(0), int(4), int(8), int(12), int(16)]).toEqual([1, 0, 25, 2, 1]);
    expect(int(20)).toBe(2);
    expect(buffer.subarray(24, 26).toString('utf8')).toBe('ab');
    expect(int(26)).toBe(2);
    expect(buffer.subarray(30).toString('utf8')).toBe('é');
    expect(buffer.length).toBe(32);
  });

  it('marks a null element with length -1 and sets the has-nulls flag', () => {
    const buffer = binaryTextArray([null, 'x']);
    expect(buffer.readInt32BE(4)).toBe(1);
    expect(buffer.readInt32BE(20)).toBe(-1);
    expect(buffer.readInt32BE(24)).toBe(1);
    expect(buffer.length).toBe(29);
  });

  it('copies a byte element as it is: the same buffer as its string would give', () => {
    // Two-, three- and four-byte characters, an emoji with a joiner, an escaped NUL and a raw one.
    const texts = ['zoë ☕ 漢字', '𝄞 🎉 👩‍💻', '{"a":"\\u0000"}', 'a\u0000b', ''];
    const fromBytes = binaryTextArray([...texts.map((text) => Buffer.from(text, 'utf8')), null]);
    expect(fromBytes.equals(binaryTextArray([...texts, null]))).toBe(true);
  });

  it('copies only the bytes a view shows, not the buffer under it', () => {
    const under = Buffer.from('xxé🎉yy', 'utf8');
    const view = under.subarray(2, under.length - 2);
    expect(binaryTextArray([view, 'z']).equals(binaryTextArray(['é🎉', 'z']))).toBe(true);
  });

  it('writes an empty array with no dimensions', () => {
    expect([...binaryTextArray([])]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 25]);
  });

  describe('read by PostgreSQL', () => {
    const client = new pg.Client({ connectionString: postgresAdminUrl });
    beforeAll(() => client.connect());
    afterAll(() => client.end());

    const roundTrip = async (values: readonly TextElement[]): Promise<unknown> => {
      const { rows } = await client.query<{ values: unknown }>('SELECT $1::text[] AS values', [
        binaryTextArray(values),
      ]);
      return rows[0]?.values;
    };

    it('reads back every element as sent: quotes, backslashes, braces, non-ASCII, empty, null, 13 KB', async () => {
      const values = ['{"a":"b\\\\c"}', 'é ü 漢字 🎉', '', null, ',{}"', 'x'.repeat(13_000)];
      expect(await roundTrip(values)).toEqual(values);
    });

    it('reads byte elements back as the strings they encode', async () => {
      const texts = ['zoë ☕ 漢字', '𝄞 🎉 👩‍💻', '{"a":"\\u0000"}', 'x'.repeat(13_000)];
      expect(await roundTrip([...texts.map((text) => Buffer.from(text, 'utf8')), 'tail'])).toEqual([
        ...texts,
        'tail',
      ]);
    });

    it('refuses a raw NUL alike whether it comes as a string or as bytes (text cannot hold one)', async () => {
      const refusal = (values: readonly TextElement[]) =>
        roundTrip(values).then(
          () => 'accepted',
          (error: unknown) => {
            const { code, message } = error as { code?: unknown; message?: unknown };
            return `${String(code)} ${String(message)}`;
          },
        );
      const asString = await refusal(['ok', 'a\u0000b']);
      expect(asString).toBe('22021 invalid byte sequence for encoding "UTF8": 0x00');
      expect(await refusal(['ok', Buffer.from('a\u0000b', 'utf8')])).toBe(asString);
    });

    it('reads an empty array', async () => {
      expect(await roundTrip([])).toEqual([]);
    });
  });
});
