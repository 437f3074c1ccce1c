import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Ajv, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { JsonObject } from '../types.js';
import type { ConfigSource } from './config-source.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module namespace.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const withFormats = new WeakSet<Ajv>();

/** Reads and compiles the JSON Schema of each event type a source accepts (paths relative to the config file). */
export function compileEventSchemas(
  source: ConfigSource,
  ajv: Ajv,
  sourceName: string,
  events: JsonObject,
  baseDir: string,
): Map<string, ValidateFunction | null> {
  if (!withFormats.has(ajv)) {
    addFormats(ajv);
    withFormats.add(ajv);
  }
  const compiled = new Map<string, ValidateFunction | null>();
  for (const [type, value] of Object.entries(events)) {
    const schemaFile = (value as JsonObject | null)?.schema as string | undefined;
    if (schemaFile === undefined) {
      compiled.set(type, null);
      continue;
    }
    const at = ['sources', sourceName, 'events', type, 'schema'];
    let schema: unknown;
    try {
      schema = JSON.parse(readFileSync(resolve(baseDir, schemaFile), 'utf8'));
    } catch (error) {
      const reason =
        error instanceof SyntaxError
          ? `is not valid JSON (${error.message})`
          : `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
      source.add(at, `schema file ${schemaFile} ${reason}`);
      // Recorded as accepted so routes on this type are not also reported: the problem above already fails the load.
      compiled.set(type, null);
      continue;
    }
    try {
      // Without $id, so one schema file may serve several sources (ajv refuses a second schema with the same id).
      const withoutId = Object.fromEntries(Object.entries(schema as object).filter(([key]) => key !== '$id'));
      compiled.set(type, ajv.compile(withoutId));
    } catch (error) {
      source.add(at, `schema file ${schemaFile} is not a valid JSON Schema: ${(error as Error).message}`);
      compiled.set(type, null);
    }
  }
  return compiled;
}
