/** The parts of a V8 `.cpuprofile` (as written by `node --cpu-prof`) that self time needs. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  /** `function (file:line)`, the file relative to the project where it is inside it. */
  readonly frame: string;
  readonly ms: number;
  readonly share: number;
}

/**
 * Pure: time spent in each function itself (not its callees), summed over every call path, largest first. Each
 * sample's time is its following `timeDeltas` entry, as Chrome DevTools counts it.
 */
export function topSelfTime(profile: CpuProfile, limit: number, root = ''): readonly SelfTime[] {
  const frameOf = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace('file://', '').replace(root, '') || 'native';
    frameOf.set(node.id, `${functionName || '(anonymous)'} (${file}:${lineNumber + 1})`);
  }
  const micros = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((nodeId, i) => {
    const delta = profile.timeDeltas[i + 1] ?? 0;
    const frame = frameOf.get(nodeId) ?? `node ${nodeId}`;
    micros.set(frame, (micros.get(frame) ?? 0) + delta);
    total += delta;
  });
  return [...micros]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([frame, us]) => ({ frame, ms: us / 1000, share: total > 0 ? us / total : 0 }));
}
