import { createHash } from 'node:crypto';
import { DeliveryError } from '../../errors.js';
import type { JsonObject, JsonValue } from '../../types.js';
import type { OutboundMessage, SendContext, SendReceipt, Target, TargetDeps } from '../target.js';
import { ChannelPacer } from './channel-pacer.js';
import { DeliveryProgress } from './delivery-progress.js';
import { planSlackPosts, previewSlackPosts, type SlackPost } from './plan-slack-posts.js';
import { postChatMessage } from './post-chat-message.js';
import { postIncomingWebhook } from './post-incoming-webhook.js';
import { readSlackTarget } from './read-slack-target.js';

/** State that outlives one target: targets rebuilt by a reload, or two targets on one channel, share it. */
interface SlackState {
  readonly pacers: Map<string, ChannelPacer>;
  readonly progress: DeliveryProgress;
}

const states = new WeakMap<TargetDeps, SlackState>();
const heldMessage = 'Slack rate-limited this channel; waiting out its Retry-After before posting again';

function stateFor(deps: TargetDeps): SlackState {
  let state = states.get(deps);
  if (!state) {
    state = { pacers: new Map(), progress: new DeliveryProgress() };
    states.set(deps, state);
  }
  return state;
}

/** Builds a slack target; posts one message after another, each after a slot from its channel's pacer. */
export function createSlackTarget(name: string, definition: JsonObject, deps: TargetDeps): Target {
  const config = readSlackTarget(definition);
  const { destination } = config;
  const state = stateFor(deps);
  // The webhook URL is a secret: it keys the pacer in memory only and is never logged.
  const channelKey =
    destination.mode === 'webhook'
      ? `webhook\u0000${destination.webhookUrl}`
      : `channel\u0000${destination.channel}`;
  let pacer = state.pacers.get(channelKey);
  if (pacer) pacer.configure(config.pace);
  else {
    pacer = new ChannelPacer(config.pace, deps);
    state.pacers.set(channelKey, pacer);
  }
  const channelPacer = pacer;

  /** Posts one planned message; returns its `ts` in bot token mode. */
  async function post(
    planned: SlackPost,
    threadTs: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<string | undefined> {
    const options = { timeoutMs: config.timeoutMs, signal };
    if (destination.mode === 'webhook') {
      await postIncomingWebhook(deps.http, destination.webhookUrl, planned.body, options);
      return undefined;
    }
    if (!planned.threadReply) {
      return postChatMessage(deps.http, destination.endpoint, destination.token, planned.body, options);
    }
    if (threadTs === undefined) {
      throw new DeliveryError('permanent', 'Slack thread reply planned without a first message');
    }
    const body = { ...planned.body, thread_ts: threadTs };
    return postChatMessage(deps.http, destination.endpoint, destination.token, body, options);
  }

  return {
    name,
    type: 'slack',

    preview(message: OutboundMessage): JsonValue {
      return previewSlackPosts(config, planSlackPosts(config, message));
    },

    async send(message: OutboundMessage, ctx: SendContext): Promise<SendReceipt> {
      const posts = planSlackPosts(config, message);
      const key = `${name}\u0000${ctx.deliveryId}`;
      const fingerprint = createHash('sha256').update(JSON.stringify(posts)).digest('hex');
      let { posted, threadTs } = state.progress.resume(key, fingerprint);
      try {
        for (const [index, planned] of posts.entries()) {
          if (index < posted) continue;
          const heldMs = channelPacer.heldForMs();
          // Slack may disable apps that keep posting after a 429, so the whole channel waits, not only this post.
          if (heldMs > 0) throw new DeliveryError('retryable', heldMessage, { retryAfterMs: heldMs });
          await channelPacer.take(ctx.signal);
          const ts = await post(planned, threadTs, ctx.signal);
          if (index === 0) threadTs = ts;
          posted = index + 1;
          deps.logger.debug({ target: name, post: posted, of: posts.length }, 'slack message posted');
        }
      } catch (error) {
        if (error instanceof DeliveryError && error.retryAfterMs !== undefined) {
          channelPacer.holdFor(error.retryAfterMs);
        }
        if (posted === 0) throw error;
        state.progress.save(key, { fingerprint, posted, threadTs });
        throw error instanceof DeliveryError ? withProgress(error, posted, posts.length) : error;
      }
      state.progress.finish(key);
      return { status: 200, detail: `posted ${posts.length} Slack message${posts.length === 1 ? '' : 's'}` };
    },

    close(): Promise<void> {
      return Promise.resolve();
    },
  };
}

/** The same failure, saying how far the delivery got; a retry continues after the posts already made. */
function withProgress(error: DeliveryError, posted: number, total: number): DeliveryError {
  const message = `${error.message} (after ${posted} of ${total} Slack messages were posted)`;
  return new DeliveryError(error.kind, message, {
    cause: error,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
  });
}
