import type { Ajv } from 'ajv';
import { compileEventPattern } from '../routing/event-type-pattern.js';
import { createScheme, isSchemeName, schemeNames } from '../signing/scheme-registry.js';
import type { SchemeOptions } from '../signing/scheme-options.js';
import {
  sourcePresets,
  type BodyFormat,
  type EventIdSpec,
  type EventTypeSpec,
  type FieldSource,
} from '../sources/source-presets.js';
import type { JsonObject, JsonValue } from '../types.js';
import { compileEventSchemas } from './compile-event-schemas.js';
import type { ConfigSource } from './config-source.js';
import type { EventPattern, SourceConfig } from './gateway-config.js';
import { parseDuration } from './parse-size.js';

export interface ReadSourceContext {
  readonly baseDir: string;
  readonly eventAjv: Ajv;
  readonly dedupeWindowMs: number;
}

/**
 * One source of gateway.yaml (already matching the config schema): its scheme (`preset:` or `scheme:`, the same
 * registry), secrets checked against the scheme, where the event type and id come from (the preset's unless the
 * source says), body formats and event schemas. Problems go into `config` with their line.
 */
export function readSource(
  config: ConfigSource,
  name: string,
  def: JsonObject,
  context: ReadSourceContext,
): SourceConfig | undefined {
  const at = (...rest: (string | number)[]): (string | number)[] => ['sources', name, ...rest];
  const start = config.problems.length;
  const verify = def.verify as JsonObject;
  const schemeName = schemeNameOf(config, verify, at);
  const events = compileEventSchemas(
    config,
    context.eventAjv,
    name,
    def.events as JsonObject,
    context.baseDir,
  );
  if (schemeName === undefined) return undefined;

  const { scheme, problems } = createScheme(schemeName, schemeOptions(verify));
  if (!scheme) {
    for (const problem of problems) config.add(at('verify', ...problem.path), problem.message);
    return undefined;
  }
  const secrets = (verify.secrets as string[]).map(String);
  secrets.forEach((secret, i) => {
    const problem = scheme.secretProblem(secret, 'verify');
    // The line says which secret; the message never quotes it.
    if (problem) config.add(at('verify', 'secrets', i), `secret ${i + 1} of ${schemeName} ${problem}`);
  });

  const preset = sourcePresets[schemeName];
  const dedupe = (def.dedupe ?? {}) as JsonObject;
  if (dedupe.key !== undefined && def.eventId !== undefined) {
    config.add(at('dedupe', 'key'), 'write the event id once: "eventId: { path: … }" replaces "dedupe.key"');
  }
  const eventId: EventIdSpec =
    def.eventId !== undefined
      ? { from: [fieldSource(def.eventId as JsonObject)] }
      : dedupe.key !== undefined
        ? { from: [{ path: asText(dedupe.key) }] }
        : preset.eventId;
  const rawType = def.eventType as JsonObject | undefined;
  const eventType: EventTypeSpec = rawType
    ? {
        from: [fieldSource(rawType)],
        ...(rawType.suffix !== undefined ? { suffix: asText(rawType.suffix) } : {}),
      }
    : preset.eventType;
  const accept = new Set((def.accept as BodyFormat[] | undefined) ?? preset.accept);
  if (config.problems.length > start) return undefined;

  return {
    name,
    path: (def.path as string | undefined) ?? '/webhook',
    scheme,
    verifier: scheme.verifier(secrets),
    secrets,
    publicUrl: verify.url as string | undefined,
    accept,
    eventType,
    eventId,
    handshake: preset.handshake,
    formPayload: preset.formPayload,
    events,
    eventPatterns: eventPatterns(events),
    dedupeSkip: new Set((dedupe.skip as string[] | undefined) ?? []),
    dedupeWindowMs:
      dedupe.window !== undefined ? parseDuration(dedupe.window as string | number) : context.dedupeWindowMs,
  };
}

function schemeNameOf(
  config: ConfigSource,
  verify: JsonObject,
  at: (...rest: (string | number)[]) => (string | number)[],
): (typeof schemeNames)[number] | undefined {
  if (verify.preset !== undefined && verify.scheme !== undefined) {
    config.add(at('verify', 'preset'), 'write "preset" or "scheme", not both (they name the same thing)');
    return undefined;
  }
  const key = verify.preset !== undefined ? 'preset' : 'scheme';
  const value = verify[key];
  if (value === undefined) {
    config.add(at('verify'), `verify needs a "preset" (known: ${schemeNames.join(', ')})`);
    return undefined;
  }
  const name = asText(value);
  if (!isSchemeName(name)) {
    config.add(at('verify', key), `unknown ${key} "${name}" (known: ${schemeNames.join(', ')})`);
    return undefined;
  }
  return name;
}

function schemeOptions(verify: JsonObject): SchemeOptions {
  const timestamp = verify.timestamp as JsonObject | undefined;
  const text = (value: JsonValue | undefined): string | undefined =>
    value === undefined ? undefined : asText(value);
  return {
    toleranceMs: duration(verify.tolerance),
    algorithm: text(verify.algorithm),
    header: text(verify.header),
    encoding: text(verify.encoding),
    prefix: text(verify.prefix),
    signed: text(verify.signed),
    timestamp: timestamp
      ? {
          header: asText(timestamp.header),
          unit: text(timestamp.unit),
          toleranceMs: duration(timestamp.tolerance),
        }
      : undefined,
  };
}

function duration(value: JsonValue | undefined): number | undefined {
  return value === undefined ? undefined : parseDuration(value as string | number);
}

/** `{ header }`, `{ path }` or `{ value }`: the config schema allows exactly one. */
function fieldSource(raw: JsonObject): FieldSource {
  if (raw.header !== undefined) return { header: asText(raw.header).toLowerCase() };
  if (raw.path !== undefined) return { path: asText(raw.path) };
  return { value: asText(raw.value) };
}

function eventPatterns(events: ReadonlyMap<string, EventPattern['validate']>): EventPattern[] {
  return [...events]
    .filter(([pattern]) => pattern.includes('*'))
    .map(([pattern, validate]) => ({ pattern, matches: compileEventPattern(pattern), validate }));
}

/** A value the config schema has already checked is a string (numbers stay readable if YAML made one). */
function asText(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}
