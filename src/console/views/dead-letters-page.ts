import type { DeliveryRecord } from '../../store/store.js';
import { html, timeTag } from '../html.js';
import { replayForm } from './event-page.js';
import { layout } from './layout.js';

export function deadLettersPage(
  dead: readonly DeliveryRecord[],
  csrf: string,
  notice: string | undefined,
): string {
  const byTarget = new Map<string, DeliveryRecord[]>();
  for (const d of dead) byTarget.set(d.target, [...(byTarget.get(d.target) ?? []), d]);
  const body = html`<h1>Dead letters</h1>
    ${notice !== undefined ? html`<p class="notice" role="status">${notice}</p>` : ''}
    ${byTarget.size === 0 ? html`<p>No dead letters.</p>` : ''}
    ${[...byTarget.entries()].map(
      ([target, list]) =>
        html`<section aria-labelledby="target-${target}">
          <h2 id="target-${target}">${target} <span class="muted">(${list.length})</span></h2>
          <p>
            <a class="button" href="/console/dead-letters/${encodeURIComponent(target)}/replay-all"
              >Replay all</a
            >
          </p>
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">Dead since</th>
                <th scope="col">Event</th>
                <th scope="col">Reason</th>
                <th scope="col"><span class="visually-hidden">Action</span></th>
              </tr>
            </thead>
            <tbody>
              ${list.map(
                (d) =>
                  html`<tr id="delivery-${d.id}">
                    <td data-label="Dead since">${timeTag(d.updatedAt)}</td>
                    <td data-label="Event">
                      <a href="/console/events/${encodeURIComponent(d.eventId)}">${d.eventId}</a>
                    </td>
                    <td data-label="Reason">${d.deadReason ?? d.lastError ?? ''}</td>
                    <td data-label="">${replayForm(d.id, csrf, '/console/dead-letters')}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </section>`,
    )}`;
  return layout({ title: 'Dead letters', active: 'dead-letters', csrf, body });
}

export function replayAllConfirmPage(target: string, count: number, csrf: string): string {
  const body = html`<h1>Replay all dead letters of ${target}?</h1>
    <p>
      ${count} dead deliver${count === 1 ? 'y' : 'ies'} of <strong>${target}</strong> will be sent again from
      the first attempt.
    </p>
    <form
      method="post"
      action="/console/dead-letters/${encodeURIComponent(target)}/replay-all"
      class="inline"
    >
      <input type="hidden" name="csrf" value="${csrf}" /><button type="submit">Replay all</button>
    </form>
    <a href="/console/dead-letters">Cancel</a>`;
  return layout({ title: `Replay all for ${target}`, active: 'dead-letters', csrf, body });
}
