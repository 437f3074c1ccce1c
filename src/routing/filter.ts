import type { JsonValue } from '../types.js';
import { readField } from './field-path.js';

/**
 * Route filters: a small boolean language over payload fields that reads well in YAML.
 *
 *   filter:
 *     all:
 *       - { field: data.type, eq: meeting }
 *       - { field: data.metadata.duration_seconds, gte: 60 }
 *       - any:
 *           - { field: data.metadata.language, in: [en, pt] }
 *           - not: { field: data.headline, matches: '^draft' }
 *
 * Compiled once at config load (malformed filters are config errors); evaluated per event as a pure function.
 */
export type Filter =
  | { readonly kind: 'all'; readonly of: readonly Filter[] }
  | { readonly kind: 'any'; readonly of: readonly Filter[] }
  | { readonly kind: 'not'; readonly of: Filter }
  | {
      readonly kind: 'compare';
      readonly field: string;
      readonly test: (value: JsonValue | undefined) => boolean;
    };

export interface FilterProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const comparisons = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'exists', 'matches'] as const;
type Comparison = (typeof comparisons)[number];

export function compileFilter(
  spec: unknown,
  path: readonly (string | number)[] = [],
): { filter?: Filter; problems: FilterProblem[] } {
  const problems: FilterProblem[] = [];
  const filter = compileNode(spec, path, problems);
  return filter && problems.length === 0 ? { filter, problems } : { problems };
}

function compileNode(
  spec: unknown,
  path: readonly (string | number)[],
  problems: FilterProblem[],
): Filter | undefined {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    problems.push({ path, message: 'a filter must be a mapping such as { field: data.type, eq: meeting }' });
    return undefined;
  }
  const entries = spec as Record<string, unknown>;
  const keys = Object.keys(entries);
  for (const group of ['all', 'any'] as const) {
    if (group in entries) {
      if (keys.length !== 1) problems.push({ path, message: `"${group}" must stand alone in its mapping` });
      const list = entries[group];
      if (!Array.isArray(list) || list.length === 0) {
        problems.push({ path: [...path, group], message: `"${group}" takes a non-empty list of filters` });
        return undefined;
      }
      const of = list.map((item, i) => compileNode(item, [...path, group, i], problems));
      return of.every((f): f is Filter => f !== undefined) ? { kind: group, of } : undefined;
    }
  }
  if ('not' in entries) {
    if (keys.length !== 1) problems.push({ path, message: '"not" must stand alone in its mapping' });
    const of = compileNode(entries.not, [...path, 'not'], problems);
    return of ? { kind: 'not', of } : undefined;
  }
  return compileComparison(entries, path, problems);
}

function compileComparison(
  entries: Record<string, unknown>,
  path: readonly (string | number)[],
  problems: FilterProblem[],
): Filter | undefined {
  const field = entries.field;
  if (typeof field !== 'string' || field === '') {
    problems.push({ path, message: 'a comparison needs "field" (a dotted path such as data.user.id)' });
    return undefined;
  }
  const ops = Object.keys(entries).filter((k) => k !== 'field');
  const unknown = ops.filter((k) => !(comparisons as readonly string[]).includes(k));
  if (unknown.length > 0) {
    problems.push({
      path: [...path, unknown[0] ?? ''],
      message: `unknown filter operator "${unknown.join('", "')}" (use one of ${comparisons.join(', ')}, or all/any/not)`,
    });
    return undefined;
  }
  if (ops.length !== 1) {
    problems.push({ path, message: `a comparison takes exactly one operator (${comparisons.join(', ')})` });
    return undefined;
  }
  const op = ops[0] as Comparison;
  const test = compileTest(op, entries[op], [...path, op], problems);
  return test ? { kind: 'compare', field, test } : undefined;
}

function compileTest(
  op: Comparison,
  operand: unknown,
  path: readonly (string | number)[],
  problems: FilterProblem[],
): ((value: JsonValue | undefined) => boolean) | undefined {
  switch (op) {
    case 'eq':
      return (value) => sameValue(value, operand);
    case 'ne':
      return (value) => !sameValue(value, operand);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (typeof operand !== 'number' && typeof operand !== 'string') {
        problems.push({ path, message: `"${op}" compares with a number or a string` });
        return undefined;
      }
      return (value) => typeof value === typeof operand && order(op, value as number | string, operand);
    }
    case 'in': {
      if (!Array.isArray(operand)) {
        problems.push({ path, message: '"in" takes a list of values' });
        return undefined;
      }
      return (value) => operand.some((candidate) => sameValue(value, candidate));
    }
    case 'exists': {
      if (typeof operand !== 'boolean') {
        problems.push({ path, message: '"exists" takes true or false' });
        return undefined;
      }
      return (value) => (value !== undefined && value !== null) === operand;
    }
    case 'matches': {
      if (typeof operand !== 'string') {
        problems.push({ path, message: '"matches" takes a regular expression as a string' });
        return undefined;
      }
      let pattern: RegExp;
      try {
        pattern = new RegExp(operand, 'u');
      } catch (error) {
        problems.push({
          path,
          message: `"matches" is not a valid regular expression: ${(error as Error).message}`,
        });
        return undefined;
      }
      return (value) => typeof value === 'string' && pattern.test(value);
    }
  }
}

function order(op: 'gt' | 'gte' | 'lt' | 'lte', value: number | string, operand: number | string): boolean {
  if (op === 'gt') return value > operand;
  if (op === 'gte') return value >= operand;
  if (op === 'lt') return value < operand;
  return value <= operand;
}

function sameValue(value: JsonValue | undefined, operand: unknown): boolean {
  if (value === null || typeof value !== 'object') return value === operand;
  return JSON.stringify(value) === JSON.stringify(operand);
}

export function evaluateFilter(filter: Filter, payload: JsonValue): boolean {
  switch (filter.kind) {
    case 'all':
      return filter.of.every((f) => evaluateFilter(f, payload));
    case 'any':
      return filter.of.some((f) => evaluateFilter(f, payload));
    case 'not':
      return !evaluateFilter(filter.of, payload);
    case 'compare':
      return filter.test(readField(payload, filter.field));
  }
}
