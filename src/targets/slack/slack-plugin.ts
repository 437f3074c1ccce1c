import type { TargetPlugin } from '../target.js';
import { checkSlackDefinition } from './check-slack-target.js';
import { createSlackTarget } from './create-slack-target.js';
import { slackDefaultTemplates } from './slack-default-templates.js';
import { slackTargetSchema } from './slack-target-schema.js';

/**
 * The `slack` target type: Block Kit messages through an incoming webhook or chat.postMessage. Its fields are
 * rendered with the deferred escaper: the target escapes inserted values for mrkdwn itself, and only as much of
 * them as it posts (a 5 MB transcript is not escaped whole to post ten parts of it and upload the rest raw).
 */
export const slackPlugin: TargetPlugin = {
  type: 'slack',
  schema: slackTargetSchema,
  fields: { title: 'deferred', text: 'deferred', detail: 'deferred' },
  defaultTemplates: slackDefaultTemplates,
  checkDefinition: checkSlackDefinition,
  create: createSlackTarget,
};
