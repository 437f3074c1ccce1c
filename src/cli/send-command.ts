import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { CommandIo } from './check-command.js';

export interface SendOptions {
  readonly file?: string;
  readonly url: string;
  readonly secret: string | undefined;
}

/**
 * `hookgate send <event-type> --file payload.json`: signs and POSTs an event the way Connect It does
 * (x-connect-it-token = hex HMAC-SHA256 of JSON.stringify(body)), the local twin of the Dev Portal's Test button.
 */
export async function runSend(eventType: string, options: SendOptions, io: CommandIo): Promise<number> {
  if (!options.secret) {
    io.err('no secret: pass --secret or set WEBHOOK_SECRET');
    return 1;
  }
  let event: Record<string, unknown> = { type: eventType };
  if (options.file !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(options.file, 'utf8'));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      io.err(code ? `cannot read ${options.file}: ${code}` : `${options.file} is not valid JSON`);
      return 1;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      io.err(`${options.file} must hold a JSON object`);
      return 1;
    }
    event = parsed as Record<string, unknown>;
    if (event.type === undefined) event = { type: eventType, ...event };
    if (event.type !== eventType) {
      io.err(`${options.file} has type "${String(event.type)}", not "${eventType}"`);
      return 1;
    }
  }
  const body = JSON.stringify(event);
  const signature = createHmac('sha256', options.secret).update(body).digest('hex');
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-connect-it-token': signature },
      body,
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    io.err(`cannot reach ${options.url}: ${cause?.code ?? (error as Error).message}`);
    return 1;
  }
  const text = await response.text();
  (response.ok ? io.out : io.err)(`${response.status} ${response.statusText}${text ? ` ${text}` : ''}`);
  return response.ok ? 0 : 1;
}
