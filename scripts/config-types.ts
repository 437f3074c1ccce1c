import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { format, resolveConfig } from 'prettier';
import { packageRoot } from '../src/package-root.js';
import { targetPlugins } from '../src/targets/target-plugins.js';
import type { JsonObject, JsonValue } from '../src/types.js';
import { editorSchemaFile } from './editor-schema.js';

/**
 * The TypeScript types of the config, generated from the JSON Schemas (config/gateway.schema.json and each target
 * plug-in's schema), so the schema is the one description of a config shape: the loader validates with ajv, whose
 * type guard then hands the readers these types, with no casts. `npm run docs` writes them; a test fails when
 * one is stale. Generation (rather than ajv's JSONSchemaType) keeps the schemas as they are: JSON with `$ref`s,
 * `oneOf`s and union types that JSONSchemaType cannot follow, and the plug-ins' schemas as plain objects.
 */

export interface GeneratedFile {
  /** Relative to the package root. */
  readonly path: string;
  readonly text: string;
}

const banner = (from: string): string =>
  `// Generated from ${from} by \`npm run docs\` (scripts/config-types.ts); do not edit.\n`;

/** Open objects come out as `unknown` index signatures and the free-form filter as an empty interface. */
function lintExceptions(text: string): string {
  const rules = [
    ...(text.includes('unknown | undefined') ? ['@typescript-eslint/no-redundant-type-constituents'] : []),
    ...(/interface \w+ \{\s*\}/.test(text) ? ['@typescript-eslint/no-empty-object-type'] : []),
  ];
  return rules.length > 0 ? `/* eslint-disable ${rules.join(', ')} */\n` : '';
}

/** The definitions of gateway.schema.json, named for what they are in the file. */
const definitionNames: Readonly<Record<string, string>> = {
  source: 'SourceDefinition',
  target: 'TargetDefinition',
  route: 'RouteDefinition',
  filter: 'FilterDefinition',
};

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A `#/definitions/x` reference followed (one level is all the schemas use). */
function followRef(schema: JsonObject, root: JsonObject): JsonObject {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/definitions/')) return schema;
  const definitions = root.definitions;
  const target = isObject(definitions) ? definitions[ref.slice('#/definitions/'.length)] : undefined;
  return isObject(target) ? { ...target, ...schema } : schema;
}

/**
 * The `default`s of an object schema's properties, nested objects included where they hold any: the value a key
 * has when the file leaves it out. Undefined when there are none.
 */
export function defaultsOf(schema: JsonObject, root: JsonObject): JsonObject | undefined {
  const properties = schema.properties;
  if (!isObject(properties)) return undefined;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(properties)) {
    if (!isObject(value)) continue;
    const property = followRef(value, root);
    const nested = defaultsOf(property, root);
    if (property.default !== undefined && !isObject(property.default)) out[key] = property.default;
    else if (nested) out[key] = { ...(isObject(property.default) ? property.default : {}), ...nested };
    else if (property.default !== undefined) out[key] = property.default;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function namedDefinitions(definitions: JsonObject): JsonObject {
  const named: JsonObject = {};
  for (const [key, value] of Object.entries(definitions)) {
    const title = definitionNames[key];
    named[key] = isObject(value) && title !== undefined ? { ...value, title } : value;
  }
  return named;
}

function defaultsConstant(name: string, defaults: JsonObject | undefined): string {
  return defaults === undefined
    ? ''
    : `\n/** The schema's \`default\`s: what a key is when the file leaves it out. */\nexport const ${name} = ${JSON.stringify(defaults)} as const;\n`;
}

async function typesOf(
  schema: JsonObject,
  name: string,
  from: string,
  defaults: Readonly<Record<string, JsonObject | undefined>> = {},
): Promise<string> {
  // The title or $id would name the root type (the caller names it); a definition is named by its title.
  const rootSchema: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'definitions' && isObject(value)) rootSchema.definitions = namedDefinitions(value);
    else if (key !== 'title' && key !== '$id') rootSchema[key] = value;
  }
  const jsonSchema: JSONSchema = rootSchema;
  const text = await compile(jsonSchema, name, {
    bannerComment: banner(from),
    additionalProperties: false,
    strictIndexSignatures: true,
    unknownAny: true,
    format: false,
  });
  const constants = Object.entries(defaults)
    .map(([constant, values]) => defaultsConstant(constant, values))
    .join('');
  const options = await resolveConfig(join(packageRoot, 'src', 'x.ts'));
  const [first = '', ...rest] = text.split('\n');
  const body = [first, lintExceptions(text) + rest.join('\n')].join('\n');
  return format(body + constants, { ...options, parser: 'typescript' });
}

function gatewayDefaults(schema: JsonObject): Record<string, JsonObject | undefined> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const definitions = isObject(schema.definitions) ? schema.definitions : {};
  const at = (value: JsonValue | undefined): JsonObject | undefined =>
    isObject(value) ? defaultsOf(followRef(value, schema), schema) : undefined;
  return {
    serverDefaults: at(properties.server),
    sourceDefaults: at(definitions.source),
    targetDefaults: at(definitions.target),
  };
}

export async function generatedTypeFiles(): Promise<GeneratedFile[]> {
  const gatewaySchema = JSON.parse(
    readFileSync(join(packageRoot, 'config', 'gateway.schema.json'), 'utf8'),
  ) as JsonObject;
  const files: GeneratedFile[] = [
    {
      path: 'src/config/gateway-file.ts',
      text: await typesOf(
        gatewaySchema,
        'GatewayFile',
        'config/gateway.schema.json',
        gatewayDefaults(gatewaySchema),
      ),
    },
  ];
  for (const plugin of targetPlugins.values()) {
    const type = plugin.type;
    const typeName = `${type[0]?.toUpperCase() ?? ''}${type.slice(1)}TargetDefinition`;
    files.push({
      path: `src/targets/${type}/${type}-target-definition.ts`,
      text: await typesOf(
        plugin.schema,
        typeName,
        `the ${type} plug-in's schema (${type}-target-schema.ts)`,
        {
          [`${type}TargetDefaults`]: defaultsOf(plugin.schema, plugin.schema),
        },
      ),
    });
  }
  files.push(await editorSchemaFile());
  return files;
}
