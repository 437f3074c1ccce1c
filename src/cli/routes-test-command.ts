import { readFileSync } from 'node:fs';
import { got } from 'got';
import { pino } from 'pino';
import { loadConfig } from '../config/load-config.js';
import { previewEvent, type RoutePreview } from '../runtime/preview-event.js';
import { reportError, reportLines } from '../report-error.js';
import { buildTargets } from '../targets/build-targets.js';
import { errorCode } from '../targets/shared/error-code.js';
import { createPacerRegistry } from '../targets/shared/pacer-registry.js';
import type { CommandIo } from './check-command.js';

export interface RoutesTestOptions {
  readonly config: string;
  readonly event: string;
  readonly source?: string;
  readonly json?: boolean;
}

export type { RoutePreview };

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
    return previewEvent({ config, targets, source: options.source, rawBody, now: Date.now() });
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
    const report = reportError(error);
    if (report.known) {
      // A schema violation lists every problem, not only the first that the message names.
      for (const line of reportLines(report)) io.err(line);
      return 1;
    }
    if (errorCode(error) === 'ENOENT') {
      const path =
        error instanceof Error && 'path' in error && typeof error.path === 'string' ? error.path : undefined;
      io.err(`cannot read ${path ?? options.event}`);
      return 1;
    }
    throw error;
  }
}
