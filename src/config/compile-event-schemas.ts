import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Ajv, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { errorCode } from '../targets/shared/error-code.js';
import type { ConfigSource } from './config-source.js';
import type { SourceDefinition } from './gateway-file.js';

// ajv-formats is CommonJS: under NodeNext its default import is `module.exports`, which carries the plugin again
// as `.default`.
const addFormats = addFormatsModule.default;
const withFormats = new WeakSet<Ajv>();

/**
 * Reads and compiles the JSON Schema of each event type a source accepts. Paths are relative to `schemaDir` (the
 * config file's folder unless `server.schemaDir` says otherwise) and must stay inside it, symlinks followed: the
 * config may not make the gateway read any file it likes. Problems never quote a file's contents.
 */
export function compileEventSchemas(
  source: ConfigSource,
  ajv: Ajv,
  sourceName: string,
  events: SourceDefinition['events'],
  schemaDir: string,
): Map<string, ValidateFunction | null> {
  if (!withFormats.has(ajv)) {
    addFormats(ajv);
    withFormats.add(ajv);
  }
  const compiled = new Map<string, ValidateFunction | null>();
  for (const [type, value] of Object.entries(events)) {
    const schemaFile = value?.schema;
    if (schemaFile === undefined) {
      compiled.set(type, null);
      continue;
    }
    const at = ['sources', sourceName, 'events', type, 'schema'];
    const read = readSchemaFile(schemaDir, schemaFile);
    if (!read.ok) {
      source.add(at, `schema file ${schemaFile} ${read.reason}`);
      // Recorded as accepted so routes on this type are not also reported: the problem above already fails the load.
      compiled.set(type, null);
      continue;
    }
    try {
      // Without $id, so one schema file may serve several sources (ajv refuses a second schema with the same id).
      const schema =
        typeof read.schema === 'boolean'
          ? read.schema
          : Object.fromEntries(Object.entries(read.schema).filter(([key]) => key !== '$id'));
      compiled.set(type, ajv.compile(schema));
    } catch (error) {
      source.add(at, `schema file ${schemaFile} is not a valid JSON Schema: ${messageOf(error)}`);
      compiled.set(type, null);
    }
  }
  return compiled;
}

/** A JSON Schema as a file holds it: an object, or `true`/`false` (accept or refuse everything). */
type SchemaDocument = { readonly [key: string]: unknown } | boolean;

type ReadResult =
  { readonly ok: true; readonly schema: SchemaDocument } | { readonly ok: false; readonly reason: string };

function readSchemaFile(schemaDir: string, schemaFile: string): ReadResult {
  const outside = `is outside the schema folder ${schemaDir} (schema paths must stay inside it; server.schemaDir sets it)`;
  const path = resolve(schemaDir, schemaFile);
  if (!isInside(schemaDir, path)) return { ok: false, reason: outside };
  let text: string;
  try {
    // Where the path really leads, symlinks included, must be inside the real schema folder too.
    if (!isInside(realpathSync(schemaDir), realpathSync(path))) return { ok: false, reason: outside };
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, reason: `cannot be read (${errorCode(error) ?? 'error'})` };
  }
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the start of the text; the file is not ours to show, so only the kind of fault is said.
    const kind = /end of JSON input/.test(messageOf(error)) ? 'it ends too early' : 'unexpected character';
    return { ok: false, reason: `is not valid JSON (${kind})` };
  }
  if (typeof schema === 'boolean' || isObject(schema)) return { ok: true, schema };
  return { ok: false, reason: 'is not a JSON Schema (it must hold an object, or true or false)' };
}

function isObject(value: unknown): value is { readonly [key: string]: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && rel !== '..' && !rel.startsWith('../') && !isAbsolute(rel);
}
