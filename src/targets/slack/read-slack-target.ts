import type { JsonObject } from '../../types.js';
import type { Pace } from './channel-pacer.js';

export type SlackDestination =
  | { readonly mode: 'webhook'; readonly webhookUrl: string }
  | { readonly mode: 'bot'; readonly token: string; readonly channel: string; readonly apiUrl: string };

export interface SlackTargetConfig {
  readonly destination: SlackDestination;
  /** Per request (one post, one step of a file upload), never for the whole delivery. */
  readonly timeoutMs: number;
  readonly pace: Pace;
  /** The most parts a long detail is split into (in a thread, under the parent). */
  readonly maxParts: number;
  /** Bot token mode: the whole detail as a file in the thread when the parts cannot hold it. */
  readonly file: { readonly name: string } | undefined;
}

export const slackDefaults = {
  timeoutMs: 10_000,
  apiUrl: 'https://slack.com/api',
  pace: { perSecond: 1, burst: 3 },
  /**
   * Ten parts hold about 90,000 characters: an hour-long meeting's transcript (about 60,000) arrives whole, in
   * about ten seconds at Slack's pace of one message a second per channel. Longer ones would flood the channel
   * (545 posts for 4.9 MB) and take minutes: their whole text goes into a file instead, or is cut with a note.
   */
  maxParts: 10,
  file: true,
  fileName: 'transcript.txt',
} as const;

/** Reads a definition that already passed `slackTargetSchema`, filling in the defaults. */
export function readSlackTarget(definition: JsonObject): SlackTargetConfig {
  const pace = (definition.pace ?? {}) as { perSecond?: number; burst?: number };
  const apiUrl = ((definition.apiUrl as string | undefined) ?? slackDefaults.apiUrl).replace(/\/+$/, '');
  const destination: SlackDestination =
    typeof definition.webhookUrl === 'string'
      ? { mode: 'webhook', webhookUrl: definition.webhookUrl }
      : { mode: 'bot', token: definition.token as string, channel: definition.channel as string, apiUrl };
  const truncate = definition.long === 'truncate';
  const wantsFile = (definition.file as boolean | undefined) ?? slackDefaults.file;
  return {
    destination,
    timeoutMs: (definition.timeoutMs as number | undefined) ?? slackDefaults.timeoutMs,
    pace: {
      perSecond: pace.perSecond ?? slackDefaults.pace.perSecond,
      burst: pace.burst ?? slackDefaults.pace.burst,
    },
    maxParts: truncate ? 1 : ((definition.maxParts as number | undefined) ?? slackDefaults.maxParts),
    file:
      destination.mode === 'bot' && wantsFile
        ? { name: (definition.fileName as string | undefined) ?? slackDefaults.fileName }
        : undefined,
  };
}
