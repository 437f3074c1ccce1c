import type { TargetView } from '../console-data.js';
import { html, timeTag } from '../html.js';
import { layout } from './layout.js';

export function targetsPage(targets: readonly TargetView[], csrf: string): string {
  const body = html`<h1>Targets</h1>
    <table class="stack">
      <thead>
        <tr>
          <th scope="col">Target</th>
          <th scope="col">Type</th>
          <th scope="col">State</th>
          <th scope="col">Queued</th>
          <th scope="col">Dead</th>
          <th scope="col">Concurrency</th>
          <th scope="col">Rate limit</th>
        </tr>
      </thead>
      <tbody>
        ${targets.map(
          (t) =>
            html`<tr>
              <td data-label="Target">${t.name}</td>
              <td data-label="Type">${t.type}</td>
              <td data-label="State">
                ${
                  t.state.kind === 'healthy'
                    ? html`<span class="status status-delivered">healthy</span>`
                    : html`<span class="status status-pending">retrying</span> ${t.state.waiting} waiting
                        until ${timeTag(t.state.until)}`
                }
              </td>
              <td data-label="Queued">${t.queued}</td>
              <td data-label="Dead">${t.dead}</td>
              <td data-label="Concurrency">${t.concurrency}</td>
              <td data-label="Rate limit">
                ${
                  t.rateLimit
                    ? `${t.rateLimit.perSecond}/s${t.rateLimit.burst !== undefined ? `, burst ${t.rateLimit.burst}` : ''}`
                    : 'none'
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    <p class="muted">
      Retrying: deliveries that failed and wait for their next attempt (a Retry-After from the receiver sets
      that time).
    </p>`;
  return layout({ title: 'Targets', active: 'targets', csrf, body });
}
