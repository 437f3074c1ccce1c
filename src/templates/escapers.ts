import { markInserted } from './deferred-escape.js';

/**
 * Escapers applied to every value a template inserts (LiquidJS `outputEscape`), chosen per message field by the
 * target type. Literal template text is the config author's and is left alone.
 */
export type EscaperName = 'slack' | 'html' | 'json' | 'header' | 'deferred' | 'none';

/**
 * Slack mrkdwn: only &, < and > are control characters; escaping them disarms `<!channel>`, `<@U…>` and
 * `<url|label>` links in untrusted text (api.slack.com/reference/surfaces/formatting). Nothing else is encoded.
 */
export function escapeSlack(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The inside of a JSON string literal: the template author writes the quotes, the value cannot close them. */
export function escapeJson(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** Header values and subjects: control characters (CR/LF above all) would split the header. */
export function escapeHeader(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

export const escapers: Readonly<Record<EscaperName, (value: string) => string>> = {
  slack: escapeSlack,
  html: escapeHtml,
  json: escapeJson,
  header: escapeHeader,
  // Left to the target, which escapes each inserted value where it lands (see deferred-escape.ts).
  deferred: markInserted,
  none: (value) => value,
};
