interface Frame {
  readonly entries: readonly (readonly [string | undefined, unknown])[];
  next: number;
  readonly close: string;
  readonly depth: number;
}

/**
 * JSON text of a value, as `JSON.stringify` writes it, at any depth. `JSON.stringify` recurses and throws a
 * RangeError past a few thousand levels, while `JSON.parse` accepts far deeper bodies: an accepted event whose
 * nested payload a template inserts must render, not die on the first attempt. The native call is tried first;
 * the loop below (no recursion) only runs for what it cannot do.
 */
export function toJsonText(value: unknown, space = 0): string {
  // JSON.stringify gives undefined for these, though its type says string.
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return '';
  try {
    return JSON.stringify(value, null, space);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  return stringifyWithoutRecursion(value, space);
}

/** The loop itself (exported for its tests): the same text as `JSON.stringify(root, null, space)`. */
export function stringifyWithoutRecursion(root: unknown, space = 0): string {
  const indent = ' '.repeat(Math.max(0, Math.min(10, Math.floor(space))));
  const out: string[] = [];
  const stack: Frame[] = [];
  const newline = (depth: number): string => (indent === '' ? '' : `\n${indent.repeat(depth)}`);
  const write = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== 'object') {
      out.push(scalar(value));
      return;
    }
    const array = Array.isArray(value);
    const entries = array
      ? (value as unknown[]).map((item) => [undefined, item] as const)
      : Object.entries(value).filter(([, item]) => item !== undefined && typeof item !== 'function');
    if (entries.length === 0) {
      out.push(array ? '[]' : '{}');
      return;
    }
    out.push(array ? '[' : '{');
    stack.push({ entries, next: 0, close: array ? ']' : '}', depth: depth + 1 });
  };
  write(root, 0);
  for (let frame = stack.at(-1); frame; frame = stack.at(-1)) {
    const entry = frame.entries[frame.next];
    if (!entry) {
      stack.pop();
      out.push(`${newline(frame.depth - 1)}${frame.close}`);
      continue;
    }
    const [key, item] = entry;
    out.push(`${frame.next > 0 ? ',' : ''}${newline(frame.depth)}`);
    if (key !== undefined) out.push(`${JSON.stringify(key)}:${indent === '' ? '' : ' '}`);
    frame.next++;
    write(item, frame.depth);
  }
  return out.join('');
}

/** A leaf as JSON writes it; inside arrays, what JSON cannot hold becomes null. */
function scalar(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  return 'null';
}
