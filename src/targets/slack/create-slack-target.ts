import { DeliveryError } from '../../errors.js';
import type { JsonObject, JsonValue } from '../../types.js';
import type { Pacer } from '../shared/pacer-registry.js';
import type { OutboundMessage, SendContext, SendReceipt, Target, TargetDeps } from '../target.js';
import type { RequestOptions } from './call-web-api.js';
import { planSlackPosts, previewSlackPosts, type PlannedFile, type SlackPost } from './plan-slack-posts.js';
import { postChatMessage, type PostedMessage } from './post-chat-message.js';
import { postIncomingWebhook } from './post-incoming-webhook.js';
import { readSlackTarget } from './read-slack-target.js';
import { fingerprintOf, resumeFrom, toJson, type SlackProgress } from './slack-progress.js';
import { uploadFileToThread } from './upload-file.js';

/** Pacers outlive one target: targets rebuilt by a reload, or two targets on one channel, share them. */
const heldMessage = 'Slack rate-limited this channel; waiting out its Retry-After before posting again';

/**
 * Builds a slack target. It posts one message after another, each after a slot from its channel's pacer, then
 * (bot token, when the parts leave detail out) shares the whole detail as a file in the thread. After each step
 * with more to come, the progress goes to the store (`deps.progress`): a retry or a restart continues after the
 * last step saved, so no part is posted twice (but the one in flight when a process dies, which Slack cannot
 * tell apart), and the worker's attempt timeout counts per step.
 */
export function createSlackTarget(name: string, definition: JsonObject, deps: TargetDeps): Target {
  const config = readSlackTarget(definition);
  const { destination } = config;
  const pacer = pacerFor(deps, config);

  async function post(
    planned: SlackPost,
    progress: SlackProgress,
    options: RequestOptions,
  ): Promise<PostedMessage | undefined> {
    if (destination.mode === 'webhook') {
      await postIncomingWebhook(deps.http, destination.webhookUrl, planned.body, options);
      return undefined;
    }
    if (planned.threadReply && progress.threadTs === undefined) {
      throw new DeliveryError('invalid_message', 'Slack thread reply planned without a first message');
    }
    const body = planned.threadReply ? { ...planned.body, thread_ts: progress.threadTs ?? '' } : planned.body;
    return postChatMessage(deps.http, destination, body, options);
  }

  /** Shares the file; a refusal for good (no files:write scope, uploads off) is said in the thread instead. */
  async function shareFile(
    file: PlannedFile,
    progress: SlackProgress,
    ctx: SendContext,
    options: RequestOptions,
  ): Promise<string | undefined> {
    if (destination.mode !== 'bot' || progress.threadTs === undefined) return undefined;
    const where = { channel: progress.channel ?? destination.channel, threadTs: progress.threadTs };
    const content = Buffer.from(file.text, 'utf8');
    try {
      await uploadFileToThread(deps.http, destination, { ...file, content }, where, options);
      return undefined;
    } catch (error) {
      if (!(error instanceof DeliveryError) || error.kind !== 'permanent') throw error;
      deps.logger.warn(
        { target: name, deliveryId: ctx.deliveryId, err: { message: error.message } },
        'the Slack file could not be shared',
      );
      const note = `The whole text could not be attached: ${error.message}.`;
      await postChatMessage(
        deps.http,
        destination,
        { channel: destination.channel, thread_ts: where.threadTs, text: note },
        options,
      );
      return error.message;
    }
  }

  return {
    name,
    type: 'slack',

    preview(message: OutboundMessage): JsonValue {
      return previewSlackPosts(config, planSlackPosts(config, message));
    },

    async send(message: OutboundMessage, ctx: SendContext): Promise<SendReceipt> {
      const plan = planSlackPosts(config, message);
      const { posts, file } = plan;
      const steps = posts.length + (file ? 1 : 0);
      // A one-step send never saves progress (nothing would be left to protect), so there is none to load.
      const saved = steps > 1 ? await deps.progress.load(ctx) : undefined;
      let progress = resumeFrom(saved, fingerprintOf(plan));
      const options: RequestOptions = { timeoutMs: config.timeoutMs, signal: ctx.signal, now: deps.now };
      let fileProblem: string | undefined;
      try {
        for (const [index, planned] of posts.entries()) {
          if (index < progress.posted) continue;
          await takeSlot(ctx.signal);
          const posted = await post(planned, progress, options);
          progress = {
            ...progress,
            posted: index + 1,
            ...(index === 0 && posted
              ? { threadTs: posted.ts, ...(posted.channel ? { channel: posted.channel } : {}) }
              : {}),
          };
          deps.logger.debug(
            { target: name, post: progress.posted, of: posts.length },
            'slack message posted',
          );
          if (progress.posted < steps) await deps.progress.save(ctx, toJson(progress));
        }
        if (file) {
          // Sharing the file posts into the thread, so it waits for a slot like a message. It is the last
          // step: nothing is saved after it.
          await takeSlot(ctx.signal);
          fileProblem = await shareFile(file, progress, ctx, options);
        }
      } catch (error) {
        // A hold the store cannot keep leaves the target's own pause (from the attempt's Retry-After) in force.
        if (error instanceof DeliveryError && error.retryAfterMs !== undefined)
          await pacer.holdFor(error.retryAfterMs).catch(() => undefined);
        if (progress.posted === 0 || !(error instanceof DeliveryError)) throw error;
        throw withProgress(error, progress.posted, posts.length);
      }
      const count = `posted ${posts.length} Slack message${posts.length === 1 ? '' : 's'}`;
      const shared = file
        ? fileProblem
          ? `; the file was not shared: ${fileProblem}`
          : ` and shared ${file.name}`
        : '';
      return { status: 200, detail: `${count}${shared}` };
    },

    close(): Promise<void> {
      return Promise.resolve();
    },
  };

  async function takeSlot(signal: AbortSignal | undefined): Promise<void> {
    const heldMs = await pacer.take(signal);
    // Slack may disable apps that keep posting after a 429, so the whole channel waits, not only this post.
    if (heldMs > 0) throw new DeliveryError('rate_limited', heldMessage, { retryAfterMs: heldMs });
  }
}

/** The pacer of the target's channel, shared by every target of the gateway on it and kept across reloads. */
function pacerFor(deps: TargetDeps, config: ReturnType<typeof readSlackTarget>): Pacer {
  const { destination } = config;
  // The webhook URL is a secret: it keys the pacer in memory (a shared store sees only its hash), never logged.
  const key =
    destination.mode === 'webhook'
      ? `slack-webhook\u0000${destination.webhookUrl}`
      : `slack-channel\u0000${destination.channel}`;
  return deps.pacers.pacerFor(key, config.pace, deps);
}

/** The same failure, saying how far the delivery got; a retry continues after the posts already made. */
function withProgress(error: DeliveryError, posted: number, total: number): DeliveryError {
  const message = `${error.message} (after ${posted} of ${total} Slack messages were posted)`;
  return new DeliveryError(error.code, message, {
    cause: error,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
  });
}
