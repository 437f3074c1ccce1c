import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'prettier';
import { packageRoot } from '../src/package-root.js';
import { coreTargetKeys as coreTargetKeyList } from '../src/targets/core-target-keys.js';
import { targetPlugins } from '../src/targets/target-plugins.js';
import type { JsonObject, JsonValue } from '../src/types.js';

/**
 * The README's configuration reference, generated from the JSON Schemas (config/gateway.schema.json and each
 * target plug-in's schema), so the documentation cannot drift from what the loader checks. Every documented key
 * carries a `description`, and a `default` (a value), a `defaultText` (a default that is not a plain value), or
 * is required. `npm run docs` writes it between the markers; a test fails when the README is stale.
 */

export const startMarker =
  '<!-- config-reference:start (generated from the schemas by `npm run docs`; do not edit) -->';
export const endMarker = '<!-- config-reference:end -->';

/** Keys every target has, owned by the core: documented once, not per type. */
const coreTargetKeys = new Set(coreTargetKeyList);

export interface KeyDoc {
  readonly key: string;
  readonly defaultText: string;
  readonly description: string | undefined;
}

export function readGatewaySchema(): JsonObject {
  return JSON.parse(readFileSync(join(packageRoot, 'config', 'gateway.schema.json'), 'utf8')) as JsonObject;
}

/** The rows of one object schema: its keys in order, objects whose keys are all documented flattened (`a.b`). */
export function keyDocs(
  schema: JsonObject,
  root: JsonObject,
  skip: ReadonlySet<string> = new Set(),
): KeyDoc[] {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const rows: KeyDoc[] = [];
  for (const [key, value] of Object.entries((schema.properties ?? {}) as JsonObject)) {
    if (skip.has(key) || typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const property = value;
    const nested = resolve(property, root);
    const children = nested.properties as JsonObject | undefined;
    if (children && Object.values(children).every((child) => describedIn(child, root))) {
      for (const row of keyDocs(nested, root)) rows.push({ ...row, key: `${key}.${row.key}` });
      continue;
    }
    rows.push({
      key,
      defaultText: defaultOf(property, required.has(key)),
      description: property.description as string | undefined,
    });
  }
  return rows;
}

/** Every documented key without a description or a default: what the schema still owes its readers. */
export function undocumentedKeys(rows: readonly KeyDoc[]): string[] {
  return rows.filter((row) => !row.description || row.defaultText === '').map((row) => row.key);
}

export interface ReferenceSection {
  readonly title: string;
  readonly intro: string;
  readonly rows: readonly KeyDoc[];
}

/** The sections of the reference, in README order. */
export function referenceSections(root: JsonObject = readGatewaySchema()): ReferenceSection[] {
  const definitions = root.definitions as JsonObject;
  const sections: ReferenceSection[] = [
    {
      title: '`server`',
      intro: describe(root, 'server'),
      rows: keyDocs(resolve(prop(root, 'server'), root), root),
    },
    {
      title: '`sources.<name>`',
      intro: describe(root, 'sources'),
      rows: keyDocs(definitions.source as JsonObject, root),
    },
    {
      title: '`targets.<name>`',
      intro: describe(root, 'targets'),
      rows: keyDocs(definitions.target as JsonObject, root),
    },
    {
      title: '`routes[]`',
      intro: describe(root, 'routes'),
      rows: keyDocs(definitions.route as JsonObject, root),
    },
  ];
  for (const plugin of targetPlugins.values()) {
    const fields = [
      ...Object.keys(plugin.fields).map((field) => `\`${field}\``),
      ...Object.keys(plugin.fieldPrefixes ?? {}).map((prefix) => `\`${prefix}<name>\``),
    ];
    sections.push({
      title: `\`targets.<name>\` with \`type: ${plugin.type}\``,
      intro: `Message fields a route may template: ${fields.join(', ')}.`,
      rows: keyDocs(plugin.schema, plugin.schema, coreTargetKeys),
    });
  }
  return sections;
}

/** The markdown between the markers (not yet formatted). */
export function renderReference(sections: readonly ReferenceSection[] = referenceSections()): string {
  const parts: string[] = [];
  for (const section of sections) {
    parts.push(`### ${section.title}`, '');
    if (section.intro) parts.push(section.intro, '');
    parts.push('| key | default | meaning |', '| --- | --- | --- |');
    for (const row of section.rows)
      parts.push(`| \`${row.key}\` | ${cell(row.defaultText)} | ${cell(row.description ?? '')} |`);
    parts.push('');
  }
  return parts.join('\n');
}

/** The README with its reference section replaced by the generated one, formatted as prettier formats it. */
export async function withReference(readme: string, reference = renderReference()): Promise<string> {
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(endMarker);
  if (start === -1 || end < start)
    throw new Error(`README.md lacks the markers ${startMarker} … ${endMarker}`);
  const replaced = `${readme.slice(0, start + startMarker.length)}\n\n${reference}\n${readme.slice(end)}`;
  const options = JSON.parse(readFileSync(join(packageRoot, '.prettierrc.json'), 'utf8')) as object;
  return format(replaced, { ...options, parser: 'markdown' });
}

function prop(schema: JsonObject, key: string): JsonObject {
  return ((schema.properties as JsonObject)[key] ?? {}) as JsonObject;
}

function describe(schema: JsonObject, key: string): string {
  return (prop(schema, key).description as string | undefined) ?? '';
}

/** Follows a local `$ref` (`#/definitions/x`) to the schema it names. */
function resolve(schema: JsonObject, root: JsonObject): JsonObject {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let target: JsonValue | undefined = root;
  for (const part of ref.slice(2).split('/')) target = (target as JsonObject | undefined)?.[part];
  return { ...((target ?? {}) as JsonObject), ...schema };
}

function describedIn(child: JsonValue | undefined, root: JsonObject): boolean {
  return (
    typeof child === 'object' && child !== null && !Array.isArray(child) && !!resolve(child, root).description
  );
}

function defaultOf(property: JsonObject, required: boolean): string {
  if (typeof property.defaultText === 'string') return property.defaultText;
  if (property.default !== undefined) return `\`${flow(property.default)}\``;
  return required ? 'required' : '';
}

/** A default as one would write it in gateway.yaml: `[]`, `{ perSecond: 1, burst: 3 }`, `24h`. */
function flow(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${flow(v)}`)
      .join(', ')} }`;
  return String(value);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
