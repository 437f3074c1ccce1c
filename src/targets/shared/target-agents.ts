import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

export interface TargetAgents {
  /** For got's `agent` option. */
  readonly agent: { readonly http: HttpAgent; readonly https: HttpsAgent };
  /** Closes the pooled connections (the target was closed). */
  destroy(): void;
}

/**
 * One keep-alive connection pool per target, sized to the most it may have in flight: a busy target reuses its
 * warm connections instead of sharing (and evicting from) one process-wide pool, and closing the target closes
 * exactly its own sockets. LIFO reuse keeps the pool small when the adaptive limit shrinks again.
 */
export function createTargetAgents(maxInFlight: number): TargetAgents {
  const options = {
    keepAlive: true,
    maxSockets: maxInFlight,
    maxFreeSockets: maxInFlight,
    scheduling: 'lifo' as const,
  };
  const http = new HttpAgent(options);
  const https = new HttpsAgent(options);
  return {
    agent: { http, https },
    destroy() {
      http.destroy();
      https.destroy();
    },
  };
}
