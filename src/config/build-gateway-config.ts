import { Ajv, type ValidateFunction } from 'ajv';
import type { TargetPlugin } from '../targets/target.js';
import type { JsonObject, JsonValue } from '../types.js';
import { ajvProblems } from './ajv-problems.js';
import type { ConfigSource } from './config-source.js';
import type { GatewayConfig, RouteConfig, SourceConfig, TargetConfig } from './gateway-config.js';
import { readServerConfig, type ServerProblem } from './read-server-config.js';
import { readSource } from './read-source.js';
import { parseDuration } from './parse-size.js';
import { compileRoute } from './compile-route.js';
import { retrySpecProblems } from '../queue/retry-policy.js';
import { isUnderPrefix } from '../canonical-path.js';

export interface BuildContext {
  readonly baseDir: string;
  readonly plugins: ReadonlyMap<string, TargetPlugin>;
  /** PORT and DATA_DIR give the port and data folder when the file does not. */
  readonly env: NodeJS.ProcessEnv;
}

/** Paths the gateway serves itself (in any letter case): no source may take them. */
const reservedPrefixes = ['/admin', '/console', '/metrics', '/healthz', '/readyz'];

/** Keys every target may carry that the core (queue, worker) owns, not the target's plug-in. */
const coreTargetKeys = ['type', 'retry', 'concurrency', 'rateLimit'];

/**
 * Second stage of config loading, after the file matched the config schema: resolves names, reads event schemas,
 * checks each target against its plug-in's schema, compiles filters and templates. Problems go into `source`.
 */
export function buildGatewayConfig(
  source: ConfigSource,
  raw: JsonObject,
  context: BuildContext,
): GatewayConfig | undefined {
  const serverProblems: ServerProblem[] = [];
  const server = readServerConfig(
    (raw.server ?? {}) as JsonObject,
    context.env,
    context.baseDir,
    serverProblems,
  );
  for (const problem of serverProblems) source.add(['server', problem.key], problem.message);

  const eventAjv = new Ajv({ allErrors: true, strict: false });
  const sources = new Map<string, SourceConfig>();
  const paths = new Map<string, string>();
  for (const [name, value] of Object.entries(raw.sources as JsonObject)) {
    const def = value as JsonObject;
    const path = (def.path as string | undefined) ?? '/webhook';
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
  for (const [name, value] of Object.entries(raw.targets as JsonObject)) {
    const def = value as JsonObject;
    const type = def.type as string;
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
    const definition: JsonObject = {};
    for (const [key, v] of Object.entries(def)) if (!coreTargetKeys.includes(key)) definition[key] = v;
    for (const problem of plugin.checkDefinition?.(definition) ?? []) {
      source.add(['targets', name, ...problem.path], problem.message);
    }
    targets.set(name, {
      name,
      plugin,
      definition,
      retry,
      concurrency: def.concurrency as TargetConfig['concurrency'],
      rateLimit: def.rateLimit as TargetConfig['rateLimit'],
    });
  }

  const routes: RouteConfig[] = [];
  const routeNames = new Set<string>();
  (raw.routes as JsonObject[]).forEach((def, index) => {
    const name = def.name as string;
    if (routeNames.has(name)) source.add(['routes', index, 'name'], `route name "${name}" is used twice`);
    routeNames.add(name);
    const route = compileRoute(source, def, index, {
      sources,
      targets,
      sourceNames: Object.keys(raw.sources as JsonObject),
      targetNames: Object.keys(raw.targets as JsonObject),
    });
    if (route) routes.push(route);
  });

  if (source.problems.length > 0) return undefined;
  return { file: source.file, server, sources, targets, routes };
}

/** `retry` as written (durations such as `30s`) to the worker's form (milliseconds). */
function retrySpec(value: JsonValue | undefined): JsonObject | string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  const spec = value as JsonObject;
  const out: JsonObject = {};
  if (spec.preset !== undefined) out.preset = spec.preset;
  if (spec.attempts !== undefined) out.attempts = spec.attempts;
  for (const [key, target] of [
    ['baseDelay', 'baseDelayMs'],
    ['maxDelay', 'maxDelayMs'],
    ['maxAge', 'maxAgeMs'],
  ] as const) {
    const duration = spec[key];
    if (duration !== undefined) out[target] = parseDuration(duration as string | number);
  }
  return out;
}
