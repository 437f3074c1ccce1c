import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue } from '../../types.js';
import type { SlackPlan } from './plan-slack-posts.js';

/** How far a Slack delivery got, as kept in the store between attempts (and across restarts). */
export interface SlackProgress {
  /** Identifies the plan, so a retry after a config change starts over rather than skipping posts. */
  readonly plan: string;
  /** How many posts, from the first, Slack already accepted. */
  readonly posted: number;
  /** The first post's `ts` and channel ID (bot token mode), for the replies and the file still to come. */
  readonly threadTs?: string;
  readonly channel?: string;
}

/** Pure: a digest of the posts and the file (by name and size: the posts already hold what was rendered). */
export function fingerprintOf(plan: SlackPlan): string {
  const hash = createHash('sha256').update(JSON.stringify(plan.posts.map((post) => post.body)));
  if (plan.file) hash.update(`\u0000${plan.file.name}\u0000${Buffer.byteLength(plan.file.text, 'utf8')}`);
  return hash.digest('hex');
}

/** Pure: the saved progress if it belongs to this plan, else a fresh start. */
export function resumeFrom(saved: JsonValue | undefined, plan: string): SlackProgress {
  if (saved === null || typeof saved !== 'object' || Array.isArray(saved) || saved.plan !== plan) {
    return { plan, posted: 0 };
  }
  const { posted, threadTs, channel } = saved;
  return {
    plan,
    posted: typeof posted === 'number' && Number.isInteger(posted) && posted >= 0 ? posted : 0,
    ...(typeof threadTs === 'string' ? { threadTs } : {}),
    ...(typeof channel === 'string' ? { channel } : {}),
  };
}

export function toJson(progress: SlackProgress): JsonObject {
  return { ...progress };
}
