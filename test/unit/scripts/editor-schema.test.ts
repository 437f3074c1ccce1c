import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { editorSchemaPath } from '../../../scripts/editor-schema.js';
import { repoRoot } from '../../helpers/test-gateway.js';

const schema: unknown = JSON.parse(readFileSync(join(repoRoot, editorSchemaPath), 'utf8'));
if (typeof schema !== 'object' || schema === null) throw new TypeError(`${editorSchemaPath} is not a schema`);
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

function check(targets: string): boolean {
  return validate(
    parse(
      [
        'sources:',
        '  main: { verify: { preset: github, secrets: [s] }, events: { push: } }',
        'targets:',
        targets,
        'routes:',
        '  - { name: r, events: push, to: t }',
      ].join('\n'),
    ),
  );
}

describe('the editor schema', () => {
  it('is named at the top of gateway.yaml', () => {
    const first = readFileSync(join(repoRoot, 'gateway.yaml'), 'utf8').split('\n')[0];
    expect(first).toBe(`# yaml-language-server: $schema=./${editorSchemaPath}`);
  });

  it("checks a target's own keys by its type, and the core's keys on every type", () => {
    expect(
      check('  t: { type: slack, webhookUrl: "https://hooks.slack.com/services/T/B/x", retry: quick }'),
    ).toBe(true);
    expect(check('  t: { type: slack, webhookUrl: "https://hooks.slack.com/services/T/B/x", smtp: x }')).toBe(
      false,
    );
    expect(check('  t: { type: email, url: "smtp://u:p@mail.test:587", maxParts: 3 }')).toBe(false);
    expect(check('  t: { type: http, url: "https://example.test/in", concurrency: 2 }')).toBe(true);
    expect(check('  t: { type: pigeon }')).toBe(false);
  });
});
