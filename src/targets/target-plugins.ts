import type { TargetPlugin } from './target.js';
import { slackPlugin } from './slack/slack-plugin.js';
import { emailPlugin } from './email/email-plugin.js';
import { httpPlugin } from './http/http-plugin.js';

/** The registry of target types, keyed by `type` in gateway.yaml. */
export const targetPlugins: ReadonlyMap<string, TargetPlugin> = new Map(
  [slackPlugin, emailPlugin, httpPlugin].map((plugin) => [plugin.type, plugin]),
);
