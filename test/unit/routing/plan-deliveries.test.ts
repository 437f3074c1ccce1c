import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RouteConfig } from '../../../src/config/gateway-config.js';
import { compileEventPattern } from '../../../src/routing/event-type-pattern.js';
import { compileFilter } from '../../../src/routing/filter.js';
import { matchingRoutes, planDeliveries } from '../../../src/routing/plan-deliveries.js';
import type { JsonObject } from '../../../src/types.js';

const transcript = JSON.parse(
  readFileSync(new URL('../../fixtures/transcript.completed.json', import.meta.url), 'utf8'),
) as JsonObject;
const shortMeeting: JsonObject = {
  ...transcript,
  data: { headline: 'Stand-up', metadata: { duration_seconds: 60 } },
};

function route(
  name: string,
  to: string[],
  options: { source?: string; events?: string[]; filter?: unknown } = {},
): RouteConfig {
  const events = options.events ?? ['transcript.completed'];
  const matchers = events.map(compileEventPattern);
  const compiled = options.filter === undefined ? undefined : compileFilter(options.filter);
  if (compiled && compiled.problems.length > 0) throw new Error(JSON.stringify(compiled.problems));
  return {
    name,
    source: options.source ?? 'connect-it',
    events,
    matchesType: (type) => matchers.some((match) => match(type)),
    filter: compiled?.filter,
    to,
    templates: new Map(),
  };
}

const routes = [
  route('all-transcripts', ['ops'], { events: ['transcript.*'] }),
  route('long-meetings', ['sales'], { filter: { field: 'data.metadata.duration_seconds', gte: 600 } }),
  route('github-pushes', ['ops'], { source: 'github', events: ['*'] }),
];

describe('planDeliveries', () => {
  it('fans one event out to every route it matches', () => {
    expect(planDeliveries(routes, 'connect-it', 'transcript.completed', transcript, 'evt_1')).toEqual([
      { id: 'evt_1~all-transcripts~ops', route: 'all-transcripts', target: 'ops' },
      { id: 'evt_1~long-meetings~sales', route: 'long-meetings', target: 'sales' },
    ]);
  });

  it('fans one route out to each of its targets, in order', () => {
    const both = [route('everywhere', ['ops', 'sales'])];
    expect(planDeliveries(both, 'connect-it', 'transcript.completed', transcript, 'evt_1')).toEqual([
      { id: 'evt_1~everywhere~ops', route: 'everywhere', target: 'ops' },
      { id: 'evt_1~everywhere~sales', route: 'everywhere', target: 'sales' },
    ]);
  });

  it('skips a route whose filter does not match the payload', () => {
    expect(planDeliveries(routes, 'connect-it', 'transcript.completed', shortMeeting, 'evt_2')).toEqual([
      { id: 'evt_2~all-transcripts~ops', route: 'all-transcripts', target: 'ops' },
    ]);
  });

  it('ignores routes of another source', () => {
    const planned = planDeliveries(routes, 'connect-it', 'transcript.completed', transcript, 'evt_1');
    expect(planned.map((d) => d.route)).not.toContain('github-pushes');
    expect(planDeliveries(routes, 'github', 'push', { type: 'push' }, 'evt_3')).toEqual([
      { id: 'evt_3~github-pushes~ops', route: 'github-pushes', target: 'ops' },
    ]);
  });

  it('plans nothing for an event type no route matches', () => {
    expect(
      planDeliveries(routes, 'connect-it', 'test.completed', { type: 'test.completed' }, 'evt_4'),
    ).toEqual([]);
  });

  it('gives the same delivery the same id every time it is planned', () => {
    const first = planDeliveries(routes, 'connect-it', 'transcript.completed', transcript, 'evt_5');
    const again = planDeliveries(routes, 'connect-it', 'transcript.completed', transcript, 'evt_5');
    expect(again).toEqual(first);
  });

  it('gives deliveries of different events different ids', () => {
    const a = planDeliveries(routes, 'connect-it', 'transcript.completed', transcript, 'evt_a');
    const b = planDeliveries(routes, 'connect-it', 'transcript.completed', transcript, 'evt_b');
    expect(new Set([...a, ...b].map((d) => d.id)).size).toBe(a.length + b.length);
  });

  it('gives different (route, target) pairs different ids even when names contain dots', () => {
    // Route and target names may contain dots (config schema: ^[A-Za-z0-9][A-Za-z0-9_.-]*$).
    const dotted = [route('alerts.ops', ['slack']), route('alerts', ['ops.slack'])];
    const planned = planDeliveries(dotted, 'connect-it', 'transcript.completed', transcript, 'evt_6');
    expect(planned).toHaveLength(2);
    expect(planned[0]?.id).not.toBe(planned[1]?.id);
  });
});

describe('matchingRoutes', () => {
  it('returns the routes of the source whose type and filter match', () => {
    expect(
      matchingRoutes(routes, 'connect-it', 'transcript.completed', transcript).map((r) => r.name),
    ).toEqual(['all-transcripts', 'long-meetings']);
    expect(matchingRoutes(routes, 'connect-it', 'transcript.started', transcript).map((r) => r.name)).toEqual(
      ['all-transcripts'],
    );
  });
});
