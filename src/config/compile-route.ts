import { compileEventPattern } from '../routing/event-type-pattern.js';
import { compileFilter } from '../routing/filter.js';
import { compileTemplate, type CompiledTemplate } from '../templates/template-engine.js';
import type { EscaperName } from '../templates/escapers.js';
import type { ConfigSource } from './config-source.js';
import type { RouteDefinition } from './gateway-file.js';
import type { RouteConfig, SourceConfig, TargetConfig } from './gateway-config.js';

interface RouteContext {
  readonly sources: ReadonlyMap<string, SourceConfig>;
  readonly targets: ReadonlyMap<string, TargetConfig>;
  /** Every source and target named in the file, including ones that had problems of their own. */
  readonly sourceNames: readonly string[];
  readonly targetNames: readonly string[];
}

/** Checks one route's names, event patterns and filter, and compiles its templates for each of its targets. */
export function compileRoute(
  source: ConfigSource,
  def: RouteDefinition,
  index: number,
  context: RouteContext,
): RouteConfig | undefined {
  const at = (...rest: (string | number)[]): (string | number)[] => ['routes', index, ...rest];
  const start = source.problems.length;
  const name = def.name;

  let sourceName = def.source;
  if (sourceName === undefined) {
    if (context.sourceNames.length === 1) sourceName = context.sourceNames[0];
    else
      source.add(
        at('name'),
        `route "${name}" must name its "source" (there are ${context.sourceNames.length} sources)`,
      );
  } else if (!context.sourceNames.includes(sourceName)) {
    source.add(at('source'), `unknown source "${sourceName}" (known: ${context.sourceNames.join(', ')})`);
  }
  // A source with problems of its own is missing from `sources`; its routes are then checked no further.
  const routeSource = sourceName !== undefined ? context.sources.get(sourceName) : undefined;

  const events = typeof def.events === 'string' ? [def.events] : def.events;
  const matchers = events.map(compileEventPattern);
  if (routeSource) {
    const accepted = [...routeSource.events.keys()];
    events.forEach((pattern, i) => {
      const matches = matchers[i] ?? (() => false);
      // An accepted glob (invoice.*) may overlap a route's type or glob: either one matching the other will do.
      const overlaps = (key: string): boolean =>
        matches(key) || (key.includes('*') && (pattern.includes('*') || compileEventPattern(key)(pattern)));
      if (!accepted.some(overlaps)) {
        source.add(
          typeof def.events === 'string' ? at('events') : at('events', i),
          `event type "${pattern}" matches nothing source "${routeSource.name}" accepts (${accepted.join(', ')})`,
        );
      }
    });
  }

  const to = typeof def.to === 'string' ? [def.to] : def.to;
  to.forEach((targetName, i) => {
    if (!context.targetNames.includes(targetName)) {
      source.add(
        typeof def.to === 'string' ? at('to') : at('to', i),
        `unknown target "${targetName}" (known: ${context.targetNames.join(', ')})`,
      );
    }
  });

  let filter: RouteConfig['filter'];
  if (def.filter !== undefined) {
    const compiled = compileFilter(def.filter, at('filter'));
    for (const problem of compiled.problems) source.add(problem.path, problem.message);
    filter = compiled.filter;
  }

  const message = routeMessage(def.message);
  to.forEach((targetName, i) => {
    const target = context.targets.get(targetName);
    for (const problem of target?.plugin.checkRoute?.(target.definition, message) ?? []) {
      const where =
        problem.path.length > 0 ? at(...problem.path) : typeof def.to === 'string' ? at('to') : at('to', i);
      source.add(where, problem.message);
    }
  });
  const templates = new Map<string, Map<string, CompiledTemplate>>();
  const usedFields = new Set<string>();
  const compiledByKey = new Map<string, CompiledTemplate | null>();
  for (const targetName of to) {
    const target = context.targets.get(targetName);
    if (!target) continue;
    const fields = new Map<string, CompiledTemplate>();
    const wanted: [string, EscaperName][] = Object.entries(target.plugin.fields);
    for (const field of Object.keys(message)) {
      for (const [prefix, family] of Object.entries(target.plugin.fieldPrefixes ?? {})) {
        if (!field.startsWith(prefix)) continue;
        usedFields.add(field);
        const rest = field.slice(prefix.length);
        if (family.name.test(rest)) wanted.push([field, family.escaper]);
        else source.add(at('message', field), `"${rest}" is not a valid name after "${prefix}"`, 'key');
      }
    }
    for (const [field, escaper] of wanted) {
      usedFields.add(field);
      const own = message[field];
      const text = own ?? target.plugin.defaultTemplates[field];
      if (text === undefined) continue;
      const key = `${escaper}\u0000${text}`;
      let template = compiledByKey.get(key);
      if (template === undefined) {
        try {
          template = compileTemplate(text, escaper);
        } catch (error) {
          template = null;
          const where = own !== undefined ? at('message', field) : at('to');
          source.add(where, `template "${field}" does not parse: ${firstLine(error)}`);
        }
        compiledByKey.set(key, template);
      }
      if (template) fields.set(field, template);
    }
    templates.set(targetName, fields);
  }
  if (!to.every((t) => context.targets.has(t))) {
    // A target is unknown (or has problems of its own), so its fields are unknown too: still parse every template
    // the route gives, so a broken one is reported in the same run.
    for (const [field, text] of Object.entries(message)) {
      if (usedFields.has(field)) continue;
      try {
        compileTemplate(text, 'none');
      } catch (error) {
        source.add(at('message', field), `template "${field}" does not parse: ${firstLine(error)}`);
      }
    }
  }
  for (const field of Object.keys(message)) {
    if (!usedFields.has(field) && context.targets.size > 0 && to.every((t) => context.targets.has(t))) {
      const known = [...usedFields].join(', ');
      source.add(
        at('message', field),
        `message field "${field}" is used by none of this route's targets (they use: ${known})`,
        'key',
      );
    }
  }

  if (source.problems.length > start || !routeSource) return undefined;
  return {
    name,
    source: routeSource.name,
    events,
    matchesType: (type) => matchers.some((match) => match(type)),
    filter,
    to,
    templates,
  };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/** The route's message templates (YAML gives each as a string; the schema checked it). */
function routeMessage(message: RouteDefinition['message']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, text] of Object.entries(message ?? {})) if (text !== undefined) out[field] = text;
  return out;
}
