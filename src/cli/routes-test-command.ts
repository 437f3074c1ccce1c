import { readFileSync } from 'node:fs';
import { got } from 'got';
import { pino } from 'pino';
import { loadConfig } from '../config/load-config.js';
import { ConfigError, GatewayError, RequestError } from '../errors.js';
import { parseEvent } from '../ingest/parse-event.js';
import { validatePayload } from '../ingest/validate-payload.js';
import { matchingRoutes } from '../routing/plan-deliveries.js';
import { buildTargets } from '../targets/build-targets.js';
import { createPacerRegistry } from '../targets/shared/pacer-registry.js';
import { renderMessage } from '../templates/render-message.js';
import type { AcceptedEvent, JsonValue } from '../types.js';
import type { CommandIo } from './check-command.js';

export interface RoutesTestOptions {
  readonly config: string;
  readonly event: string;
  readonly source?: string;
  readonly json?: boolean;
}

export interface RoutePreview {
  readonly route: string;
  readonly target: string;
  readonly type: string;
  readonly request: JsonValue;
}

/**
 * `hookgate routes test --event payload.json`: a dry run. Which routes would fire for this event and the exact
 * request each target would make, from the same render and preview code the gateway sends with. Sends nothing.
 */
export async function previewRoutes(
  options: RoutesTestOptions,
  env: NodeJS.ProcessEnv,
): Promise<RoutePreview[]> {
  const config = loadConfig(options.config, { env });
  const rawBody = readFileSync(options.event);
  const { payload, type } = parseEvent(rawBody);
  const source = options.source ?? [...config.sources.keys()][0] ?? '';
  const sourceConfig = config.sources.get(source);
  if (!sourceConfig) throw new GatewayError('bad_request', `unknown source "${source}"`);
  validatePayload(sourceConfig, type, payload);
  const event: AcceptedEvent = {
    id: 'evt_dry_run',
    source,
    type,
    dedupeKey: 'dry-run',
    receivedAt: Date.now(),
    payload,
    rawBody: rawBody.toString('utf8'),
  };
  // Nothing is sent: a got instance that refuses every request guards that promise.
  const refuse = got.extend({
    hooks: {
      beforeRequest: [
        () => {
          throw new Error('routes test never sends');
        },
      ],
    },
  });
  const targets = buildTargets(
    config,
    {
      http: refuse,
      logger: pino({ level: 'silent' }),
      now: Date.now,
      sleep: async () => {},
      progress: { load: refuseToSend, save: refuseToSend },
      pacers: createPacerRegistry(),
    },
    // Nothing is sent, so no pool is worth more than one connection.
    () => 1,
  );
  try {
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
  } finally {
    await Promise.all([...targets.values()].map((t) => t.close()));
  }
}

function refuseToSend(): Promise<never> {
  return Promise.reject(new Error('routes test never sends'));
}

export async function runRoutesTest(options: RoutesTestOptions, io: CommandIo): Promise<number> {
  try {
    const previews = await previewRoutes(options, io.env);
    if (options.json) {
      io.out(JSON.stringify(previews, null, 2));
      return 0;
    }
    if (previews.length === 0) {
      io.out('no route matches this event: nothing would be sent');
      return 0;
    }
    for (const preview of previews) {
      io.out(`route ${preview.route} → target ${preview.target} (${preview.type})`);
      io.out(JSON.stringify(preview.request, null, 2));
      io.out('');
    }
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof GatewayError) {
      io.err(error.message);
      // A schema violation lists every problem, not only the first that the message names.
      if (error instanceof RequestError) {
        for (const detail of error.details ?? []) {
          const { path, message } = detail as { path: string; message: string };
          io.err(`  ${path} ${message}`);
        }
      }
      return 1;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      io.err(`cannot read ${(error as NodeJS.ErrnoException).path ?? options.event}`);
      return 1;
    }
    throw error;
  }
}
