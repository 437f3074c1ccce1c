/**
 * SQLite result codes (primary, extended codes share the prefix) that describe the machine, not the data: the disk
 * or quota is full, another connection holds the lock, the file system failed or turned read-only, memory ran out.
 * Such a failure may pass by itself, so the operation is worth trying again later. https://sqlite.org/rescode.html
 */
const transientPrefixes = [
  'SQLITE_FULL',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_READONLY',
  'SQLITE_CANTOPEN',
  'SQLITE_NOMEM',
  'SQLITE_PROTOCOL',
];

/** True for an error from better-sqlite3 whose code is one of the transient ones above. */
export function isTransientSqliteError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && transientPrefixes.some((prefix) => code.startsWith(prefix));
}
