import type { Context, Liquid } from 'liquidjs';
import { escapeHtml, escapeJson, escapeSlack } from './escapers.js';
import { toJsonText } from './to-json-text.js';

/**
 * Filters beyond Liquid's own that users of these payloads need. Liquid already has `truncate` (characters),
 * `truncatewords`, `date` (strftime, with a time zone as second argument), `join` and `default`.
 */
export function registerTemplateFilters(liquid: Liquid): void {
  liquid.registerFilter('truncate_lines', truncateLines);
  liquid.registerFilter('duration', formatDuration);
  liquid.registerFilter('slack_escape', (value: unknown) => escapeSlack(toText(value)));
  liquid.registerFilter('html_escape', (value: unknown) => escapeHtml(toText(value)));
  liquid.registerFilter('json_escape', (value: unknown) => escapeJson(toText(value)));
  liquid.registerFilter('full_name', fullName);
  // Liquid's own `json` (and its aliases) call JSON.stringify, which throws on a deeply nested payload.
  for (const name of ['json', 'jsonify', 'inspect']) liquid.registerFilter(name, jsonFilter);
}

/** `{{ value | json }}` (or `json: 2` to indent), at any depth; counted against the render's memory limit. */
function jsonFilter(this: { readonly context: Context }, value: unknown, space: unknown = 0): string {
  const text = toJsonText(value, Number(space) || 0);
  this.context.memoryLimit.use(text.length);
  return text;
}

/** Keeps the first `count` lines and, when some were cut, adds a note saying how many. */
export function truncateLines(
  value: unknown,
  count: unknown = 20,
  note: unknown = '… ({n} more lines)',
): string {
  const text = toText(value);
  const limit = Math.max(0, Math.floor(Number(count)));
  const lines = text.split('\n');
  if (lines.length <= limit) return text;
  return `${lines.slice(0, limit).join('\n')}\n${String(note).replace('{n}', String(lines.length - limit))}`;
}

/** Seconds as a short human duration: 1860 → "31m", 3725 → "1h 2m 5s". */
export function formatDuration(value: unknown): string {
  const total =
    typeof value === 'number' || (typeof value === 'string' && value.trim() !== '')
      ? Math.round(Number(value))
      : NaN;
  if (!Number.isFinite(total) || total < 0) return toText(value);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = [h > 0 ? `${h}h` : '', m > 0 ? `${m}m` : '', s > 0 || total === 0 ? `${s}s` : ''];
  return parts.filter(Boolean).join(' ');
}

/** `{{ event.data.user | full_name }}`: "first last" from a user object, skipping missing parts. */
export function fullName(value: unknown): string {
  if (value === null || typeof value !== 'object') return '';
  const user = value as Record<string, unknown>;
  return [user.first_name, user.last_name]
    .filter((part) => typeof part === 'string' && part !== '')
    .join(' ');
}

/** A filter's input as text: strings as they are, numbers and booleans printed, objects as JSON, nothing as ''. */
function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '';
  return toJsonText(value);
}
