import { Ajv, type ValidateFunction } from 'ajv';
import { coreTargetKeys } from '../targets/core-target-keys.js';
import type { TargetPlugin } from '../targets/target.js';
import type { JsonObject } from '../types.js';
import { ajvProblems } from './ajv-problems.js';
import type { ConfigSource } from './config-source.js';
import { sourceDefaults, type GatewayFile, type TargetDefinition } from './gateway-file.js';
import type { GatewayConfig, RouteConfig, SourceConfig, TargetConfig } from './gateway-config.js';
import { readServerConfig, type ServerProblem } from './read-server-config.js';
import { readSource } from './read-source.js';
import { parseDuration } from './parse-size.js';
import { compileRoute } from './compile-route.js';
import { retrySpecProblems } from '../worker/retry-policy.js';
import { isUnderPrefix } from '../canonical-path.js';
import { isJsonValue } from '../json/is-json-value.js';

export interface BuildContext {
  readonly baseDir: string;
  readonly plugins: ReadonlyMap<string, TargetPlugin>;
  /** PORT and DATA_DIR give the port and data folder when the file does not. */
  readonly env: NodeJS.ProcessEnv;
}

/** Paths the gateway serves itself (in any letter case): no source may take them. */
const reservedPrefixes = ['/admin', '/console', '/metrics', '/healthz', '/readyz'];

/**
 * Second stage of config loading, after the file matched the config schema: resolves names, reads event schemas,
 * checks each target against its plug-in's schema, compiles filters and templates. Problems go into `source`.
 */
export function buildGatewayConfig(
  source: ConfigSource,
  raw: GatewayFile,
  context: BuildContext,
): GatewayConfig | undefined {
  const serverProblems: ServerProblem[] = [];
  const server = readServerConfig(raw.server ?? {}, context.env, context.baseDir, serverProblems);
  for (const problem of serverProblems) source.add(['server', problem.key], problem.message);

  const eventAjv = new Ajv({ allErrors: true, strict: false });
  const sources = new Map<string, SourceConfig>();
  const paths = new Map<string, string>();
  for (const [name, def] of Object.entries(raw.sources)) {
    if (def === undefined) continue;
    const path = def.path ?? sourceDefaults.path;
    const reserved = reservedPrefixes.find((prefix) => isUnderPrefix(path, prefix));
    if (reserved !== undefined)
      source.add(
        ['sources', name, 'path'],
        `path ${path} is under ${reserved}, which the gateway itself serves`,
      );
    const clash = paths.get(path);
    if (clash !== undefined)
      source.add(['sources', name, 'path'], `path ${path} is already used by source "${clash}"`);
    paths.set(path, name);
    const read = readSource(source, name, def, {
      baseDir: server.schemaDir,
      eventAjv,
      dedupeWindowMs: server.dedupeWindowMs,
    });
    if (read) sources.set(name, read);
  }

  const targets = new Map<string, TargetConfig>();
  const pluginValidators = new Map<string, ValidateFunction>();
  const pluginAjv = new Ajv({ allErrors: true, verbose: true, strict: false, coerceTypes: true });
  for (const [name, def] of Object.entries(raw.targets)) {
    if (def === undefined) continue;
    const type = def.type;
    const plugin = context.plugins.get(type);
    if (!plugin) {
      source.add(
        ['targets', name, 'type'],
        `unknown target type "${type}" (known: ${[...context.plugins.keys()].join(', ')})`,
      );
      continue;
    }
    let validate = pluginValidators.get(type);
    if (!validate) {
      validate = pluginAjv.compile(plugin.schema);
      pluginValidators.set(type, validate);
    }
    if (!validate(def)) {
      for (const problem of ajvProblems(validate.errors ?? [], ['targets', name])) {
        source.add(problem.path, problem.message, problem.at);
      }
      continue;
    }
    const retry = retrySpec(def.retry);
    for (const problem of retrySpecProblems(retry)) source.add(['targets', name, 'retry'], problem);
    const definition = pluginDefinition(def);
    for (const problem of plugin.checkDefinition?.(definition) ?? []) {
      source.add(['targets', name, ...problem.path], problem.message);
    }
    targets.set(name, {
      name,
      plugin,
      definition,
      retry,
      concurrency: def.concurrency,
      rateLimit: def.rateLimit,
    });
  }

  const routes: RouteConfig[] = [];
  const routeNames = new Set<string>();
  raw.routes.forEach((def, index) => {
    const name = def.name;
    if (routeNames.has(name)) source.add(['routes', index, 'name'], `route name "${name}" is used twice`);
    routeNames.add(name);
    const route = compileRoute(source, def, index, {
      sources,
      targets,
      sourceNames: Object.keys(raw.sources),
      targetNames: Object.keys(raw.targets),
    });
    if (route) routes.push(route);
  });

  if (source.problems.length > 0) return undefined;
  return { file: source.file, server, sources, targets, routes };
}

/** `retry` as written (durations such as `30s`) to the worker's form (milliseconds). */
function retrySpec(value: TargetDefinition['retry']): JsonObject | string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  const out: JsonObject = {};
  if (value.preset !== undefined) out.preset = value.preset;
  if (value.attempts !== undefined) out.attempts = value.attempts;
  for (const [key, target] of [
    ['baseDelay', 'baseDelayMs'],
    ['maxDelay', 'maxDelayMs'],
    ['maxAge', 'maxAgeMs'],
  ] as const) {
    const duration = value[key];
    if (duration !== undefined) out[target] = parseDuration(duration);
  }
  return out;
}

/**
 * The keys of a target that its plug-in owns: everything but the core's. The plug-in's schema has checked the
 * whole target; the file was YAML, so every value is JSON (`TargetDefinition` lists only the core's keys).
 */
function pluginDefinition(def: TargetDefinition): JsonObject {
  const definition: JsonObject = {};
  for (const [key, value] of Object.entries(def)) {
    if (!coreTargetKeys.includes(key) && isJsonValue(value)) definition[key] = value;
  }
  return definition;
}
