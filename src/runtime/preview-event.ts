import type { GatewayConfig } from '../config/gateway-config.js';
import { GatewayError } from '../errors.js';
import { parseEvent } from '../ingest/parse-event.js';
import { validatePayload } from '../ingest/validate-payload.js';
import { matchingRoutes } from '../routing/plan-deliveries.js';
import type { Target } from '../targets/target.js';
import { renderMessage } from '../templates/render-message.js';
import type { AcceptedEvent, JsonValue } from '../types.js';

export interface RoutePreview {
  readonly route: string;
  readonly target: string;
  readonly type: string;
  readonly request: JsonValue;
}

export interface PreviewRequest {
  readonly config: GatewayConfig;
  readonly targets: ReadonlyMap<string, Target>;
  /** The source the event arrives on; the config's first when absent. */
  readonly source?: string | undefined;
  readonly rawBody: Buffer;
  readonly now: number;
}

/**
 * A dry run of one event: which routes fire and the exact request each target would make, from the same parse,
 * validation, render and preview code the gateway sends with. Sends nothing (previews are pure). Used by
 * `hookgate routes test` and the console's "Try an event".
 */
export function previewEvent(request: PreviewRequest): RoutePreview[] {
  const { config, targets } = request;
  const { payload, type } = parseEvent(request.rawBody);
  const source = request.source ?? [...config.sources.keys()][0] ?? '';
  const sourceConfig = config.sources.get(source);
  if (!sourceConfig) throw new GatewayError('bad_request', `unknown source "${source}"`);
  validatePayload(sourceConfig, type, payload);
  const event: AcceptedEvent = {
    id: 'evt_dry_run',
    source,
    type,
    dedupeKey: 'dry-run',
    receivedAt: request.now,
    payload,
    rawBody: request.rawBody.toString('utf8'),
  };
  const previews: RoutePreview[] = [];
  for (const route of matchingRoutes(config.routes, source, type, payload)) {
    for (const targetName of route.to) {
      const target = targets.get(targetName);
      if (!target) continue;
      previews.push({
        route: route.name,
        target: targetName,
        type: target.type,
        request: target.preview(renderMessage(route, targetName, event)),
      });
    }
  }
  return previews;
}
