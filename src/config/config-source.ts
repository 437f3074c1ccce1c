import { isNode, isPair, LineCounter, parseDocument, type Document } from 'yaml';
import type { ConfigProblem } from '../errors.js';

/**
 * A parsed YAML config file that can say where any value stands, so every problem found later (schema, names,
 * templates) is reported with its file:line:column.
 */
export class ConfigSource {
  readonly problems: ConfigProblem[] = [];

  private constructor(
    readonly file: string,
    readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  static parse(file: string, text: string): ConfigSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const source = new ConfigSource(file, doc, lines);
    for (const error of doc.errors)
      source.addAtOffset(error.pos[0], error.message.split('\n')[0] ?? error.message);
    return source;
  }

  addAtOffset(offset: number, message: string): void {
    const { line, col } = this.lines.linePos(offset);
    this.problems.push({ file: this.file, line, column: col, message });
  }

  /** Adds a problem at the value found at `path` (or its nearest existing parent). */
  add(path: readonly (string | number)[], message: string, at: 'key' | 'value' = 'value'): void {
    this.addAtOffset(this.offsetOf(path, at), message);
  }

  offsetOf(path: readonly (string | number)[], at: 'key' | 'value' = 'value'): number {
    for (let depth = path.length; depth >= 0; depth--) {
      const prefix = path.slice(0, depth);
      if (at === 'key' && depth === path.length && depth > 0) {
        const parent = prefix.length > 1 ? this.doc.getIn(prefix.slice(0, -1), true) : this.doc.contents;
        const pair = findPair(parent, prefix[prefix.length - 1]);
        if (pair !== undefined) return pair;
      }
      const node = depth === 0 ? this.doc.contents : this.doc.getIn(prefix, true);
      if (isNode(node) && node.range) return node.range[0];
    }
    return 0;
  }
}

function findPair(parent: unknown, key: string | number | undefined): number | undefined {
  if (!isNode(parent) || !('items' in parent) || !Array.isArray(parent.items)) return undefined;
  for (const item of parent.items as unknown[]) {
    if (isPair(item) && isNode(item.key) && String((item.key as { value?: unknown }).value) === String(key)) {
      return item.key.range?.[0];
    }
  }
  return undefined;
}
