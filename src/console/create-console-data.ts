import { previewEvent } from '../runtime/preview-event.js';
import { expandSentMessage } from '../runtime/sent-message-record.js';
import type { Filter } from '../routing/filter.js';
import type { RuntimeSnapshot } from '../runtime/runtime-snapshot.js';
import { minuteMs, type ArchiveQueries } from '../store/archive-queries.js';
import type { Store } from '../store/store.js';
import type { ConsoleData, OverviewMinute, TargetView } from './console-data.js';
import type { IngestActivity } from './ingest-activity.js';

export interface ConsoleSources {
  readonly store: Store;
  readonly archive: ArchiveQueries;
  /**
   * The runtime snapshot in force (swapped whole on reload). Each call below reads it once and uses that one
   * snapshot throughout, across its awaits, so a page never mixes two configs.
   */
  readonly snapshot: () => RuntimeSnapshot;
  readonly ingest: IngestActivity;
  readonly version: string;
  /** When the config in force was loaded (start or last applied reload). */
  readonly configLoadedAt: () => number;
  /** Wakes the worker after a replay. */
  readonly onReplay: () => void;
  readonly now: () => number;
}

const hourMs = 60 * minuteMs;

/** The console's port built from the running gateway's parts. */
export function createConsoleData(sources: ConsoleSources): ConsoleData {
  const { store, archive, now } = sources;

  return {
    async overview(at) {
      const { config } = sources.snapshot();
      const since = Math.floor((at - hourMs) / minuteMs) * minuteMs + minuteMs;
      const [activity, counts, latency] = await Promise.all([
        archive.activity(since, at + 1),
        store.countByTargetAndStatus(),
        archive.deliveryLatencies(at - hourMs),
      ]);
      const ingest = new Map(sources.ingest.since(since).map((m) => [m.minute, m.counts]));
      const stored = new Map(activity.map((m) => [m.minute, m]));
      const codes = new Set<string>();
      const minutes: OverviewMinute[] = [];
      for (let minute = since; minute <= at; minute += minuteMs) {
        const seen = ingest.get(minute) ?? {};
        const rejected: Record<string, number> = {};
        for (const [code, n] of Object.entries(seen)) {
          if (code === 'accepted' || code === 'duplicate') continue;
          rejected[code] = n;
          codes.add(code);
        }
        const row = stored.get(minute);
        minutes.push({
          minute,
          // Accepted events are the stored ones: they survive a restart and include other replicas' events.
          accepted: row?.events ?? 0,
          duplicate: seen.duplicate ?? 0,
          rejected,
          delivered: row?.delivered ?? 0,
          retrying: row?.retrying ?? 0,
          dead: row?.dead ?? 0,
        });
      }
      const queue = new Map<string, { target: string; queued: number; dead: number }>();
      for (const name of config.targets.keys()) queue.set(name, { target: name, queued: 0, dead: 0 });
      for (const count of counts) {
        const row = queue.get(count.target) ?? { target: count.target, queued: 0, dead: 0 };
        if (count.status === 'dead') row.dead += count.count;
        else if (count.status !== 'delivered') row.queued += count.count;
        queue.set(count.target, row);
      }
      return {
        minutes,
        rejectionCodes: [...codes].sort(),
        queue: [...queue.values()],
        latency,
        version: sources.version,
        configFile: config.file,
        configLoadedAt: sources.configLoadedAt(),
        now: at,
      };
    },
    findEvents: (filter, cursor, limit) => archive.findEvents(filter, cursor, limit),
    async event(id) {
      const { config } = sources.snapshot();
      const detail = await store.getEvent(id);
      if (!detail) return undefined;
      const attempts = await archive.attemptsOfEvent(id);
      return {
        event: detail.event,
        deliveries: detail.deliveries.map(({ delivery }) => ({
          delivery,
          // A pass-through attempt stores a marker for the body it sent: the event's own, shown in its place.
          attempts: attempts
            .filter((a) => a.deliveryId === delivery.id)
            .map((a) =>
              a.message === null ? a : { ...a, message: expandSentMessage(a.message, detail.event.rawBody) },
            ),
          targetType: config.targets.get(delivery.target)?.plugin.type,
        })),
      };
    },
    deadLetters: (limit) => store.listDeliveries({ status: 'dead', limit }),
    async targets() {
      const { config, policyFor } = sources.snapshot();
      const [counts, waiting] = await Promise.all([store.countByTargetAndStatus(), archive.retryWaiting()]);
      return [...config.targets.values()].map((target): TargetView => {
        const mine = counts.filter((c) => c.target === target.name);
        const retry = waiting.find((w) => w.target === target.name);
        return {
          name: target.name,
          type: target.plugin.type,
          state: retry
            ? { kind: 'retrying', waiting: retry.waiting, until: retry.nextAttemptAt }
            : { kind: 'healthy' },
          queued: mine
            .filter((c) => c.status === 'pending' || c.status === 'in_flight')
            .reduce((n, c) => n + c.count, 0),
          dead: mine.filter((c) => c.status === 'dead').reduce((n, c) => n + c.count, 0),
          concurrency: policyFor(target.name).concurrency,
          rateLimit: target.rateLimit,
        };
      });
    },
    routes: () =>
      sources.snapshot().config.routes.map((route) => ({
        name: route.name,
        source: route.source,
        events: route.events,
        filter: route.filter ? describeFilter(route.filter) : undefined,
        to: route.to,
      })),
    names() {
      const { config } = sources.snapshot();
      return { sources: [...config.sources.keys()], targets: [...config.targets.keys()] };
    },
    tryEvent(source, rawBody) {
      const { config, targets } = sources.snapshot();
      return previewEvent({ config, targets, source, rawBody, now: now() });
    },
    async replay(deliveryId) {
      const result = await store.replay(deliveryId, now());
      if (result.outcome === 'replayed') sources.onReplay();
      return result;
    },
    async replayDead(target) {
      const replayed = await store.replayDead(target, now());
      if (replayed > 0) sources.onReplay();
      return replayed;
    },
  };
}

/** A compiled filter in words: which fields it tests and how they combine (the comparisons are compiled away). */
export function describeFilter(filter: Filter): string {
  switch (filter.kind) {
    case 'all':
      return `all of (${filter.of.map(describeFilter).join('; ')})`;
    case 'any':
      return `any of (${filter.of.map(describeFilter).join('; ')})`;
    case 'not':
      return `not (${describeFilter(filter.of)})`;
    case 'compare':
      return `test of ${filter.field}`;
  }
}
