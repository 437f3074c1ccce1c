import type { AcceptedEvent, OutboundMessage } from '../types.js';
import type { CompiledTemplate, TemplateContext } from './template-engine.js';

/** What rendering needs of a route: per target name, the compiled template of each message field. */
export interface RouteTemplates {
  readonly templates: ReadonlyMap<string, ReadonlyMap<string, CompiledTemplate>>;
}

/** Renders a route's message for one of its targets: the same function serves the worker and the dry run. */
export function renderMessage(
  route: RouteTemplates,
  targetName: string,
  event: AcceptedEvent,
): OutboundMessage {
  const fields: Record<string, string> = {};
  const templates = route.templates.get(targetName);
  if (templates && templates.size > 0) {
    const context: TemplateContext = {
      event: event.payload,
      source: event.source,
      event_type: event.type,
      received_at: new Date(event.receivedAt).toISOString(),
    };
    for (const [field, template] of templates) fields[field] = template.render(context);
  }
  return {
    fields,
    // Read through, not copied: a stored event parses its payload only when something uses it.
    get payload() {
      return event.payload;
    },
    rawBody: event.rawBody,
    eventType: event.type,
    eventId: event.id,
  };
}
