import type { TargetPlugin } from '../target.js';
import { createSlackTarget } from './create-slack-target.js';
import { slackDefaultTemplates } from './slack-default-templates.js';
import { slackTargetSchema } from './slack-target-schema.js';

/** The `slack` target type: Block Kit messages through an incoming webhook or chat.postMessage. */
export const slackPlugin: TargetPlugin = {
  type: 'slack',
  schema: slackTargetSchema,
  fields: { title: 'slack', text: 'slack', detail: 'slack' },
  defaultTemplates: slackDefaultTemplates,
  create: createSlackTarget,
};
