import { readFileSync } from 'node:fs';

/**
 * The soft limit on open files of this process (RLIMIT_NOFILE), read from /proc on Linux; undefined elsewhere or
 * when it is unlimited. Node has no getrlimit, and every socket, inbound or outbound, costs one descriptor.
 */
export function openFileLimit(limitsFile = '/proc/self/limits'): number | undefined {
  let text: string;
  try {
    text = readFileSync(limitsFile, 'utf8');
  } catch {
    return undefined;
  }
  const soft = /^Max open files\s+(\S+)/m.exec(text)?.[1];
  const limit = Number(soft);
  return Number.isInteger(limit) && limit > 0 ? limit : undefined;
}

/** Descriptors kept back for everything but inbound connections: the store, logs, the runtime's own. */
const reservedFiles = 64;
/** Without a known file limit, or above this many, inbound connections are capped here. */
const defaultCap = 4096;

/**
 * The default cap on concurrent inbound connections: half of what the file limit leaves after a reserve, so a
 * flood of inbound connections can never take the descriptors outbound deliveries need (those are bounded by the
 * targets' concurrency). Pure: the limit is passed in.
 */
export function defaultMaxConnections(fileLimit: number | undefined): number {
  if (fileLimit === undefined) return defaultCap;
  return Math.max(8, Math.min(defaultCap, Math.floor((fileLimit - reservedFiles) / 2)));
}
