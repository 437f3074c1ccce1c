import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../../src/config/load-config.js';
import { ConfigError, type ConfigProblem } from '../../../src/errors.js';
import { stubPlugins } from '../../helpers/stub-plugin.js';

/** A config whose one source is `verify` and `extra` lines (the verify line is line 4). */
function yaml(verify: string, extra: string[] = []): string {
  return [
    'sources:', // 1
    '  src:', // 2
    '    path: /in', // 3
    `    verify: ${verify}`, // 4
    '    events: { order.created: null }', // 5
    ...extra, // 6…
    'targets:',
    '  chat: { type: stub }',
    'routes: []',
    '',
  ].join('\n');
}

function load(text: string) {
  return loadConfigText('gateway.yaml', text, { env: { SECRET: 'whsec_bad secret!' }, plugins: stubPlugins });
}

function problems(text: string): string[] {
  try {
    load(text);
  } catch (error) {
    if (error instanceof ConfigError)
      return error.problems.map((p: ConfigProblem) => `${p.line}:${p.column} ${p.message}`);
    throw error;
  }
  return [];
}

describe('a source’s verify block', () => {
  it('takes a preset, with the preset’s type and id sources', () => {
    const source = load(yaml('{ preset: github, secrets: [s] }')).sources.get('src');
    expect(source?.scheme.name).toBe('github');
    expect(source?.eventType).toEqual({ from: [{ header: 'x-github-event' }], suffix: 'action' });
    expect(source?.eventId).toEqual({ from: [{ header: 'x-github-delivery' }] });
    expect([...(source?.accept ?? [])]).toEqual(['json', 'form']);
  });

  it('takes scheme: as the same thing (the shipped form), and refuses both at once', () => {
    expect(load(yaml('{ scheme: connect-it, secrets: [s] }')).sources.get('src')?.scheme.name).toBe(
      'connect-it',
    );
    expect(problems(yaml('{ preset: github, scheme: github, secrets: [s] }'))).toEqual([
      '4:23 write "preset" or "scheme", not both (they name the same thing)',
    ]);
  });

  it('names the known presets for an unknown one, and asks for one when there is none', () => {
    expect(problems(yaml('{ preset: gitbub, secrets: [s] }'))[0]).toMatch(
      /^4:23 unknown preset "gitbub" \(known: connect-it, github, gitlab, stripe, slack, /,
    );
    expect(problems(yaml('{ secrets: [s] }'))[0]).toMatch(/^4:13 verify needs a "preset"/);
  });

  it('checks each secret against the scheme at load, at its line, never quoting it', () => {
    const found = problems(
      yaml('{ preset: standard-webhooks, secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, "${SECRET}"] }'),
    );
    expect(found).toEqual([
      '4:92 secret 2 of standard-webhooks must be "whsec_" followed by base64 (the secret exactly as the sender shows it), or a "whpk_" Ed25519 public key',
    ]);
    expect(found.join()).not.toContain('bad secret');
    expect(problems(yaml('{ preset: stripe, secrets: [sk_live_123] }'))).toEqual([
      '4:41 secret 1 of stripe is not a Stripe endpoint signing secret (those start with "whsec_")',
    ]);
  });

  it('refuses HMAC settings on a preset and tolerance where nothing is timed', () => {
    expect(problems(yaml('{ preset: github, secrets: [s], header: x-sig, tolerance: 5m }'))).toEqual([
      '4:53 "header" belongs to scheme hmac; preset github fixes how it signs',
      '4:71 github requests carry no timestamp, so "tolerance" does not apply',
    ]);
  });

  it('checks the generic hmac scheme’s settings', () => {
    expect(problems(yaml('{ scheme: hmac, secrets: [s], header: x-sig, signed: "{ts}.{body}" }'))).toEqual([
      '4:66 "{ts}" is not a placeholder of a signed string (use {body}, {timestamp}, {header.<name>}, {method} or {url})',
    ]);
    expect(
      problems(yaml('{ scheme: hmac, secrets: [s], header: x-sig, timestamp: { header: x-ts } }')),
    ).toEqual([
      '4:13 a timestamp must be part of the signed string (e.g. "{timestamp}.{body}"), or a replayed request could carry a fresh one',
    ]);
    const ok = load(
      yaml(
        '{ scheme: hmac, secrets: [s], header: x-sig, signed: "{timestamp}.{body}", timestamp: { header: x-ts } }',
      ),
    );
    expect(ok.sources.get('src')?.scheme.signatureHeaders).toEqual(['x-sig']);
  });

  it('refuses a tolerance under a second', () => {
    expect(problems(yaml('{ preset: stripe, secrets: [whsec_x], tolerance: 500ms }'))).toEqual([
      '4:62 tolerance must be at least 1s',
    ]);
  });
});

describe('eventType, eventId and dedupe.key', () => {
  it('replaces the preset’s sources with the ones written', () => {
    const source = load(
      yaml('{ preset: stripe, secrets: [whsec_x] }', [
        '    eventType: { path: data.kind, suffix: action }',
        '    eventId: { header: X-Acme-Delivery }',
      ]),
    ).sources.get('src');
    expect(source?.eventType).toEqual({ from: [{ path: 'data.kind' }], suffix: 'action' });
    expect(source?.eventId).toEqual({ from: [{ header: 'x-acme-delivery' }] });
  });

  it('keeps dedupe.key working as eventId: { path }, and refuses both at once', () => {
    const source = load(
      yaml('{ scheme: connect-it, secrets: [s] }', ['    dedupe: { key: data.id }']),
    ).sources.get('src');
    expect(source?.eventId).toEqual({ from: [{ path: 'data.id' }] });
    expect(
      problems(
        yaml('{ scheme: connect-it, secrets: [s] }', [
          '    eventId: { path: id }',
          '    dedupe: { key: id }',
        ]),
      ),
    ).toEqual(['7:20 write the event id once: "eventId: { path: … }" replaces "dedupe.key"']);
  });

  it('refuses an eventType naming two places', () => {
    expect(
      problems(yaml('{ preset: github, secrets: [s] }', ['    eventType: { header: a, path: b }']))[0],
    ).toMatch(/^6:16 sources\.src\.eventType has the wrong form/);
  });

  it('accepts form bodies where a source says so', () => {
    const source = load(yaml('{ preset: bearer, secrets: [tok] }', ['    accept: [form, json]'])).sources.get(
      'src',
    );
    expect([...(source?.accept ?? [])]).toEqual(['form', 'json']);
  });
});
