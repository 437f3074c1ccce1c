import { Ajv, type ValidateFunction } from 'ajv';
import type { JsonObject } from '../../types.js';

/**
 * A plug-in's reader of its own target definition, typed by the type generated from its schema
 * (`*-target-definition.ts`). The loader has already checked the definition against the same schema and reported
 * each problem with its line; this check is the type guard that lets the plug-in read the values without casts,
 * and stops a definition that skipped the loader (a test, a future caller) before it is half read.
 */
// The type argument names the generated type the schema describes, as with ajv's own `compile<T>`.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function definitionReader<Definition>(
  type: string,
  schema: JsonObject,
): (definition: JsonObject) => Definition {
  let validate: ValidateFunction<Definition> | undefined;
  return (definition) => {
    // Options as the loader's, so both agree on what passes (coercion included).
    validate ??= new Ajv({ allErrors: true, strict: false, coerceTypes: true }).compile<Definition>(schema);
    // The message names no value: a definition holds secrets.
    if (!validate(definition)) throw new TypeError(`a ${type} target definition does not match its schema`);
    return definition;
  };
}
