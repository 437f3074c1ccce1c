/**
 * HTML built only from escaped text: `html` escapes every value it inserts unless the value is already `Html`
 * (made by `html` itself or by `trustedHtml` for fixed markup). Untrusted text (payloads, errors, names) can
 * therefore never become markup by forgetting to escape it.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => entities[char] ?? char);
}

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Markup written by us, never from input. */
export function trustedHtml(text: string): Html {
  return new Html(text);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** A URL for an href: only our own relative paths and http(s) links; anything else (`javascript:`) is none. */
export function safeHref(url: string): string | undefined {
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  return /^https?:\/\//i.test(url) ? url : undefined;
}

/** A `<time>` with the UTC value on hover; the console's script shows it in the browser's zone. */
export function timeTag(ms: number | null | undefined): Html {
  if (ms === null || ms === undefined) return html`<span class="muted">—</span>`;
  const iso = new Date(ms).toISOString();
  const shown = `${iso.slice(0, 19).replace('T', ' ')} UTC`;
  return html`<time datetime="${iso}" title="${shown}">${shown}</time>`;
}
