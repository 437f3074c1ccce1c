import { describe, expect, it } from 'vitest';
import { formatTable, shortTime } from '../../../src/admin/format-table.js';

describe('formatTable', () => {
  it('aligns columns to the widest cell, two spaces apart, without trailing spaces', () => {
    expect(
      formatTable(
        ['ID', 'STATUS', 'TARGET'],
        [
          ['evt_1', 'delivered', 'chat'],
          ['evt_22', 'dead', ''],
        ],
      ),
    ).toBe(['ID      STATUS     TARGET', 'evt_1   delivered  chat', 'evt_22  dead'].join('\n'));
  });

  it('gives just the header row for no rows', () => {
    expect(formatTable(['ID', 'STATUS'], [])).toBe('ID  STATUS');
  });

  it('fills missing cells with blanks and ignores cells beyond the headers', () => {
    expect(formatTable(['A', 'B', 'C'], [['1'], ['1', '2', '3', 'extra']])).toBe(
      ['A  B  C', '1', '1  2  3'].join('\n'),
    );
  });

  it('cuts a cell longer than maxCell to maxCell characters ending in …', () => {
    const table = formatTable(['NAME', 'N'], [['abcdefghij', '1']], { maxCell: 5 });
    expect(table).toBe(['NAME   N', 'abcd…  1'].join('\n'));
  });

  it('cuts at 80 characters by default', () => {
    const [, row] = formatTable(['X'], [['y'.repeat(81)], ['z'.repeat(80)]]).split('\n');
    expect(row).toBe(`${'y'.repeat(79)}…`);
    expect(formatTable(['X'], [['z'.repeat(80)]]).split('\n')[1]).toBe('z'.repeat(80));
  });

  it('puts the indent before every line', () => {
    expect(formatTable(['A', 'B'], [['1', '2']], { indent: '  ' })).toBe('  A  B\n  1  2');
  });
});

describe('shortTime', () => {
  it('formats milliseconds as UTC to the second', () => {
    expect(shortTime(Date.UTC(2025, 0, 2, 3, 4, 5, 678))).toBe('2025-01-02 03:04:05Z');
  });

  it('shows a missing time as -', () => {
    expect(shortTime(null)).toBe('-');
  });
});
