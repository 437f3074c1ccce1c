import type { OverviewData, OverviewMinute } from '../console-data.js';
import { html, timeTag, type Html } from '../html.js';
import { layout } from './layout.js';
import { formatMs } from './format.js';

export function overviewPage(data: OverviewData, csrf: string): string {
  return layout({ title: 'Overview', active: 'overview', csrf, charts: true, body: overviewBody(data) });
}

/** The part that the console script refreshes every few seconds. */
export function overviewBody(data: OverviewData): Html {
  const sum = (pick: (m: OverviewMinute) => number): number => data.minutes.reduce((n, m) => n + pick(m), 0);
  const rejected = (m: OverviewMinute): number => Object.values(m.rejected).reduce((n, v) => n + v, 0);
  const x = data.minutes.map((m) => m.minute / 1000);
  const eventsChart = {
    x,
    series: [
      { label: 'accepted', values: data.minutes.map((m) => m.accepted) },
      { label: 'duplicate', values: data.minutes.map((m) => m.duplicate) },
      ...data.rejectionCodes.map((code) => ({
        label: `rejected: ${code}`,
        values: data.minutes.map((m) => m.rejected[code] ?? 0),
      })),
    ],
  };
  const deliveriesChart = {
    x,
    series: [
      { label: 'delivered', values: data.minutes.map((m) => m.delivered) },
      { label: 'retrying', values: data.minutes.map((m) => m.retrying) },
      { label: 'dead', values: data.minutes.map((m) => m.dead) },
    ],
  };
  return html`<h1>Overview</h1>
    <div id="live" data-live="overview" aria-live="off">
      <section aria-labelledby="last-hour">
        <h2 id="last-hour">Last hour</h2>
        <ul class="stats">
          <li><span class="n" data-stat="accepted">${sum((m) => m.accepted)}</span> accepted</li>
          <li><span class="n" data-stat="duplicate">${sum((m) => m.duplicate)}</span> duplicate</li>
          <li><span class="n" data-stat="rejected">${sum(rejected)}</span> rejected</li>
          <li><span class="n" data-stat="delivered">${sum((m) => m.delivered)}</span> delivered</li>
          <li><span class="n" data-stat="retrying">${sum((m) => m.retrying)}</span> retrying</li>
          <li><span class="n" data-stat="dead">${sum((m) => m.dead)}</span> dead</li>
          <li><span class="n">${formatMs(data.latency.p50Ms)}</span> p50 received → delivered</li>
          <li><span class="n">${formatMs(data.latency.p99Ms)}</span> p99 received → delivered</li>
        </ul>
        ${chart('events-chart', 'Events per minute', eventsChart)}
        ${chart('deliveries-chart', 'Deliveries per minute', deliveriesChart)}
      </section>
      <section aria-labelledby="queues">
        <h2 id="queues">Queues by target</h2>
        <table class="stack">
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">Queued</th>
              <th scope="col">Dead letters</th>
            </tr>
          </thead>
          <tbody>
            ${data.queue.map(
              (q) =>
                html`<tr>
                  <td data-label="Target">${q.target}</td>
                  <td data-label="Queued">${q.queued}</td>
                  <td data-label="Dead letters">
                    ${q.dead > 0 ? html`<a href="/console/dead-letters#target-${q.target}">${q.dead}</a>` : '0'}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="gateway">
        <h2 id="gateway">Gateway</h2>
        <dl class="facts">
          <dt>Version</dt>
          <dd>${data.version}</dd>
          <dt>Config file</dt>
          <dd><code>${data.configFile}</code></dd>
          <dt>Config loaded</dt>
          <dd>${timeTag(data.configLoadedAt)}</dd>
          <dt>Updated</dt>
          <dd>${timeTag(data.now)}</dd>
        </dl>
        <p class="muted">
          Duplicates and rejections are counted by this process since it started (they are not stored).
        </p>
      </section>
    </div>`;
}

function chart(
  id: string,
  title: string,
  data: { x: number[]; series: { label: string; values: number[] }[] },
): Html {
  const rows = data.x
    .map((t, i) => ({ t, values: data.series.map((s) => s.values[i] ?? 0) }))
    .filter((row) => row.values.some((v) => v > 0));
  return html`<figure class="chart-box">
    <figcaption id="${id}-title">${title}</figcaption>
    <div
      class="chart"
      id="${id}"
      data-chart="${JSON.stringify(data)}"
      role="img"
      aria-labelledby="${id}-title"
    ></div>
    <details>
      <summary>${title} as a table</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">Minute</th>
            ${data.series.map((s) => html`<th scope="col">${s.label}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) =>
              html`<tr>
                <td>${timeTag(row.t * 1000)}</td>
                ${row.values.map((v) => html`<td>${v}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </details>
  </figure>`;
}
