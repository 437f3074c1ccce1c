/**
 * One linear pass over a JSON text, before it is parsed: how deep it nests (refused past a limit, so no later
 * stage that recurses over an accepted event — templates, schemas, admin views — can run out of stack), and the
 * exact source text of the value at a dotted path (`id`, `data.object.id`, `items.0.id`).
 *
 * `JSON.parse` on Node 20 gives no access to a value's source text, and the text is what identifies an event:
 * `9007199254740993` and `9007199254740992` parse to the same number, `5` and `"5"` are different ids. Like
 * `JSON.parse`, the last of repeated keys wins. The scan trusts `JSON.parse` to reject malformed text afterwards:
 * on text it cannot follow it stops and reports no value.
 *
 * Strings are skipped with `indexOf` and structure is found with a native regex search, so a body made mostly of
 * one long string (a transcript) costs little more than a memory scan.
 */
export interface JsonScan {
  /** True when containers nest deeper than `maxDepth`; nothing else is reported then. */
  readonly tooDeep: boolean;
  /** The exact text of the value at the path (`"evt_1"` with its quotes, `12345678901234567890`), if present. */
  readonly valueText: string | undefined;
}

export interface JsonScanOptions {
  readonly maxDepth: number;
  /** Dotted path; keys of objects, or decimal indexes of arrays. */
  readonly path?: readonly string[] | undefined;
}

const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const BACKSLASH = 0x5c;

class TooDeep extends Error {}
class Malformed extends Error {}

export function scanJsonText(text: string, options: JsonScanOptions): JsonScan {
  const scanner = new Scanner(text, options.maxDepth);
  try {
    const start = scanner.skipSpace(0);
    const path = options.path ?? [];
    const valueText = path.length > 0 ? scanner.find(start, 0, path, 0) : (scanner.skip(start, 0), undefined);
    return { tooDeep: false, valueText };
  } catch (error) {
    if (error instanceof TooDeep) return { tooDeep: true, valueText: undefined };
    if (error instanceof Malformed) return { tooDeep: false, valueText: undefined };
    throw error;
  }
}

class Scanner {
  /** Where the last `find` or `skip` stopped. */
  private end = 0;
  private readonly structure = /["[\]{}]/g;
  private readonly scalarEnd = /[\s,\]}]/g;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  skipSpace(i: number): number {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
      i++;
    }
  }

  /** Skips the value at `i` (inside `depth` containers); returns where it ends. */
  skip(i: number, depth: number): number {
    const c = this.text.charCodeAt(i);
    if (c === QUOTE) return (this.end = this.skipString(i));
    if (c !== OPEN_OBJECT && c !== OPEN_ARRAY) return (this.end = this.skipScalar(i));
    let level = this.enter(depth);
    const structure = this.structure;
    structure.lastIndex = i + 1;
    for (;;) {
      const match = structure.exec(this.text);
      if (match === null) throw new Malformed();
      const at = match.index;
      const found = this.text.charCodeAt(at);
      if (found === QUOTE) {
        structure.lastIndex = this.skipString(at);
      } else if (found === OPEN_OBJECT || found === OPEN_ARRAY) {
        level = this.enter(level);
      } else if (--level === depth) {
        return (this.end = at + 1);
      }
    }
  }

  /** Follows `path` from the value at `i`; returns the text at its end, and sets `end` past the value at `i`. */
  find(i: number, depth: number, path: readonly string[], index: number): string | undefined {
    if (index === path.length) {
      const stop = this.skip(i, depth);
      return this.text.slice(i, stop);
    }
    const c = this.text.charCodeAt(i);
    if (c === OPEN_OBJECT) return this.findInObject(i, depth, path, index);
    if (c === OPEN_ARRAY && /^\d+$/.test(path[index] ?? '')) return this.findInArray(i, depth, path, index);
    this.skip(i, depth);
    return undefined;
  }

  private findInObject(i: number, depth: number, path: readonly string[], index: number): string | undefined {
    const level = this.enter(depth);
    const wanted = path[index];
    let found: string | undefined;
    i = this.skipSpace(i + 1);
    if (this.text.charCodeAt(i) === CLOSE_OBJECT) {
      this.end = i + 1;
      return undefined;
    }
    for (;;) {
      if (this.text.charCodeAt(i) !== QUOTE) throw new Malformed();
      const keyEnd = this.skipString(i);
      const key = this.keyText(i, keyEnd);
      i = this.skipSpace(keyEnd);
      if (this.text.charCodeAt(i) !== COLON) throw new Malformed();
      i = this.skipSpace(i + 1);
      // The last of repeated keys wins, as in JSON.parse: a later match replaces an earlier one.
      if (key === wanted) found = this.find(i, level, path, index + 1);
      else this.skip(i, level);
      i = this.skipSpace(this.end);
      const next = this.text.charCodeAt(i);
      if (next === CLOSE_OBJECT) {
        this.end = i + 1;
        return found;
      }
      if (next !== COMMA) throw new Malformed();
      i = this.skipSpace(i + 1);
    }
  }

  private findInArray(i: number, depth: number, path: readonly string[], index: number): string | undefined {
    const level = this.enter(depth);
    const wanted = Number(path[index]);
    let found: string | undefined;
    i = this.skipSpace(i + 1);
    if (this.text.charCodeAt(i) === CLOSE_ARRAY) {
      this.end = i + 1;
      return undefined;
    }
    for (let position = 0; ; position++) {
      if (position === wanted) found = this.find(i, level, path, index + 1);
      else this.skip(i, level);
      i = this.skipSpace(this.end);
      const next = this.text.charCodeAt(i);
      if (next === CLOSE_ARRAY) {
        this.end = i + 1;
        return found;
      }
      if (next !== COMMA) throw new Malformed();
      i = this.skipSpace(i + 1);
    }
  }

  private enter(depth: number): number {
    if (depth >= this.maxDepth) throw new TooDeep();
    return depth + 1;
  }

  /** `i` is at an opening quote; returns the index after the closing one. */
  private skipString(i: number): number {
    const text = this.text;
    let from = i + 1;
    for (;;) {
      const close = text.indexOf('"', from);
      if (close === -1) throw new Malformed();
      let backslashes = 0;
      while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) return close + 1;
      from = close + 1;
    }
  }

  private skipScalar(i: number): number {
    const scalarEnd = this.scalarEnd;
    scalarEnd.lastIndex = i;
    const match = scalarEnd.exec(this.text);
    const stop = match === null ? this.text.length : match.index;
    if (stop === i) throw new Malformed();
    return stop;
  }

  /** A key as JSON.parse would read it (escapes decoded only when there are any). */
  private keyText(start: number, end: number): string {
    const raw = this.text.slice(start + 1, end - 1);
    if (!raw.includes('\\')) return raw;
    try {
      return JSON.parse(this.text.slice(start, end)) as string;
    } catch {
      throw new Malformed();
    }
  }
}
