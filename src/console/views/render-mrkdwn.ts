import { escapeHtml, html, safeHref, trustedHtml, type Html } from '../html.js';

/**
 * Slack mrkdwn as Slack would show it, in escaped HTML: `*bold*`, `_italic_`, `~strike~`, `` `code` ``, code
 * blocks, line breaks and `<url|label>` links. Only http(s) links become links; anything else (`javascript:`)
 * stays text. Slack's own escapes (`&amp;`, `&lt;`, `&gt;`) are read back first.
 */
export function renderMrkdwn(text: string): Html {
  const parts: string[] = [];
  const linkPattern = /<([^<>|]+)(?:\|([^<>]*))?>/g;
  let from = 0;
  for (const match of text.matchAll(linkPattern)) {
    parts.push(styled(text.slice(from, match.index)));
    parts.push(link(match[1] ?? '', match[2]));
    from = match.index + match[0].length;
  }
  parts.push(styled(text.slice(from)));
  return trustedHtml(parts.join(''));
}

function link(target: string, label: string | undefined): string {
  const url = unescapeSlack(target);
  const shown = label !== undefined ? unescapeSlack(label) : url;
  if (/^[@#!]/.test(url)) return html`<span class="mention">${shown}</span>`.text;
  const href = /^https?:/i.test(url) ? safeHref(url) : undefined;
  if (href === undefined) return escapeHtml(shown);
  return html`<a href="${href}" rel="noopener noreferrer nofollow">${shown}</a>`.text;
}

function styled(raw: string): string {
  // Backticks mark code here; in element text they are harmless.
  const escaped = escapeHtml(unescapeSlack(raw)).replace(/&#96;/g, '`');
  return escaped
    .replace(/```([\s\S]+?)```/g, '<pre>$1</pre>')
    .replace(/`([^`\n]+)`/g, '<code>$1</code>')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s.,!?)])/g, '$1<strong>$2</strong>')
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s.,!?)])/g, '$1<em>$2</em>')
    .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s.,!?)])/g, '$1<del>$2</del>')
    .replace(/\n/g, '<br>');
}

/** Slack's three escapes read back: Slack shows `&lt;` as `<` in every text object. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
