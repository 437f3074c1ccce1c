import type { JsonObject } from '../../types.js';
import { definitionReader } from '../shared/read-definition.js';
import type { Pace } from './channel-pacer.js';
import { slackTargetDefaults, type SlackTargetDefinition } from './slack-target-definition.js';
import { slackTargetSchema } from './slack-target-schema.js';

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

const readDefinition = definitionReader<SlackTargetDefinition>('slack', slackTargetSchema);

/** Reads a definition that already passed `slackTargetSchema`, filling in the schema's defaults. */
export function readSlackTarget(raw: JsonObject): SlackTargetConfig {
  const definition = readDefinition(raw);
  const defaults = slackTargetDefaults;
  const pace = definition.pace ?? {};
  const apiUrl = (definition.apiUrl ?? defaults.apiUrl).replace(/\/+$/, '');
  const destination: SlackDestination =
    definition.webhookUrl !== undefined
      ? { mode: 'webhook', webhookUrl: definition.webhookUrl }
      : { mode: 'bot', token: definition.token ?? '', channel: definition.channel ?? '', apiUrl };
  const truncate = definition.long === 'truncate';
  const wantsFile = definition.file ?? defaults.file;
  return {
    destination,
    timeoutMs: definition.timeoutMs ?? defaults.timeoutMs,
    pace: {
      perSecond: pace.perSecond ?? defaults.pace.perSecond,
      burst: pace.burst ?? defaults.pace.burst,
    },
    maxParts: truncate ? 1 : (definition.maxParts ?? defaults.maxParts),
    file:
      destination.mode === 'bot' && wantsFile
        ? { name: definition.fileName ?? defaults.fileName }
        : undefined,
  };
}
