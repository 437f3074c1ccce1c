import { isNode, isPair, LineCounter, parseDocument, visit, type Document } from 'yaml';
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
    // After one syntax slip the parser reads the rest of the file out of step, and what it reports there follows
    // from the first error only: that one is the mistake to fix.
    const first = doc.errors[0];
    if (first) {
      const more = doc.errors.length - 1;
      source.addAtOffset(
        first.pos[0],
        `${first.message.split('\n')[0] ?? first.message}${syntaxHint(text, first.pos[0])}` +
          (more > 0
            ? ` (${more} further syntax error${more === 1 ? '' : 's'} may follow from this one)`
            : ''),
      );
    }
    return source;
  }

  /**
   * The document as plain data, or undefined with a problem at the place when an alias cannot be resolved or the
   * aliases expand beyond the parser's guard (an "alias bomb"): both would otherwise throw from `toJS`.
   */
  toJS(): unknown {
    const before = this.problems.length;
    const aliases: { source: string; offset: number }[] = [];
    visit(this.doc, {
      Alias: (_, node) => {
        aliases.push({ source: node.source, offset: node.range?.[0] ?? 0 });
        if (!node.resolve(this.doc))
          this.addAtOffset(
            node.range?.[0] ?? 0,
            `alias *${node.source} refers to no anchor &${node.source} before it`,
          );
      },
    });
    if (this.problems.length > before) return undefined;
    try {
      return this.doc.toJS({ maxAliasCount: maxAliasExpansions });
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      this.addAtOffset(
        aliases[0]?.offset ?? 0,
        `the aliases in this file expand to too many values (more than ${maxAliasExpansions}); write the values out instead`,
      );
      return undefined;
    }
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

/** Expanded aliases allowed in one config; far above what a hand-written file needs, far below a bomb. */
const maxAliasExpansions = 1000;

/** A hint for the commonest slip: `${VAR}` unquoted in a flow collection, where `{` and `}` are syntax. */
function syntaxHint(text: string, offset: number): string {
  const end = text.indexOf('\n', offset);
  const line = text.slice(text.lastIndexOf('\n', offset - 1) + 1, end === -1 ? undefined : end);
  return /[{[][^'"]*\$\{/.test(line)
    ? ": a ${VAR} inside { } or [ ] must be quoted, e.g. secret: '${SECRET}'"
    : '';
}

function findPair(parent: unknown, key: string | number | undefined): number | undefined {
  if (!isNode(parent) || !('items' in parent) || !Array.isArray(parent.items)) return undefined;
  const items: unknown[] = parent.items;
  for (const item of items) {
    if (isPair(item) && isNode(item.key) && String(nodeValue(item.key)) === String(key)) {
      return item.key.range?.[0];
    }
  }
  return undefined;
}

/** A scalar key's value; undefined for a collection used as a key. */
function nodeValue(node: object): unknown {
  return 'value' in node ? node.value : undefined;
}
