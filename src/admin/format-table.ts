/**
 * Column-aligned plain text: a header row, then one row per item; cells longer than `maxCell` are cut, except in
 * the `whole` columns (ids a later command needs verbatim).
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: { indent?: string; maxCell?: number; whole?: readonly number[] } = {},
): string {
  const { indent = '', maxCell = 80, whole = [] } = options;
  const cut = (cell: string, column: number): string =>
    cell.length > maxCell && !whole.includes(column) ? `${cell.slice(0, maxCell - 1)}…` : cell;
  const table = [headers, ...rows].map((row) => headers.map((_, i) => cut(row[i] ?? '', i)));
  const widths = headers.map((_, i) => Math.max(...table.map((row) => row[i]?.length ?? 0)));
  return table
    .map(
      (row) =>
        indent +
        row
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
    )
    .join('\n');
}

/** A timestamp for tables: UTC, to the second. */
export function shortTime(ms: number | null): string {
  return ms === null ? '-' : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}
