import type { ArchivedAttempt } from '../../store/archive-queries.js';
import type { JsonValue } from '../../types.js';
import type { EventView } from '../console-data.js';
import { html, timeTag, type Html } from '../html.js';
import { formatMs } from './format.js';
import { layout } from './layout.js';
import { renderPayload } from './render-payload.js';
import { renderSentMessage } from './render-sent-message.js';

export function eventPage(
  view: EventView,
  options: { readonly full: boolean; readonly csrf: string; readonly notice?: string | undefined },
): string {
  const { event } = view;
  const self = `/console/events/${encodeURIComponent(event.id)}`;
  const body = html`<h1>Event <code>${event.id}</code></h1>
    ${options.notice !== undefined ? html`<p class="notice" role="status">${options.notice}</p>` : ''}
    <dl class="facts">
      <dt>Source</dt>
      <dd>${event.source}</dd>
      <dt>Type</dt>
      <dd>${event.type}</dd>
      <dt>Received</dt>
      <dd>${timeTag(event.receivedAt)}</dd>
      <dt>Dedupe key</dt>
      <dd><code>${event.dedupeKey}</code></dd>
    </dl>
    <section aria-labelledby="payload" id="payload-section">
      <h2 id="payload">Payload</h2>
      ${renderPayload(event.payload, options.full ? undefined : `${self}?full=1#payload`)}
    </section>
    <section aria-labelledby="deliveries">
      <h2 id="deliveries">Deliveries</h2>
      ${view.deliveries.length === 0 ? html`<p>No route matched this event: nothing was sent.</p>` : ''}
      ${view.deliveries.map(
        ({ delivery, attempts, targetType }) =>
          html`<article class="card delivery" id="delivery-${delivery.id}">
            <h3>
              ${delivery.target} <span class="muted">via route ${delivery.route}</span>
              <span class="status status-${delivery.status}">${delivery.status}</span>
            </h3>
            <p class="muted">
              Delivery <code>${delivery.id}</code>, round
              ${delivery.round}${delivery.nextAttemptAt !== null ? html`, next attempt ${timeTag(delivery.nextAttemptAt)}` : ''}
            </p>
            ${delivery.deadReason !== null ? html`<p class="problem">${delivery.deadReason}</p>` : ''}
            ${delivery.status !== 'in_flight' ? replayForm(delivery.id, options.csrf, self) : ''}
            <ol class="timeline">
              ${attempts.map((a, i) => attemptItem(a, targetType, i === attempts.length - 1))}
            </ol>
          </article>`,
      )}
    </section>`;
  return layout({ title: `Event ${event.id}`, active: 'events', csrf: options.csrf, body });
}

export function replayForm(deliveryId: string, csrf: string, back: string): Html {
  return html`<form
    method="post"
    action="/console/deliveries/${encodeURIComponent(deliveryId)}/replay"
    class="inline"
  >
    <input type="hidden" name="csrf" value="${csrf}" /><input type="hidden" name="back" value="${back}" />
    <button type="submit" aria-describedby="delivery-${deliveryId}">Replay</button>
  </form>`;
}

function attemptItem(a: ArchivedAttempt, targetType: string | undefined, last: boolean): Html {
  const message = parseMessage(a.message);
  return html`<li class="attempt attempt-${a.outcome}">
    <p>
      ${timeTag(a.startedAt)} · round ${a.round}, attempt ${a.attempt} ·
      <strong>${a.outcome}</strong> ${a.httpStatus !== null ? html` · HTTP ${a.httpStatus}` : ''} ·
      ${formatMs(a.durationMs)}
      ${a.nextAttemptAt !== null ? html` · next retry ${timeTag(a.nextAttemptAt)}` : ''}
    </p>
    ${a.error !== null ? html`<p class="problem">${a.error}</p>` : ''}
    ${
      message !== undefined
        ? html`<details ${last ? html`open` : ''}>
            <summary>Message sent</summary>
            ${renderSentMessage(targetType, message)}
          </details>`
        : ''
    }
  </li>`;
}

function parseMessage(text: string | null): JsonValue | undefined {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}
