import type { Got } from 'got';
import { DeliveryError } from '../../errors.js';
import { callWebApi, send, type RequestOptions } from './call-web-api.js';
import { classifySlackFailure } from './classify-slack-failure.js';

export interface ThreadFile {
  readonly name: string;
  /** Shown above the file in Slack. */
  readonly title: string;
  readonly content: Buffer;
}

/** Slack answers the upload with a short `OK - <bytes>`. */
const maxUploadAnswerBytes = 1024;
/**
 * The bytes may be megabytes: their POST gets at least this long. The three requests together stay within the
 * worker's attempt timeout (60 s a step), which the whole upload counts as.
 */
const minUploadTimeoutMs = 30_000;

/**
 * Shares a text file in a thread with Slack's external upload flow (files.upload is gone for new apps since
 * 2024 and sunset in 2025): files.getUploadURLExternal gives an upload URL and a file ID; the bytes are POSTed
 * to that URL; files.completeUploadExternal shares the file in the channel, under `threadTs`. Needs the
 * files:write scope. An upload left unfinished (a failure before the last step) is dropped by Slack, so a retry
 * starts again from the first step without leaving a duplicate.
 */
export async function uploadFileToThread(
  http: Got,
  api: { readonly apiUrl: string; readonly token: string },
  file: ThreadFile,
  where: { readonly channel: string; readonly threadTs: string },
  options: RequestOptions,
): Promise<void> {
  const ticket = await callWebApi(
    http,
    {
      ...api,
      method: 'files.getUploadURLExternal',
      body: new URLSearchParams({ filename: file.name, length: String(file.content.length) }),
    },
    options,
  );
  const { upload_url: uploadUrl, file_id: fileId } = ticket;
  if (typeof uploadUrl !== 'string' || typeof fileId !== 'string') {
    throw new DeliveryError(
      'unexpected_answer',
      'Slack files.getUploadURLExternal answered ok without upload_url or file_id',
    );
  }
  // The upload URL is a capability of its own: the token is not sent to it.
  const uploaded = await send(http, {
    method: 'POST',
    url: uploadUrl,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: file.content,
    maxBodyBytes: maxUploadAnswerBytes,
    timeoutMs: Math.max(options.timeoutMs, minUploadTimeoutMs),
    signal: options.signal,
  });
  if (uploaded.status < 200 || uploaded.status >= 300) {
    throw classifySlackFailure({ kind: 'upload', status: uploaded.status });
  }
  await callWebApi(
    http,
    {
      ...api,
      method: 'files.completeUploadExternal',
      body: {
        files: [{ id: fileId, title: file.title }],
        channel_id: where.channel,
        thread_ts: where.threadTs,
      },
    },
    options,
  );
}
