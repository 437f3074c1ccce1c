import { readFileSync } from 'node:fs';

/** Resident memory of a process in bytes (VmRSS in /proc/<pid>/status); NaN if it cannot be read. */
export function readRssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? Number.NaN : Number(match[1]) * 1024;
  } catch {
    return Number.NaN;
  }
}

export interface RssSampler {
  /** Stops sampling; the largest sample in bytes (NaN if none could be read). */
  stop(): number;
}

/** Samples a process's RSS every `intervalMs` until stopped, keeping the peak. */
export function sampleRss(pid: number, intervalMs = 100): RssSampler {
  let peak = Number.NaN;
  const sample = (): void => {
    const rss = readRssBytes(pid);
    // `!(rss <= peak)` also holds while peak is still NaN.
    if (Number.isFinite(rss) && !(rss <= peak)) peak = rss;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
