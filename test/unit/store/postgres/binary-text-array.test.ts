import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryTextArray } from '../../../../src/store/postgres/binary-text-array.js';
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

  it('writes an empty array with no dimensions', () => {
    expect([...binaryTextArray([])]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 25]);
  });

  describe('read by PostgreSQL', () => {
    const client = new pg.Client({ connectionString: postgresAdminUrl });
    beforeAll(() => client.connect());
    afterAll(() => client.end());

    const roundTrip = async (values: readonly (string | null)[]): Promise<unknown> => {
      const { rows } = await client.query<{ values: unknown }>('SELECT $1::text[] AS values', [
        binaryTextArray(values),
      ]);
      return rows[0]?.values;
    };

    it('reads back every element as sent: quotes, backslashes, braces, non-ASCII, empty, null, 13 KB', async () => {
      const values = ['{"a":"b\\\\c"}', 'é ü 漢字 🎉', '', null, ',{}"', 'x'.repeat(13_000)];
      expect(await roundTrip(values)).toEqual(values);
    });

    it('reads an empty array', async () => {
      expect(await roundTrip([])).toEqual([]);
    });
  });
});
