const unitMs: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** An age like `7d`, `12h`, `30m`, `45s`, `500ms` or `1w` in milliseconds; a bare number is milliseconds. */
export function parseAge(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$/i.exec(text);
  if (!match) return undefined;
  const [, amount = '', unit = 'ms'] = match;
  const factor = unitMs[unit.toLowerCase()];
  return factor === undefined ? undefined : Math.round(Number(amount) * factor);
}
