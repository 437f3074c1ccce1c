import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { ConfigError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { errorCode } from '../targets/shared/error-code.js';
import { targetPlugins } from '../targets/target-plugins.js';
import type { TargetPlugin } from '../targets/target.js';
import { ajvProblems } from './ajv-problems.js';
import { ConfigSource } from './config-source.js';
import type { GatewayConfig } from './gateway-config.js';
import type { GatewayFile } from './gateway-file.js';
import { interpolateEnv } from './interpolate-env.js';
import { buildGatewayConfig } from './build-gateway-config.js';

export interface LoadConfigOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly plugins?: ReadonlyMap<string, TargetPlugin>;
}

let configSchemaValidator: ValidateFunction<GatewayFile> | undefined;

/** Checks the file against config/gateway.schema.json; passing, it has the type generated from that schema. */
function validateShape(): ValidateFunction<GatewayFile> {
  if (!configSchemaValidator) {
    const schema: unknown = JSON.parse(
      readFileSync(join(packageRoot, 'config', 'gateway.schema.json'), 'utf8'),
    );
    if (typeof schema !== 'object' || schema === null)
      throw new TypeError('gateway.schema.json is not a schema');
    configSchemaValidator = new Ajv({
      allErrors: true,
      verbose: true,
      strict: false,
      coerceTypes: true,
    }).compile<GatewayFile>(schema);
  }
  return configSchemaValidator;
}

/**
 * Reads, interpolates, checks and compiles a config file. Every problem (YAML syntax, schema, names, schema
 * files, templates, filters) is collected and thrown at once as a `ConfigError`, each with file:line:column.
 */
export function loadConfig(file: string, options: LoadConfigOptions = {}): GatewayConfig {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([
      {
        file,
        line: 1,
        column: 1,
        message: `cannot read the config file: ${errorCode(error) ?? String(error)}`,
      },
    ]);
  }
  return loadConfigText(file, text, { ...options, baseDir: dirname(path) });
}

export function loadConfigText(
  file: string,
  text: string,
  options: LoadConfigOptions & { readonly baseDir?: string } = {},
): GatewayConfig {
  const source = ConfigSource.parse(file, text);
  if (source.problems.length > 0) throw new ConfigError(source.problems);

  interpolateEnv(source, options.env ?? process.env);
  const unsetCount = source.problems.length;
  const raw = source.toJS();
  if (source.problems.length > unsetCount) throw new ConfigError(sortProblems(source, unsetCount));
  const validate = validateShape();
  if (!validate(raw)) {
    for (const problem of ajvProblems(validate.errors ?? []))
      source.add(problem.path, problem.message, problem.at);
    throw new ConfigError(sortProblems(source, unsetCount));
  }

  const config = buildGatewayConfig(source, raw, {
    baseDir: options.baseDir ?? process.cwd(),
    plugins: options.plugins ?? targetPlugins,
    env: options.env ?? process.env,
  });
  if (source.problems.length > 0 || !config) throw new ConfigError(sortProblems(source, unsetCount));
  return config;
}

/**
 * All problems by line. The first `unsetCount` are unset variables: a later problem at the same place (the value
 * then fails its schema too) would only repeat them, so it is left out.
 */
function sortProblems(source: ConfigSource, unsetCount: number): ConfigSource['problems'] {
  const unset = new Set(source.problems.slice(0, unsetCount).map((p) => `${p.line}:${p.column}`));
  return source.problems
    .filter((p, i) => i < unsetCount || !unset.has(`${p.line}:${p.column}`))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}
