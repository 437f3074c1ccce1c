import type { ErrorObject } from 'ajv';

export interface PathProblem {
  readonly path: (string | number)[];
  readonly message: string;
  readonly at: 'key' | 'value';
}

/**
 * Turns ajv errors into one plain sentence per problem, at the place it concerns. Branch errors under an
 * `anyOf` are folded into the anyOf's own error, so a user reads one line per mistake, not one per alternative.
 */
export function ajvProblems(
  errors: readonly ErrorObject[],
  prefix: readonly (string | number)[] = [],
): PathProblem[] {
  const problems: PathProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.schemaPath.includes('/anyOf/') || error.schemaPath.includes('/oneOf/')) continue;
    const path = [...prefix, ...pointerToPath(error.instancePath)];
    const where = path.length > 0 ? path.join('.') : 'the file';
    let problem: PathProblem;
    switch (error.keyword) {
      case 'additionalProperties': {
        const key = param(error, 'additionalProperty');
        problem = { path: [...path, key], at: 'key', message: `unknown key "${key}" in ${where}` };
        break;
      }
      case 'required': {
        const key = param(error, 'missingProperty');
        problem = { path, at: 'value', message: `${where} is missing "${key}"` };
        break;
      }
      case 'anyOf':
      case 'oneOf': {
        const description = describe(error.parentSchema);
        problem = {
          path,
          at: 'value',
          message: `${where} has the wrong form${description ? `: ${description}` : ''}`,
        };
        break;
      }
      case 'propertyNames':
        continue;
      case 'pattern': {
        const description = describe(error.parentSchema);
        problem = {
          path,
          at: path.length > prefix.length && error.propertyName !== undefined ? 'key' : 'value',
          message: `${where} ${description ?? error.message ?? 'is malformed'}`,
        };
        if (error.propertyName !== undefined) {
          problem = {
            path: [...path, error.propertyName],
            at: 'key',
            message: `name "${error.propertyName}" may only use letters, digits, _, . and -`,
          };
        }
        break;
      }
      default:
        problem = { path, at: 'value', message: `${where} ${error.message ?? 'is invalid'}` };
    }
    const key = `${problem.path.join('\u0000')}|${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * The schema's own wording of the mistake (`errorMessage`, e.g. "must be an http:// or https:// URL"). Not its
 * `description`: that documents the key (the README's configuration reference is generated from it).
 */
function describe(schema: unknown): string | undefined {
  if (schema !== null && typeof schema === 'object' && 'errorMessage' in schema) {
    const message = schema.errorMessage;
    return typeof message === 'string' ? message : undefined;
  }
  return undefined;
}

/** A string parameter of an ajv error (`additionalProperty`, `missingProperty`): ajv types them loosely. */
function param(error: ErrorObject, name: string): string {
  const value: unknown = error.params[name];
  return String(value);
}
