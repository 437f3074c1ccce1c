import { receiveSigned, sendJson } from './receive-signed.js';
import { serveBaseline } from './serve-baseline.js';

/**
 * The ceiling for any Node receiver: node:http, verify the signature on the raw bytes, parse, answer 200. Nothing
 * is kept, so an answer here promises nothing. Env: PORT, WEBHOOK_SECRET.
 */
const secret = process.env.WEBHOOK_SECRET ?? '';
if (secret === '') throw new Error('WEBHOOK_SECRET is required');

serveBaseline(async (req, res) => {
  const event = await receiveSigned(req, res, secret);
  if (event) sendJson(res, 200, { id: event.id, status: 'accepted' });
});
