import { reportError } from './report-error.js';

/**
 * The one line (or, for a config, the list) an operator needs when the gateway cannot start for a reason of the
 * setup rather than a bug: a config problem, a data folder that cannot be used, a port that cannot be bound.
 * Undefined for anything else, which is logged with its stack.
 */
export function describeStartupError(error: unknown): string | undefined {
  const report = reportError(error);
  if (report.known) return report.message;
  const e = (error ?? {}) as NodeJS.ErrnoException & { address?: string; port?: number };
  if (e.syscall === 'listen') {
    const where = `${e.address ?? ''}:${e.port ?? ''}`;
    if (e.code === 'EADDRINUSE') return `cannot listen on ${where}: the port is in use by another process`;
    if (e.code === 'EACCES')
      return `cannot listen on ${where}: not allowed (ports below 1024 need privileges)`;
    if (e.code === 'EADDRNOTAVAIL') return `cannot listen on ${where}: no such address on this machine`;
  }
  return undefined;
}
