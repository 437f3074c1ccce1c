/**
 * PostgreSQL failures that say nothing about the request and pass by themselves: the server unreachable,
 * restarting or shutting down, out of connections or resources, a serialization conflict or a deadlock. SQLSTATE
 * classes 08 (connection), 53 (resources), 57P (operator intervention), 40 (transaction rollback); and the
 * client's own errors when the socket is gone, which carry no SQLSTATE.
 */
const transientClasses = ['08', '53', '57P', '40'];
const transientSocketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

export function isTransientPostgresError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (transientSocketCodes.has(code)) return true;
    if (transientClasses.some((prefix) => code.startsWith(prefix))) return true;
  }
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(
    error.message,
  );
}
