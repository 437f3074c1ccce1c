import { readFileSync } from 'node:fs';
import { isJsonObject } from '../json/is-json-value.js';
import { errorCode } from '../targets/shared/error-code.js';
import type { CommandIo } from './check-command.js';
import { buildSignedRequest } from './build-signed-request.js';

export interface SendOptions {
  readonly file?: string;
  readonly url: string;
  readonly secret: string | undefined;
  /** The sender to sign as (a preset name); default connect-it. */
  readonly scheme?: string;
  /** Unix seconds of the signature; default now (tests give a fixed one). */
  readonly nowSec?: number;
}

/**
 * `hookgate send <event-type> --file payload.json [--scheme github]`: signs and POSTs an event the way its sender
 * does, through the same scheme module the gateway verifies with — by default as Connect It does (the local twin
 * of the Dev Portal's Test button).
 */
export async function runSend(eventType: string, options: SendOptions, io: CommandIo): Promise<number> {
  if (!options.secret) {
    io.err('no secret: pass --secret or set WEBHOOK_SECRET');
    return 1;
  }
  let event: Record<string, unknown> = {};
  if (options.file !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(options.file, 'utf8'));
    } catch (error) {
      const code = errorCode(error);
      io.err(code ? `cannot read ${options.file}: ${code}` : `${options.file} is not valid JSON`);
      return 1;
    }
    if (!isJsonObject(parsed)) {
      io.err(`${options.file} must hold a JSON object`);
      return 1;
    }
    event = parsed;
  }
  const plan = buildSignedRequest({
    eventName: options.file ?? 'the event',
    scheme: options.scheme ?? 'connect-it',
    secret: options.secret,
    eventType,
    event,
    url: options.url,
    nowSec: options.nowSec ?? Math.floor(Date.now() / 1000),
  });
  if ('problem' in plan) {
    io.err(plan.problem);
    return 1;
  }
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: plan.headers,
      body: plan.body,
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    // fetch fails with "fetch failed"; the reason (ECONNREFUSED, …) is the code of its cause.
    const cause = error instanceof Error ? errorCode(error.cause) : undefined;
    io.err(
      `cannot reach ${options.url}: ${cause ?? (error instanceof Error ? error.message : String(error))}`,
    );
    return 1;
  }
  const text = await response.text();
  (response.ok ? io.out : io.err)(`${response.status} ${response.statusText}${text ? ` ${text}` : ''}`);
  return response.ok ? 0 : 1;
}
