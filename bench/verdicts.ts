/** `a / b`, or NaN when either is missing or b is not positive (a ratio against nothing is no ratio). */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : Number.NaN;
}

export type Verdict = 'met' | 'missed' | 'unknown';

export interface TargetCheck {
  readonly name: string;
  /** What was measured, in the unit of `bound`. */
  readonly value: number;
  readonly comparison: '>=' | '<';
  readonly bound: number;
  readonly verdict: Verdict;
}

/** A target as measured in this run; `unknown` when a figure is missing (a server that did not run). */
export function checkTarget(
  name: string,
  value: number,
  comparison: TargetCheck['comparison'],
  bound: number,
): TargetCheck {
  let verdict: Verdict = 'unknown';
  if (Number.isFinite(value) && Number.isFinite(bound)) {
    const met = comparison === '>=' ? value >= bound : value < bound;
    verdict = met ? 'met' : 'missed';
  }
  return { name, value, comparison, bound, verdict };
}
