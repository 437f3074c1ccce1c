import type {
  OutboundMessage,
  SendContext,
  SendReceipt,
  Target,
  TargetPlugin,
} from '../../src/targets/target.js';
import type { JsonObject, JsonValue } from '../../src/types.js';

/** A target that sends nowhere: it records what it was asked to send and preview. */
export interface StubTarget extends Target {
  readonly definition: JsonObject;
  readonly sent: { readonly message: OutboundMessage; readonly ctx: SendContext }[];
  readonly previewed: OutboundMessage[];
}

export function createStubTarget(name: string, definition: JsonObject): StubTarget {
  const sent: { message: OutboundMessage; ctx: SendContext }[] = [];
  const previewed: OutboundMessage[] = [];
  return {
    name,
    type: 'stub',
    definition,
    sent,
    previewed,
    preview(message: OutboundMessage): JsonValue {
      previewed.push(message);
      return { target: name, fields: { ...message.fields } };
    },
    async send(message: OutboundMessage, ctx: SendContext): Promise<SendReceipt> {
      sent.push({ message, ctx });
      return { status: 200, detail: 'stub' };
    },
    async close(): Promise<void> {},
  };
}

/**
 * A target type `stub` for config and routing tests: it templates `title` and `text` like Slack does (values
 * escaped as Slack mrkdwn), falls back to the event type as text, and accepts any definition.
 */
export const stubPlugin: TargetPlugin = {
  type: 'stub',
  schema: { type: 'object', additionalProperties: true },
  fields: { title: 'slack', text: 'slack' },
  defaultTemplates: { text: '{{ event.type }}' },
  create: (name, definition) => createStubTarget(name, definition),
};

export const stubPlugins: ReadonlyMap<string, TargetPlugin> = new Map([['stub', stubPlugin]]);
