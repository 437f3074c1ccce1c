import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Router from '@koa/router';
import type Koa from 'koa';
import type { ServerConfig } from '../config/gateway-config.js';
import { createApp, type AppDeps } from './create-app.js';
import { defaultMaxConnections, openFileLimit } from './file-limit.js';
import { closeHttp, listenHttp, type ConnectionLimits } from './listen-http.js';
import type { ProtectedArea } from './protected-area.js';

export interface Listeners {
  /** The webhook listener. */
  readonly url: string;
  readonly port: number;
  /** The separate listener of /metrics and /admin, when `server.adminPort` is set. */
  readonly adminUrl: string | undefined;
  readonly limits: ConnectionLimits;
  /** Stops accepting; requests in flight get `boundMs` to finish. */
  close(boundMs: number): Promise<void>;
}

export interface ListenerOptions {
  readonly server: ServerConfig;
  /** Overrides `server.port` (0 picks a free one: tests). */
  readonly port?: number;
  /** What the apps serve besides webhooks and health: open routers (metrics) and protected areas (admin). */
  readonly operatorRouters: readonly Router[];
  readonly areas: readonly ProtectedArea[];
  readonly onDrop: (listener: 'public' | 'admin') => void;
}

/**
 * Opens the webhook listener and, when `server.adminPort` is set, the operator listener beside it. Without it,
 * everything is served on one port as before. Both refuse non-canonical paths and guard the protected areas.
 */
export async function openListeners(
  deps: Omit<AppDeps, 'routers' | 'areas' | 'serveWebhooks'>,
  options: ListenerOptions,
): Promise<Listeners> {
  const { server } = options;
  const limits: ConnectionLimits = {
    ...server.connections,
    maxConnections: server.connections.maxConnections ?? defaultMaxConnections(openFileLimit()),
  };
  const split = server.admin !== undefined;
  // With a separate operator listener, the webhook port serves neither: /metrics and /admin are 404 there.
  const publicApp = createApp({
    ...deps,
    routers: split ? [] : options.operatorRouters,
    areas: split ? [] : options.areas,
  });
  const servers: Server[] = [];
  const close = async (boundMs: number): Promise<void> => {
    await Promise.all(servers.map((s) => closeHttp(s, boundMs)));
  };
  try {
    const publicServer = await listenHttp(handlerOf(publicApp), {
      port: options.port ?? server.port,
      host: server.host,
      limits,
      onDrop: () => options.onDrop('public'),
    });
    servers.push(publicServer);
    let adminUrl: string | undefined;
    if (server.admin) {
      const adminApp = createApp({
        ...deps,
        routers: options.operatorRouters,
        areas: options.areas,
        serveWebhooks: false,
      });
      const adminServer = await listenHttp(handlerOf(adminApp), {
        port: server.admin.port,
        host: server.admin.host,
        limits,
        onDrop: () => options.onDrop('admin'),
      });
      servers.push(adminServer);
      adminUrl = `http://127.0.0.1:${portOf(adminServer)}`;
    }
    const port = portOf(publicServer);
    return { url: `http://127.0.0.1:${port}`, port, adminUrl, limits, close };
  } catch (error) {
    await close(0);
    throw error;
  }
}

/** Koa's request handler returns a promise that node:http ignores; its errors are answered inside the app. */
function handlerOf(app: Koa): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = app.callback();
  return (req, res) => void handle(req, res);
}

function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}
