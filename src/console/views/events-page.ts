import type { ArchiveFilter, EventPage } from '../../store/archive-queries.js';
import { eventStatuses, type EventSummary } from '../../store/store.js';
import { encodeCursor } from '../event-cursor.js';
import { html, timeTag, type Html } from '../html.js';
import { layout } from './layout.js';

export interface EventsForm {
  readonly filter: ArchiveFilter;
  /** The form's raw values, shown back as typed. */
  readonly values: Readonly<Record<string, string>>;
  readonly deep: boolean;
}

export function eventsPage(
  page: EventPage,
  form: EventsForm,
  names: { readonly sources: readonly string[]; readonly targets: readonly string[] },
  csrf: string,
): string {
  const v = form.values;
  const options = (list: readonly string[], selected: string | undefined): Html[] => [
    html`<option value="">any</option>`,
    ...list.map(
      (name) => html`<option value="${name}" ${name === selected ? html`selected` : ''}>${name}</option>`,
    ),
  ];
  const body = html`<h1>Events</h1>
    <form method="get" action="/console/events" class="filters" role="search" aria-label="Filter events">
      <label>Search <input name="q" value="${v.q}" placeholder="event or delivery id" /></label>
      <label
        >Source
        <select name="source">
          ${options(names.sources, v.source)}
        </select></label
      >
      <label>Type <input name="type" value="${v.type}" /></label>
      <label
        >Status
        <select name="status">
          ${options(eventStatuses, v.status)}
        </select></label
      >
      <label
        >Target
        <select name="target">
          ${options(names.targets, v.target)}
        </select></label
      >
      <label>From (UTC) <input name="from" type="datetime-local" value="${v.from}" /></label>
      <label>To (UTC) <input name="to" type="datetime-local" value="${v.to}" /></label>
      <button type="submit">Filter</button> <a href="/console/events">Clear</a>
    </form>
    <div id="live" ${form.deep ? '' : html`data-live="events"`}>${eventsTable(page.events)}</div>
    ${page.next ? html`<p><a rel="next" href="${nextHref(v, encodeCursor(page.next))}">Older events</a></p>` : ''}`;
  return layout({ title: 'Events', active: 'events', csrf, body });
}

export function eventsTable(events: readonly EventSummary[]): Html {
  if (events.length === 0) return html`<p>No events match.</p>`;
  return html`<table class="events stack">
    <thead>
      <tr>
        <th scope="col">Received</th>
        <th scope="col">Event</th>
        <th scope="col">Source</th>
        <th scope="col">Type</th>
        <th scope="col">Status</th>
        <th scope="col">Deliveries</th>
      </tr>
    </thead>
    <tbody>
      ${events.map(
        (e) =>
          html`<tr>
            <td data-label="Received">${timeTag(e.receivedAt)}</td>
            <td data-label="Event"><a href="/console/events/${encodeURIComponent(e.id)}">${e.id}</a></td>
            <td data-label="Source">${e.source}</td>
            <td data-label="Type">${e.type}</td>
            <td data-label="Status"><span class="status status-${e.status}">${e.status}</span></td>
            <td data-label="Deliveries">${counts(e)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function counts(e: EventSummary): string {
  const d = e.deliveries;
  const parts = [
    d.delivered > 0 ? `${d.delivered} delivered` : '',
    d.pending + d.in_flight > 0 ? `${d.pending + d.in_flight} pending` : '',
    d.dead > 0 ? `${d.dead} dead` : '',
  ].filter((p) => p !== '');
  return parts.length > 0 ? parts.join(', ') : 'none';
}

function nextHref(values: Readonly<Record<string, string>>, after: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values))
    if (value !== '' && key !== 'after') params.set(key, value);
  params.set('after', after);
  return `/console/events?${params.toString()}`;
}
