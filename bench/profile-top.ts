import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { topSelfTime, type CpuProfile } from './top-self-time.js';

/**
 * `node dist/bench/profile-top.js <file.cpuprofile> [count]`: the functions with the most self time in a
 * profile written by `BENCH_CPU_PROF=1 npm run bench` (gateway children run under `node --cpu-prof`).
 */
const [file, count = '25'] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: profile-top <file.cpuprofile> [count]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const root = `${resolve(import.meta.dirname, '..', '..')}/`;
for (const { frame, ms, share } of topSelfTime(profile, Number(count), root)) {
  process.stdout.write(
    `${(share * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(7)} ms  ${frame}\n`,
  );
}
