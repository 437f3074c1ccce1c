import { got } from 'got';
import type { Logger } from 'pino';
import { createAdminArea } from './admin/admin-router.js';
import { loadConfig } from './config/load-config.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { createDeliver } from './runtime/create-deliver.js';
import { createStoreProgress } from './worker/store-progress.js';
import { createLogger } from './log/create-logger.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { countQueue } from './metrics/count-queue.js';
import { DeliveryWorker } from './worker/delivery-worker.js';
import { openListeners, type Listeners } from './server/open-listeners.js';
import type { ProtectedArea } from './server/protected-area.js';
import { openStoreDriver } from './store/store-drivers.js';
import type { Store } from './store/store.js';
import { buildRuntimeSnapshot, type RuntimeSnapshot } from './runtime/runtime-snapshot.js';
import { LiveRuntime } from './runtime/live-runtime.js';
import { createPacerRegistry } from './targets/shared/pacer-registry.js';
import { createSharedPacerRegistry } from './targets/shared/shared-pacer-registry.js';
import type { Target, TargetDeps } from './targets/target.js';
import { createConsoleArea } from './console/console-area.js';
import { createConsoleData } from './console/create-console-data.js';
import { createIngestActivity } from './console/ingest-activity.js';
import { readPackageVersion } from './read-package-version.js';
import { sleep } from './sleep.js';
import { scheduleRetention } from './store/schedule-retention.js';
import { watchConfigFile } from './config/watch-config-file.js';

export interface StartOptions {
  readonly configFile: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly logger?: Logger;
  /** Overrides the configured port (0 picks a free one: tests). */
  readonly port?: number;
  readonly now?: () => number;
}

export interface RunningGateway {
  readonly url: string;
  readonly port: number;
  /** The separate /metrics and /admin listener, when `server.adminPort` is set. */
  readonly adminUrl: string | undefined;
  /** The areas behind their own authentication (admin), as mounted: what the guard protects. */
  readonly areas: readonly ProtectedArea[];
  readonly store: Store;
  readonly worker: DeliveryWorker;
  readonly metrics: GatewayMetrics;
  config(): GatewayConfig;
  /** Loads the config file again; applies it only when it is valid in full. Resolves true when applied. */
  reload(reason: string): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Starts the whole gateway in this process: config (fully checked first), targets, store and worker, then the
 * HTTP server. Nothing listens unless all of that succeeded.
 */
export async function startGateway(options: StartOptions): Promise<RunningGateway> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger();
  const config = loadConfig(options.configFile, { env });
  // Retries belong to the durable queue, never to the HTTP client.
  const http = got.extend({ retry: { limit: 0 } });

  // The config in force, with its targets and policies: one frozen snapshot, swapped whole on reload. Every part
  // below is handed `runtime` (or one of its readers) and reads the snapshot of the moment from it.
  const runtime = new LiveRuntime();
  const opened = await openStoreDriver(config.server.store, {
    ...config.server,
    dedupeWindowMs: runtime.dedupeWindowMs,
    purpose: 'gateway',
    logger,
  });
  const { store } = opened;
  // A shared store's processes agree on the database's clock (leases, due times), not each on its own.
  const now = options.now ?? opened.now ?? Date.now;
  const metrics = new GatewayMetrics({
    countQueue: () => countQueue(store),
    acceptedTypes: runtime.acceptedTypes,
  });
  const worker = new DeliveryWorker({
    store,
    sharedStore: opened.shared,
    leaseMs: config.server.deliveryLeaseMs,
    attemptTimeoutMs: Math.min(60_000, config.server.deliveryLeaseMs / 2),
    // Fleet mode: LISTEN wakes the worker for other replicas' work; this poll is the fallback (pgbouncer).
    ...(opened.shared ? { pollIntervalMs: 1_000 } : {}),
    deliver: createDeliver({ snapshot: runtime.current }),
    policyFor: runtime.policyFor,
    logger,
    clock: { now },
    onDeliveryResult: (result) =>
      metrics.recordDelivery({
        target: result.target,
        outcome: result.outcome,
        durationMs: result.durationMs,
        ...(result.outcome === 'delivered' ? { endToEndMs: result.latencyMs } : {}),
      }),
  });
  // Multi-step sends (Slack parts, a file) keep their progress in the store, fenced and extended like the claim.
  const progress = createStoreProgress(store, { leaseMs: worker.leaseMs, now });
  // Pacers outlive every reload's targets: a channel's recent posts still count after one. A shared store keeps
  // them, so one channel's pace holds across the fleet.
  const pacers = opened.paces ? createSharedPacerRegistry(opened.paces) : createPacerRegistry();
  const targetDeps: TargetDeps = { http, logger, now, sleep, progress, pacers };
  try {
    runtime.swap(buildRuntimeSnapshot(config, targetDeps));
  } catch (error) {
    await opened.close();
    throw error;
  }

  let ready = false;
  const ingestActivity = createIngestActivity(now);
  const adminToken = env.ADMIN_TOKEN;
  // Without ADMIN_TOKEN neither the admin API nor the console exists: their paths answer 404.
  const { archive } = opened;
  const areas: ProtectedArea[] = adminToken
    ? [
        createAdminArea(store, { token: adminToken, onReplay: () => worker.notify(), now }),
        createConsoleArea(
          createConsoleData({
            store,
            archive,
            snapshot: runtime.current,
            ingest: ingestActivity,
            version: readPackageVersion(),
            configLoadedAt: runtime.loadedAt,
            onReplay: () => worker.notify(),
            now,
          }),
          { token: adminToken, now },
        ),
      ]
    : [];
  let listeners: Listeners;
  try {
    listeners = await openListeners(
      {
        config: runtime.config,
        queue: store,
        logger,
        now,
        onQueued: () => worker.notify(),
        onOutcome: (outcome) => {
          metrics.recordIngest(outcome);
          ingestActivity.record(outcome.outcome);
        },
        isReady: () => ready && worker.isHealthy(),
      },
      {
        server: config.server,
        ...(options.port !== undefined ? { port: options.port } : {}),
        operatorRouters: [metrics.router()],
        areas,
        onDrop: (listener) => metrics.recordDroppedConnection(listener),
      },
    );
  } catch (error) {
    await opened.close();
    throw error;
  }
  const { port } = listeners;
  try {
    await worker.start();
  } catch (error) {
    await listeners.close(0);
    await closeTargets(runtime.current().targets, logger);
    await opened.close();
    throw error;
  }
  const retention = scheduleRetention(
    store,
    runtime.retentionMs,
    now,
    logger,
    opened.takeTurn ? { takeTurn: opened.takeTurn } : {},
  );
  opened.onWork?.(() => worker.notify());
  ready = true;
  logger.info(
    {
      port,
      ...(listeners.adminUrl !== undefined ? { adminUrl: listeners.adminUrl } : {}),
      sources: [...config.sources.values()].map((s) => s.path),
      routes: config.routes.length,
      store: config.server.store,
      ...(config.server.store === 'sqlite' ? { dataDir: config.server.dataDir } : {}),
      maxConnections: listeners.limits.maxConnections,
    },
    'gateway ready',
  );

  function applyReload(reason: string): boolean {
    let next: RuntimeSnapshot;
    try {
      next = buildRuntimeSnapshot(loadConfig(options.configFile, { env }), targetDeps);
    } catch (error) {
      logger.error(
        { reason, outcome: 'refused', err: error },
        'config reload refused; the old config keeps running',
      );
      metrics.recordReload('refused');
      return false;
    }
    const oldTargets = runtime.current().targets;
    // One step: the next request and the next delivery see the new config and targets together.
    runtime.swap(next);
    metrics.recordReload('applied');
    logger.info(
      { reason, outcome: 'applied', routes: next.config.routes.length, targets: next.targets.size },
      'config reloaded',
    );
    worker.notify();
    // Sends already under way keep the old target objects; close their pools once those have had time to finish.
    setTimeout(() => void closeTargets(oldTargets, logger), 60_000).unref();
    return true;
  }

  const watcher = config.server.watchConfig
    ? watchConfigFile(options.configFile, () => applyReload('file changed'))
    : undefined;

  let stopping: Promise<void> | undefined;
  async function stop(): Promise<void> {
    ready = false;
    retention.stop();
    watcher?.close();
    const bound = runtime.config().server.shutdownTimeoutMs;
    await listeners.close(bound);
    await worker.stop(bound);
    await closeTargets(runtime.current().targets, logger);
    await opened.close();
  }

  return {
    url: listeners.url,
    port,
    adminUrl: listeners.adminUrl,
    areas,
    store,
    worker,
    metrics,
    config: runtime.config,
    reload: (reason) => Promise.resolve(applyReload(reason)),
    stop: () => (stopping ??= stop()),
  };
}

async function closeTargets(targets: ReadonlyMap<string, Target>, logger: Logger): Promise<void> {
  await Promise.all(
    [...targets.values()].map((target) =>
      target
        .close()
        .catch((error: unknown) => logger.warn({ target: target.name, err: error }, 'target close failed')),
    ),
  );
}
