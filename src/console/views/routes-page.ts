import type { RoutePreview } from '../../runtime/preview-event.js';
import type { RouteView } from '../console-data.js';
import { html, type Html } from '../html.js';
import { layout } from './layout.js';
import { renderSentMessage } from './render-sent-message.js';

export interface TryResult {
  readonly source: string;
  readonly payload: string;
  readonly previews?: readonly RoutePreview[];
  readonly problem?: string;
}

export function routesPage(
  routes: readonly RouteView[],
  sources: readonly string[],
  csrf: string,
  tried: TryResult | undefined,
): string {
  const body = html`<h1>Routes</h1>
    <table class="stack">
      <thead>
        <tr>
          <th scope="col">Route</th>
          <th scope="col">Source</th>
          <th scope="col">Events</th>
          <th scope="col">Filter</th>
          <th scope="col">To</th>
        </tr>
      </thead>
      <tbody>
        ${routes.map(
          (r) =>
            html`<tr>
              <td data-label="Route">${r.name}</td>
              <td data-label="Source">${r.source}</td>
              <td data-label="Events">${r.events.join(', ')}</td>
              <td data-label="Filter">${r.filter ?? html`<span class="muted">none</span>`}</td>
              <td data-label="To">${r.to.join(', ')}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <section aria-labelledby="try">
      <h2 id="try">Try an event</h2>
      <p class="muted">
        Which routes fire and the exact messages, from the same code as <code>hookgate routes test</code>.
        Nothing is sent.
      </p>
      <form method="post" action="/console/routes/try" class="card">
        <input type="hidden" name="csrf" value="${csrf}" />
        <label for="try-source">Source</label>
        <select id="try-source" name="source">
          ${sources.map((s) => html`<option value="${s}" ${s === tried?.source ? html`selected` : ''}>${s}</option>`)}
        </select>
        <label for="try-payload">Payload (JSON)</label>
        <textarea id="try-payload" name="payload" rows="10" required>${tried?.payload ?? ''}</textarea>
        <button type="submit">Try</button>
      </form>
      ${tried ? tryResult(tried) : ''}
    </section>`;
  return layout({ title: 'Routes', active: 'routes', csrf, body });
}

function tryResult(tried: TryResult): Html {
  if (tried.problem !== undefined) return html`<p class="problem" role="alert">${tried.problem}</p>`;
  const previews = tried.previews ?? [];
  if (previews.length === 0)
    return html`<p role="status">No route matches this event: nothing would be sent.</p>`;
  return html`<div role="status">
    ${previews.map(
      (p) =>
        html`<article class="card">
          <h3>Route ${p.route} → ${p.target} <span class="muted">(${p.type})</span></h3>
          ${renderSentMessage(p.type, p.request)}
        </article>`,
    )}
  </div>`;
}
