import { readFileSync } from 'node:fs';

/** Jiffies the whole machine spent busy and in total since boot, summed over all cores (the `cpu` line). */
export interface MachineTicks {
  readonly busy: number;
  readonly total: number;
}

/**
 * Pure: the aggregate `cpu` line of /proc/stat as busy and total jiffies. Its fields are user, nice, system, idle,
 * iowait, irq, softirq, steal, guest, guest_nice; idle and iowait count as idle. guest and guest_nice are left out
 * because the kernel already counts them in user and nice. Undefined when the text holds no such line.
 */
export function parseProcStat(text: string): MachineTicks | undefined {
  const line = text.split('\n').find((candidate) => /^cpu\s/.test(candidate));
  if (line === undefined) return undefined;
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 4 || fields.some((field) => !Number.isFinite(field))) return undefined;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/**
 * Pure: cores busy on the whole machine between two readings (2 = both cores of a 2-core machine full), whoever
 * used them: the servers, the bench process, and anything else running. NaN without two readings or elapsed ticks.
 */
export function machineBusyCores(
  before: MachineTicks | undefined,
  after: MachineTicks | undefined,
  cores: number,
): number {
  if (before === undefined || after === undefined) return Number.NaN;
  const total = after.total - before.total;
  return total > 0 ? ((after.busy - before.busy) / total) * cores : Number.NaN;
}

/** The machine's ticks now (undefined where /proc/stat cannot be read, e.g. not Linux). */
export function readMachineTicks(): MachineTicks | undefined {
  try {
    return parseProcStat(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return undefined;
  }
}
