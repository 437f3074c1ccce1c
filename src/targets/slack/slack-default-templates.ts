/**
 * Templates for a route that gives none: they suit any event, and the Connect It transcript events best
 * (`data.headline`, `data.user`, `data.created_on`, `data.text`). The context is `{ event, source,
 * received_at, event_type }`; every inserted value is escaped for Slack by the core.
 */
export const slackDefaultTemplates: Readonly<Record<string, string>> = {
  title: '{{ event.data.headline | default: event.type | default: event_type }}',
  text: [
    '{%- assign who = event.data.user | full_name -%}',
    '{%- if who != "" %}*{{ who }}* · {% endif -%}',
    '{{ event.data.created_on | default: event.created_on | default: received_at }}',
    ' · `{{ event_type }}` from {{ source }}',
  ].join(''),
  detail: '{{ event.data.text }}',
};
