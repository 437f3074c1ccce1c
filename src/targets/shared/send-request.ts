import type { IncomingHttpHeaders } from 'node:http';
import type { Got, Method } from 'got';

export interface OutboundRequest {
  readonly method: Method;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** The most bytes of the response body to read; the rest is never read (the connection is closed instead). */
  readonly maxBodyBytes: number;
  /** Per request; left out when the client was extended with one. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal | undefined;
  /** Off unless the target opts in: a redirect could carry the body and its signature elsewhere. */
  readonly followRedirects?: boolean;
}

export interface BoundedResponse {
  readonly status: number;
  readonly statusMessage: string;
  readonly headers: IncomingHttpHeaders;
  /** The first `maxBodyBytes` of the body as UTF-8 (a character cut at the bound shows as U+FFFD). */
  readonly body: string;
  /** Body bytes that arrived before reading stopped (at most one network chunk past the bound). */
  readonly bytesRead: number;
  /** True when the body went on past the bound. */
  readonly truncated: boolean;
}

/**
 * Sends one request through got's stream API and reads at most `maxBodyBytes` of the answer: deciding what a
 * response means needs its status and a few KB at most, and buffering a receiver's 600 MB answer whole would cost
 * the process its memory (and, past V8's string limit, turn a 200 into a failure). Never retried here and never
 * redirected unless asked to; retries belong to the durable queue.
 */
export function sendRequest(http: Got, request: OutboundRequest): Promise<BoundedResponse> {
  const stream = http.stream(request.url, {
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
    ...(request.timeoutMs !== undefined ? { timeout: { request: request.timeoutMs } } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    retry: { limit: 0 },
    followRedirect: request.followRedirects ?? false,
    throwHttpErrors: false,
  });
  return readBoundedResponse(stream, request.maxBodyBytes);
}

/** The events of got's request stream that a bounded read needs. */
export interface ResponseStream {
  on(event: 'response', listener: (response: ResponseHead) => void): unknown;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  destroy(): unknown;
}

interface ResponseHead {
  readonly statusCode: number;
  readonly statusMessage?: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

// One decoder for every answer: decode() without `stream` keeps no state between calls.
const decoder = new TextDecoder();

/**
 * Reads the status, headers and at most `maxBodyBytes` of the body of a request stream (got's `stream()`), for a
 * client whose defaults already say how to send (a target's own extended client); `sendRequest` for the rest.
 */
export function readBoundedResponse(stream: ResponseStream, maxBodyBytes: number): Promise<BoundedResponse> {
  return new Promise<BoundedResponse>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let bytesRead = 0;
    let head: { status: number; statusMessage: string; headers: IncomingHttpHeaders } | undefined;
    let settled = false;
    const finish = (truncated: boolean): void => {
      if (settled || !head) return;
      settled = true;
      const body =
        kept === 0 ? '' : decoder.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, kept));
      const { status, statusMessage, headers } = head;
      resolve({ status, statusMessage, headers, body, bytesRead, truncated });
      // Closing the connection is cheaper than draining an answer nobody reads; done after resolving so the
      // abort cannot race the result.
      if (truncated) stream.destroy();
    };
    stream.on('response', (response) => {
      head = {
        status: response.statusCode,
        statusMessage: response.statusMessage ?? '',
        headers: response.headers,
      };
      if (maxBodyBytes <= 0) finish(true);
    });
    stream.on('data', (chunk) => {
      bytesRead += chunk.length;
      const room = maxBodyBytes - kept;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      kept += Math.min(room, chunk.length);
      if (chunk.length > room) finish(true);
    });
    stream.on('end', () => finish(false));
    stream.on('error', (error) => {
      if (!settled) {
        settled = true;
        reject(error);
      }
    });
  });
}
