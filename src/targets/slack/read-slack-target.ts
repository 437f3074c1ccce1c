import type { JsonObject } from '../../types.js';
import type { LongDetail } from './build-slack-messages.js';
import type { Pace } from './channel-pacer.js';

export type SlackDestination =
  | { readonly mode: 'webhook'; readonly webhookUrl: string }
  | { readonly mode: 'bot'; readonly token: string; readonly channel: string; readonly endpoint: string };

export interface SlackTargetConfig {
  readonly destination: SlackDestination;
  readonly timeoutMs: number;
  readonly pace: Pace;
  readonly long: LongDetail;
}

export const slackDefaults = {
  timeoutMs: 10_000,
  apiUrl: 'https://slack.com/api',
  pace: { perSecond: 1, burst: 3 },
  long: 'split',
} as const;

/** Reads a definition that already passed `slackTargetSchema`, filling in the defaults. */
export function readSlackTarget(definition: JsonObject): SlackTargetConfig {
  const pace = (definition.pace ?? {}) as { perSecond?: number; burst?: number };
  const apiUrl = ((definition.apiUrl as string | undefined) ?? slackDefaults.apiUrl).replace(/\/+$/, '');
  const destination: SlackDestination =
    typeof definition.webhookUrl === 'string'
      ? { mode: 'webhook', webhookUrl: definition.webhookUrl }
      : {
          mode: 'bot',
          token: definition.token as string,
          channel: definition.channel as string,
          endpoint: `${apiUrl}/chat.postMessage`,
        };
  return {
    destination,
    timeoutMs: (definition.timeoutMs as number | undefined) ?? slackDefaults.timeoutMs,
    pace: {
      perSecond: pace.perSecond ?? slackDefaults.pace.perSecond,
      burst: pace.burst ?? slackDefaults.pace.burst,
    },
    long: (definition.long as LongDetail | undefined) ?? slackDefaults.long,
  };
}
