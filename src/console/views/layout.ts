import { html, type Html } from '../html.js';

export type ConsolePage = 'overview' | 'events' | 'dead-letters' | 'targets' | 'routes';

const nav: readonly [ConsolePage, string, string][] = [
  ['overview', 'Overview', '/console'],
  ['events', 'Events', '/console/events'],
  ['dead-letters', 'Dead letters', '/console/dead-letters'],
  ['targets', 'Targets', '/console/targets'],
  ['routes', 'Routes', '/console/routes'],
];

/** A whole console page: assets from /console/assets only (the CSP allows nothing else), no inline script or style. */
export function layout(page: {
  readonly title: string;
  readonly active?: ConsolePage | undefined;
  /** Absent on the sign-in page. */
  readonly csrf?: string | undefined;
  readonly charts?: boolean;
  readonly body: Html;
}): string {
  const links = nav.map(
    ([key, label, href]) =>
      html`<li><a href="${href}" ${key === page.active ? html`aria-current="page"` : ''}>${label}</a></li>`,
  );
  const header =
    page.csrf !== undefined
      ? html`<header class="top">
          <span class="brand">hookgate</span>
          <nav aria-label="Console">
            <ul>
              ${links}
            </ul>
          </nav>
          <form method="post" action="/console/sign-out" class="sign-out">
            <input type="hidden" name="csrf" value="${page.csrf}" /><button type="submit">Sign out</button>
          </form>
        </header>`
      : html`<header class="top"><span class="brand">hookgate</span></header>`;
  const charts = page.charts
    ? html`<link rel="stylesheet" href="/console/assets/uPlot.min.css" />
        <script src="/console/assets/uPlot.iife.min.js" defer></script>`
    : '';
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${page.title} · hookgate console</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
        ${charts}
        <script src="/console/assets/console.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>${header}
        <main id="main">${page.body}</main>
      </body>
    </html>`.text;
}
