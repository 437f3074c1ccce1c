import { describe, expect, it } from 'vitest';
import { topSelfTime, type CpuProfile } from '../../../bench/top-self-time.js';

describe('topSelfTime', () => {
  const frame = (id: number, functionName: string, file: string, line: number) => ({
    id,
    callFrame: { functionName, url: `file:///repo/dist/src/${file}`, lineNumber: line },
  });
  // Two call paths reach verify (nodes 2 and 4); sample i lasts until the next one (timeDeltas[i + 1]).
  const profile: CpuProfile = {
    nodes: [
      frame(1, '(root)', 'a.js', 0),
      frame(2, 'verify', 'v.js', 9),
      frame(3, '', 'b.js', 19),
      frame(4, 'verify', 'v.js', 9),
    ],
    samples: [2, 3, 4, 3, 1],
    timeDeltas: [0, 1000, 2000, 3000, 4000],
  };

  it('sums self time per function across call paths, largest first, with its share', () => {
    expect(topSelfTime(profile, 10, '/repo/')).toEqual([
      { frame: '(anonymous) (dist/src/b.js:20)', ms: 6, share: 0.6 },
      { frame: 'verify (dist/src/v.js:10)', ms: 4, share: 0.4 },
      { frame: '(root) (dist/src/a.js:1)', ms: 0, share: 0 },
    ]);
  });

  it('keeps only the first `limit` entries', () => {
    expect(topSelfTime(profile, 1)).toHaveLength(1);
  });
});
