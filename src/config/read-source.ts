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
import { compileEventSchemas } from './compile-event-schemas.js';
import type { ConfigSource } from './config-source.js';
import type { EventPattern, SourceConfig } from './gateway-config.js';
import { sourceDefaults, type Duration, type SourceDefinition } from './gateway-file.js';
import { parseDuration } from './parse-size.js';

type VerifyDefinition = SourceDefinition['verify'];

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
  def: SourceDefinition,
  context: ReadSourceContext,
): SourceConfig | undefined {
  const at = (...rest: (string | number)[]): (string | number)[] => ['sources', name, ...rest];
  const start = config.problems.length;
  const verify = def.verify;
  const schemeName = schemeNameOf(config, verify, at);
  const events = compileEventSchemas(config, context.eventAjv, name, def.events, context.baseDir);
  if (schemeName === undefined) return undefined;

  const { scheme, problems } = createScheme(schemeName, schemeOptions(verify));
  if (!scheme) {
    for (const problem of problems) config.add(at('verify', ...problem.path), problem.message);
    return undefined;
  }
  const secrets = [...verify.secrets];
  secrets.forEach((secret, i) => {
    const problem = scheme.secretProblem(secret, 'verify');
    // The line says which secret; the message never quotes it.
    if (problem) config.add(at('verify', 'secrets', i), `secret ${i + 1} of ${schemeName} ${problem}`);
  });

  const preset = sourcePresets[schemeName];
  const dedupe = def.dedupe ?? {};
  if (dedupe.key !== undefined && def.eventId !== undefined) {
    config.add(at('dedupe', 'key'), 'write the event id once: "eventId: { path: … }" replaces "dedupe.key"');
  }
  const eventId: EventIdSpec =
    def.eventId !== undefined
      ? { from: [fieldSource(def.eventId)] }
      : dedupe.key !== undefined
        ? { from: [{ path: dedupe.key }] }
        : preset.eventId;
  const rawType = def.eventType;
  const eventType: EventTypeSpec = rawType
    ? {
        from: [fieldSource(rawType)],
        ...(rawType.suffix !== undefined ? { suffix: rawType.suffix } : {}),
      }
    : preset.eventType;
  const accept = new Set<BodyFormat>(def.accept ?? preset.accept);
  if (config.problems.length > start) return undefined;

  return {
    name,
    path: def.path ?? sourceDefaults.path,
    scheme,
    verifier: scheme.verifier(secrets),
    secrets,
    publicUrl: verify.url,
    accept,
    eventType,
    eventId,
    handshake: preset.handshake,
    formPayload: preset.formPayload,
    events,
    eventPatterns: eventPatterns(events),
    dedupeSkip: new Set(dedupe.skip ?? sourceDefaults.dedupe.skip),
    dedupeWindowMs: dedupe.window !== undefined ? parseDuration(dedupe.window) : context.dedupeWindowMs,
  };
}

function schemeNameOf(
  config: ConfigSource,
  verify: VerifyDefinition,
  at: (...rest: (string | number)[]) => (string | number)[],
): (typeof schemeNames)[number] | undefined {
  if (verify.preset !== undefined && verify.scheme !== undefined) {
    config.add(at('verify', 'preset'), 'write "preset" or "scheme", not both (they name the same thing)');
    return undefined;
  }
  const key = verify.preset !== undefined ? 'preset' : 'scheme';
  const name = verify[key];
  if (name === undefined) {
    config.add(at('verify'), `verify needs a "preset" (known: ${schemeNames.join(', ')})`);
    return undefined;
  }
  if (!isSchemeName(name)) {
    config.add(at('verify', key), `unknown ${key} "${name}" (known: ${schemeNames.join(', ')})`);
    return undefined;
  }
  return name;
}

function schemeOptions(verify: VerifyDefinition): SchemeOptions {
  const timestamp = verify.timestamp;
  return {
    toleranceMs: duration(verify.tolerance),
    algorithm: verify.algorithm,
    header: verify.header,
    encoding: verify.encoding,
    prefix: verify.prefix,
    signed: verify.signed,
    timestamp: timestamp
      ? { header: timestamp.header, unit: timestamp.unit, toleranceMs: duration(timestamp.tolerance) }
      : undefined,
  };
}

function duration(value: Duration | undefined): number | undefined {
  return value === undefined ? undefined : parseDuration(value);
}

/** `{ header }`, `{ path }` or `{ value }`: the config schema allows exactly one. */
function fieldSource(raw: { header?: string; path?: string; value?: string }): FieldSource {
  if (raw.header !== undefined) return { header: raw.header.toLowerCase() };
  if (raw.path !== undefined) return { path: raw.path };
  return { value: raw.value ?? '' };
}

function eventPatterns(events: ReadonlyMap<string, EventPattern['validate']>): EventPattern[] {
  return [...events]
    .filter(([pattern]) => pattern.includes('*'))
    .map(([pattern, validate]) => ({ pattern, matches: compileEventPattern(pattern), validate }));
}
