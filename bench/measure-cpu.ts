import { readFileSync } from 'node:fs';

/** Linux reports process times in clock ticks; USER_HZ is 100 on every mainstream kernel build. */
const ticksPerSecond = 100;

/** CPU time (user + system, seconds) a process has used so far, from /proc/<pid>/stat; NaN if unreadable. */
export function readCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}

/** CPU share (1 = one full core) of a process between two readings taken `elapsedMs` apart. */
export function cpuShare(before: number, after: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (after - before) / (elapsedMs / 1000) : Number.NaN;
}

export interface CpuMeter {
  start(at: number): void;
  /** Cores busy since `start` (1 = one core): the server processes, and this process. NaN before a start. */
  stop(at: number): { readonly server: number; readonly bench: number };
}

/** CPU seconds of several processes together (replicas); NaN if any cannot be read. */
export function readCpuSecondsOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + readCpuSeconds(pid), 0);
}

/** Measures children's CPU together (from /proc) and this process's (`process.cpuUsage`) over one period. */
export function cpuMeter(pids: readonly number[]): CpuMeter {
  const own = (): number => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  let begin: { server: number; bench: number; at: number } | undefined;
  return {
    start(at) {
      begin = { server: readCpuSecondsOf(pids), bench: own(), at };
    },
    stop(at) {
      if (!begin) return { server: Number.NaN, bench: Number.NaN };
      return {
        server: cpuShare(begin.server, readCpuSecondsOf(pids), at - begin.at),
        bench: cpuShare(begin.bench, own(), at - begin.at),
      };
    },
  };
}
