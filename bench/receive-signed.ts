import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What both baselines do before their own step: the least any correct Connect It receiver must do. */
export interface ReceivedEvent {
  readonly id: string;
  readonly type: string;
  readonly raw: string;
}

const bodyLimit = 5 * 1024 * 1024; // the gateway's default bodyLimit

/**
 * Reads the raw body (bounded), checks `x-connect-it-token` (hex HMAC-SHA256 of the raw bytes, constant-time) and
 * parses the JSON only after that. Answers the error itself and resolves undefined on any failure.
 */
export async function receiveSigned(
  req: IncomingMessage,
  res: ServerResponse,
  secret: string,
): Promise<ReceivedEvent | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > bodyLimit) return answer(res, 413, 'payload_too_large');
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks, size);
  const token = req.headers['x-connect-it-token'];
  const given = Buffer.from(typeof token === 'string' ? token : '', 'utf8');
  const expected = Buffer.from(createHmac('sha256', secret).update(raw).digest('hex'), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return answer(res, 401, 'signature_invalid');
  }
  const text = raw.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return answer(res, 400, 'invalid_json');
  }
  if (typeof parsed !== 'object' || parsed === null) return answer(res, 400, 'invalid_json');
  const { id, type } = parsed as { id?: unknown; type?: unknown };
  if (typeof type !== 'string') return answer(res, 400, 'event_type_missing');
  return { id: typeof id === 'string' || typeof id === 'number' ? String(id) : '', type, raw: text };
}

/** A JSON answer; the same shape of bytes the gateway sends. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function answer(res: ServerResponse, status: number, code: string): undefined {
  sendJson(res, status, { error: { code, message: code } });
  return undefined;
}
