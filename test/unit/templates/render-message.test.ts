import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RouteConfig } from '../../../src/config/gateway-config.js';
import { renderMessage } from '../../../src/templates/render-message.js';
import { compileTemplate } from '../../../src/templates/template-engine.js';
import type { AcceptedEvent, JsonObject } from '../../../src/types.js';

const rawBody = readFileSync(new URL('../../fixtures/transcript.completed.json', import.meta.url), 'utf8');
const payload = JSON.parse(rawBody) as JsonObject;

const event: AcceptedEvent = {
  id: 'evt_0mih3q2k0a1b2c3d4e5f6a7b8',
  source: 'connect-it',
  type: 'transcript.completed',
  dedupeKey: 'id:evt_01JD8Q2M7W3K5N9P4R6T8V0X2Z',
  receivedAt: Date.parse('2026-11-28T16:04:12.345Z'),
  payload,
  rawBody,
};

const route: RouteConfig = {
  name: 'transcripts-to-slack',
  source: 'connect-it',
  events: ['transcript.completed'],
  matchesType: (type) => type === 'transcript.completed',
  filter: undefined,
  to: ['team-slack', 'audit'],
  templates: new Map([
    [
      'team-slack',
      new Map([
        ['title', compileTemplate('{{ event.data.headline }} <!here>', 'slack')],
        [
          'text',
          compileTemplate('*{{ event.data.user | full_name }}* · {{ received_at }} · {{ source }}', 'slack'),
        ],
      ]),
    ],
    [
      'audit',
      new Map([
        [
          'body',
          compileTemplate('{"type":"{{ event_type }}","by":"{{ event.data.user.first_name }}"}', 'json'),
        ],
      ]),
    ],
  ]),
};

describe('renderMessage', () => {
  it('renders each field the route has for the target', () => {
    expect(renderMessage(route, 'team-slack', event).fields).toEqual({
      title: 'Weekly planning: gateway roll-out <!here>',
      text: '*Ana Lima* · 2026-11-28T16:04:12.345Z · connect-it',
    });
  });

  it('renders another target of the route with its own templates', () => {
    expect(renderMessage(route, 'audit', event).fields).toEqual({
      body: '{"type":"transcript.completed","by":"Ana"}',
    });
  });

  it('escapes payload values for the target', () => {
    const hostile: AcceptedEvent = {
      ...event,
      payload: { ...payload, data: { headline: '<!channel> ping', user: { first_name: 'A&B' } } },
    };
    expect(renderMessage(route, 'team-slack', hostile).fields).toMatchObject({
      title: '&lt;!channel&gt; ping <!here>',
      text: '*A&amp;B* · 2026-11-28T16:04:12.345Z · connect-it',
    });
  });

  it('passes the payload, raw body, event type and event id through', () => {
    const message = renderMessage(route, 'team-slack', event);
    expect(message.payload).toBe(payload);
    expect(message.rawBody).toBe(rawBody);
    expect(message.eventType).toBe('transcript.completed');
    expect(message.eventId).toBe('evt_0mih3q2k0a1b2c3d4e5f6a7b8');
  });

  it('renders no fields for a target the route has no templates for', () => {
    expect(renderMessage(route, 'elsewhere', event).fields).toEqual({});
  });
});
