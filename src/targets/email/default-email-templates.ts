/**
 * What an email route sends when it gives no templates of its own: readable for any event, richer for a
 * transcript (headline, who, when, the text). Liquid; context `{ event, event_type, source, received_at }`.
 */
const subject = '{{ event.data.headline | default: event_type }}';

const text = `{{ event.data.headline | default: event_type }}
{%- if event.data.user %}
By {{ event.data.user | full_name }}
{%- endif %}
{%- if event.data.created_on %}
Recorded {{ event.data.created_on | date: "%Y-%m-%d %H:%M UTC" }}
{%- endif %}
{%- if event.data.text %}

{{ event.data.text }}
{%- endif %}

--
{{ event_type }} from {{ source }}, received {{ received_at }}
`;

// Inline styles only: most mail clients drop <style> blocks. pre-wrap keeps the transcript's line breaks
// without inserting markup into escaped text.
const html = `<!doctype html>
<html>
<body style="font-family: Arial, Helvetica, sans-serif; color: #1d1d1f; line-height: 1.5">
<h2 style="margin: 0 0 8px">{{ event.data.headline | default: event_type }}</h2>
{%- if event.data.user or event.data.created_on %}
<p style="margin: 0 0 16px; color: #555">
{%- if event.data.user %}<strong>{{ event.data.user | full_name }}</strong>{% endif %}
{%- if event.data.user and event.data.created_on %} · {% endif %}
{%- if event.data.created_on %}{{ event.data.created_on | date: "%Y-%m-%d %H:%M UTC" }}{% endif -%}
</p>
{%- endif %}
{%- if event.data.text %}
<div style="white-space: pre-wrap">{{ event.data.text }}</div>
{%- endif %}
<p style="margin-top: 24px; color: #888; font-size: 12px">{{ event_type }} from {{ source }}, received {{ received_at }}</p>
</body>
</html>
`;

export const defaultEmailTemplates: Readonly<Record<string, string>> = { subject, text, html };
