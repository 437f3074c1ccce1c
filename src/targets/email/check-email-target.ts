import type { JsonObject } from '../../types.js';
import type { TargetProblem } from '../target.js';
import { parseAddresses } from './parse-addresses.js';

type AddressField = 'from' | 'to' | 'cc';

/**
 * At load: the target's own `from`, `to` and `cc` must be addresses (`from` exactly one), so a typo is reported
 * with its line by `check` instead of dead-lettering every event the target gets.
 */
export function checkEmailDefinition(definition: JsonObject): TargetProblem[] {
  const problems: TargetProblem[] = [];
  for (const field of ['from', 'to', 'cc'] as const) {
    const value = definition[field];
    if (value === undefined) continue;
    const entries = Array.isArray(value) ? value : [value];
    entries.forEach((entry, i) => {
      const problem = addressProblem(field, typeof entry === 'string' ? entry : JSON.stringify(entry));
      if (problem) problems.push({ path: Array.isArray(value) ? [field, i] : [field], message: problem });
    });
  }
  return problems;
}

/**
 * At load, for each route to an email target: a `from` and a `to` must come from the target or the route, and a
 * route field without Liquid in it is checked like the target's own. A templated field is only known at send.
 */
export function checkEmailRoute(
  definition: JsonObject,
  message: Readonly<Record<string, string>>,
): TargetProblem[] {
  const problems: TargetProblem[] = [];
  for (const field of ['from', 'to', 'cc'] as const) {
    const template = message[field];
    if (template === undefined) {
      if (field !== 'cc' && definition[field] === undefined) {
        problems.push({
          path: [],
          message: `the email target gives no "${field}" and this route has no "${field}" message field: set one`,
        });
      }
      continue;
    }
    const problem = isStatic(template) ? addressProblem(field, template) : undefined;
    if (problem) problems.push({ path: ['message', field], message: problem });
  }
  return problems;
}

function addressProblem(field: AddressField, list: string): string | undefined {
  const { addresses, invalid } = parseAddresses(list);
  if (invalid.length > 0) {
    return `"${field}" holds ${invalid.map((entry) => JSON.stringify(entry)).join(', ')}, which is not an email address`;
  }
  if (field === 'from' && addresses.length !== 1) return '"from" must be exactly one address';
  if (addresses.length === 0) return `"${field}" holds no address`;
  return undefined;
}

/** A template without output or tags renders to itself. */
function isStatic(template: string): boolean {
  return !template.includes('{{') && !template.includes('{%');
}
