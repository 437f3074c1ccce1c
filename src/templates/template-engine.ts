import { Liquid, type Template } from 'liquidjs';
import { escapers, type EscaperName } from './escapers.js';
import { registerTemplateFilters } from './template-filters.js';
import { toJsonText } from './to-json-text.js';
import type { JsonObject } from '../types.js';

/**
 * LiquidJS set up for untrusted payloads: no JS execution, own properties only, no file system (includes and
 * layouts resolve against an empty in-memory map), unknown filters rejected at parse, and parse/render/memory
 * limits (LiquidJS leaves them unlimited by default).
 */
export const templateLimits = {
  /** Characters of template source. */
  parseLimit: 100_000,
  /** Milliseconds per render. */
  renderLimit: 1_000,
  /** Rough bytes a render may allocate (strings, arrays). */
  memoryLimit: 64 * 1024 * 1024,
} as const;

export interface CompiledTemplate {
  readonly source: string;
  render(context: TemplateContext): string;
}

/** What a template sees: the event payload as `event`, plus where and when it came in. */
export interface TemplateContext {
  readonly event: JsonObject;
  readonly source: string;
  readonly received_at: string;
  readonly event_type: string;
}

const engines = new Map<EscaperName, Liquid>();

function engineFor(escaper: EscaperName): Liquid {
  let engine = engines.get(escaper);
  if (!engine) {
    const escape = escapers[escaper];
    engine = new Liquid({
      ...templateLimits,
      templates: {},
      strictFilters: true,
      ownPropertyOnly: true,
      outputEscape: (value: unknown) => escape(stringify(value)),
      timezoneOffset: 0,
    });
    registerTemplateFilters(engine);
    engines.set(escaper, engine);
  }
  return engine;
}

function stringify(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return toJsonText(value);
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
    ? String(value)
    : '';
}

/** Parses a template once (throws LiquidError with the position on a broken one). */
export function compileTemplate(source: string, escaper: EscaperName): CompiledTemplate {
  const engine = engineFor(escaper);
  const parsed: Template[] = engine.parse(source);
  return {
    source,
    render: (context) => String(engine.renderSync(parsed, context)),
  };
}
