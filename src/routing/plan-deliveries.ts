import type { JsonObject, PlannedDelivery } from '../types.js';
import { evaluateFilter, type Filter } from './filter.js';

/** What planning needs of a compiled route (config's `RouteConfig` is one). */
export interface RoutePlan {
  readonly name: string;
  readonly source: string;
  readonly matchesType: (type: string) => boolean;
  readonly filter: Filter | undefined;
  readonly to: readonly string[];
}

/**
 * Pure: which (route, target) pairs an event fans out to. Delivery ids are derived from the event id, route and
 * target, so they are stable: the same delivery keeps its id across retries, restarts and replays. `~` cannot
 * appear in names, so two pairs never share an id, and it needs no escaping in URLs or Message-IDs.
 */
export function planDeliveries(
  routes: readonly RoutePlan[],
  sourceName: string,
  eventType: string,
  payload: JsonObject,
  eventId: string,
): PlannedDelivery[] {
  const planned: PlannedDelivery[] = [];
  for (const route of matchingRoutes(routes, sourceName, eventType, payload)) {
    for (const target of route.to) {
      planned.push({ id: `${eventId}~${route.name}~${target}`, route: route.name, target });
    }
  }
  return planned;
}

export function matchingRoutes<Route extends RoutePlan>(
  routes: readonly Route[],
  sourceName: string,
  eventType: string,
  payload: JsonObject,
): Route[] {
  return routes.filter(
    (route) =>
      route.source === sourceName &&
      route.matchesType(eventType) &&
      (route.filter === undefined || evaluateFilter(route.filter, payload)),
  );
}
