import type { JsonValue } from '../../types.js';
import { html, type Html } from '../html.js';

/** Strings longer than this are cut, with a "show all" link to the whole payload. */
export const longStringChars = 400;

/**
 * A JSON value as a collapsible tree: objects and arrays in `<details>` (the first two levels open), every key and
 * value escaped. `showAllHref` is where "show all" leads; undefined shows strings whole.
 */
export function renderPayload(value: JsonValue, showAllHref: string | undefined): Html {
  return html`<div class="json">${node(value, undefined, 0, showAllHref)}</div>`;
}

function node(value: JsonValue, key: string | undefined, depth: number, showAll: string | undefined): Html {
  const label = key === undefined ? '' : html`<span class="key">${key}</span>: `;
  if (value !== null && typeof value === 'object') {
    const entries: [string, JsonValue][] = Array.isArray(value)
      ? value.map((v, i) => [String(i), v])
      : Object.entries(value);
    const shape = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
    const items = entries.map(([k, v]) => html`<li>${node(v, k, depth + 1, showAll)}</li>`);
    return html`<details ${depth < 2 ? html`open` : ''}>
      <summary>${label}<span class="muted">${shape}</span></summary>
      <ul>
        ${items}
      </ul>
    </details>`;
  }
  return html`<span class="leaf">${label}${scalar(value, showAll)}</span>`;
}

function scalar(value: string | number | boolean | null, showAll: string | undefined): Html {
  if (typeof value !== 'string') return html`<span class="lit">${JSON.stringify(value)}</span>`;
  if (showAll === undefined || value.length <= longStringChars)
    return html`<span class="str">"${value}"</span>`;
  return html`<span class="str">"${value.slice(0, longStringChars)}…"</span>
    <a href="${showAll}">show all (${value.length} characters)</a>`;
}
