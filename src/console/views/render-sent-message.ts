import type { JsonObject, JsonValue } from '../../types.js';
import { html, type Html } from '../html.js';
import { renderMrkdwn, unescapeSlack } from './render-mrkdwn.js';
import { isObjectValue } from '../../json/is-json-value.js';

/**
 * What a target was sent (its redacted preview), shown as the receiver would show it: Slack posts as Slack renders
 * blocks, email as subject and body, HTTP as method, URL, headers and body. The raw JSON is always one click away.
 */
export function renderSentMessage(type: string | undefined, request: JsonValue): Html {
  const shown =
    type === 'slack' && Array.isArray(request)
      ? html`${request.map((post) => slackPost(post))}`
      : type === 'email' && isObjectValue(request)
        ? email(request)
        : isObjectValue(request) && 'method' in request
          ? httpRequest(request)
          : html``;
  return html`${shown}
    <details>
      <summary>As JSON</summary>
      <pre>${JSON.stringify(request, null, 2)}</pre>
    </details>`;
}

function slackPost(post: JsonValue): Html {
  if (!isObjectValue(post)) return html``;
  const body = post.body;
  if (!isObjectValue(body))
    return html`<p class="muted">${stringOf(post.method)} ${stringOf(post.url)}: ${stringOf(body)}</p>`;
  const blocks = Array.isArray(body.blocks) ? body.blocks : [];
  const content =
    blocks.length > 0
      ? blocks.map((block) => slackBlock(block))
      : [html`<p>${renderMrkdwn(stringOf(body.text))}</p>`];
  const thread =
    post.replyTo !== undefined ? html`<p class="muted">in the thread of the first message</p>` : '';
  return html`<div class="slack">${thread}${content}</div>`;
}

function slackBlock(block: JsonValue): Html {
  if (!isObjectValue(block)) return html``;
  switch (block.type) {
    case 'header':
      return html`<p class="slack-header">${textOf(block.text, false)}</p>`;
    case 'divider':
      return html`<hr />`;
    case 'context': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      return html`<p class="slack-context">${elements.map((e) => textOf(e, true))}</p>`;
    }
    case 'section': {
      const fields = Array.isArray(block.fields) ? block.fields : [];
      return html`<div class="slack-section">
        <p>${textOf(block.text, true)}</p>
        ${
          fields.length > 0
            ? html`<div class="slack-fields">${fields.map((f) => html`<p>${textOf(f, true)}</p>`)}</div>`
            : ''
        }
      </div>`;
    }
    default:
      return html`<p class="muted">(${stringOf(block.type)} block)</p>`;
  }
}

function textOf(value: JsonValue | undefined, mrkdwnAllowed: boolean): Html {
  if (!isObjectValue(value)) return html``;
  const text = stringOf(value.text);
  return mrkdwnAllowed && value.type === 'mrkdwn' ? renderMrkdwn(text) : html`${unescapeSlack(text)}`;
}

function email(mail: JsonObject): Html {
  const to = Array.isArray(mail.to) ? mail.to.map(stringOf).join(', ') : '';
  const htmlBody = typeof mail.html === 'string' ? mail.html : undefined;
  return html`<dl class="mail">
      <dt>To</dt>
      <dd>${to}</dd>
      <dt>Subject</dt>
      <dd>${stringOf(mail.subject)}</dd>
    </dl>
    <pre class="mail-body">${typeof mail.text === 'string' ? mail.text : ''}</pre>
    ${
      htmlBody !== undefined
        ? html`<details>
            <summary>HTML body (source)</summary>
            <pre>${htmlBody}</pre>
          </details>`
        : ''
    }`;
}

function httpRequest(request: JsonObject): Html {
  const headers = isObjectValue(request.headers) ? Object.entries(request.headers) : [];
  const body = request.body;
  return html`<p><code>${stringOf(request.method)} ${stringOf(request.url)}</code></p>
    ${headers.length > 0 ? html`<pre>${headers.map(([name, value]) => `${name}: ${stringOf(value)}\n`).join('')}</pre>` : ''}
    <pre>${typeof body === 'string' ? prettyIfJson(body) : JSON.stringify(body, null, 2)}</pre>`;
}

function prettyIfJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function stringOf(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
