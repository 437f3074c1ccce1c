import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { machineBusyCores, readMachineTicks, type MachineTicks } from './machine-cpu.js';

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

/** Cores busy over one period (1 = one core). */
export interface CpuReading {
  /** The server processes (or the got loop's process) together. */
  readonly server: number;
  /** This process: the load generator and the sink. */
  readonly bench: number;
  /** The whole machine, out of `cores`: the above, and anything else running meanwhile. */
  readonly machine: number;
  readonly cores: number;
}

export interface CpuMeter {
  start(at: number): void;
  /** Cores busy since `start`. NaN before a start. */
  stop(at: number): CpuReading;
}

/** CPU seconds of several processes together (replicas); NaN if any cannot be read. */
export function readCpuSecondsOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + readCpuSeconds(pid), 0);
}

/** CPU time (user + system, seconds) this process has used so far. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * Measures children's CPU together (from /proc), this process's (`process.cpuUsage`) and the whole machine's
 * (/proc/stat) over one period.
 */
export function cpuMeter(pids: readonly number[]): CpuMeter {
  const cores = cpus().length;
  let begin: { server: number; bench: number; machine: MachineTicks | undefined; at: number } | undefined;
  return {
    start(at) {
      begin = { server: readCpuSecondsOf(pids), bench: ownCpuSeconds(), machine: readMachineTicks(), at };
    },
    stop(at) {
      if (!begin) return { server: Number.NaN, bench: Number.NaN, machine: Number.NaN, cores };
      return {
        server: cpuShare(begin.server, readCpuSecondsOf(pids), at - begin.at),
        bench: cpuShare(begin.bench, ownCpuSeconds(), at - begin.at),
        machine: machineBusyCores(begin.machine, readMachineTicks(), cores),
        cores,
      };
    },
  };
}
