import type { RouteConfig } from '../config/gateway-config.js';
import type { JsonObject, PlannedDelivery } from '../types.js';
import { evaluateFilter } from './filter.js';

/**
 * Pure: which (route, target) pairs an event fans out to. Delivery ids are derived from the event id, route and
 * target, so they are stable: the same delivery keeps its id across retries, restarts and replays. `~` cannot
 * appear in names, so two pairs never share an id, and it needs no escaping in URLs or Message-IDs.
 */
export function planDeliveries(
  routes: readonly RouteConfig[],
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

export function matchingRoutes(
  routes: readonly RouteConfig[],
  sourceName: string,
  eventType: string,
  payload: JsonObject,
): RouteConfig[] {
  return routes.filter(
    (route) =>
      route.source === sourceName &&
      route.matchesType(eventType) &&
      (route.filter === undefined || evaluateFilter(route.filter, payload)),
  );
}
