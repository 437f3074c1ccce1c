import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { compileEventSchemas } from '../../../src/config/compile-event-schemas.js';
import { ConfigSource } from '../../../src/config/config-source.js';
import type { SourceDefinition } from '../../../src/config/gateway-file.js';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'hookgate-event-schemas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function compile(yaml: string, baseDir = repoRoot) {
  const source = ConfigSource.parse('gateway.yaml', yaml);
  const events = (source.doc.toJS() as { sources: { main: { events: SourceDefinition['events'] } } }).sources
    .main.events;
  const compiled = compileEventSchemas(
    source,
    new Ajv({ allErrors: true, strict: false }),
    'main',
    events,
    baseDir,
  );
  return { compiled, problems: source.problems };
}

function eventsYaml(entries: Record<string, string | null>): string {
  const lines = ['sources:', '  main:', '    events:'];
  for (const [type, schema] of Object.entries(entries)) {
    lines.push(schema === null ? `      ${type}:` : `      ${type}: { schema: ${schema} }`);
  }
  return `${lines.join('\n')}\n`;
}

describe('compileEventSchemas', () => {
  it('compiles the shipped schemas relative to the base folder', () => {
    const { compiled, problems } = compile(
      eventsYaml({
        'test.completed': 'config/schemas/test.completed.schema.json',
        'transcript.completed': 'config/schemas/transcript.completed.schema.json',
      }),
    );
    expect(problems).toEqual([]);
    expect([...compiled.keys()]).toEqual(['test.completed', 'transcript.completed']);
    const validate = compiled.get('transcript.completed');
    expect(validate?.({ type: 'transcript.completed', data: { headline: 'x' } })).toBe(true);
    expect(validate?.({ type: 'transcript.completed', data: { headline: 1 } })).toBe(false);
  });

  it('checks string formats such as date-time', () => {
    const { compiled } = compile(
      eventsYaml({ 'transcript.completed': 'config/schemas/transcript.completed.schema.json' }),
    );
    const validate = compiled.get('transcript.completed');
    expect(validate?.({ type: 'transcript.completed', created_on: '2026-11-28T16:04:11Z' })).toBe(true);
    expect(validate?.({ type: 'transcript.completed', created_on: 'last Friday' })).toBe(false);
  });

  it('maps an event type without a schema to null', () => {
    const { compiled, problems } = compile(eventsYaml({ ping: null }));
    expect(problems).toEqual([]);
    expect(compiled.get('ping')).toBeNull();
  });

  it('reports a missing schema file at its path', () => {
    const { problems } = compile(eventsYaml({ 'test.completed': 'config/schemas/nope.json' }));
    expect(problems).toEqual([
      {
        file: 'gateway.yaml',
        line: 4,
        column: 33,
        message: 'schema file config/schemas/nope.json cannot be read (ENOENT)',
      },
    ]);
  });

  it('reports a schema file that is not JSON without quoting it', () => {
    writeFileSync(join(dir, 'broken.json'), '{ "type": "object", "secret-looking": "hunter2", }');
    const { problems } = compile(eventsYaml({ 'test.completed': 'broken.json' }), dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toBe('schema file broken.json is not valid JSON (unexpected character)');
  });

  describe('keeps schema paths inside the schema folder', () => {
    const outside = mkdtempSync(join(tmpdir(), 'hookgate-outside-'));
    const inside = join(dir, 'confined');
    mkdirSync(inside, { recursive: true });
    writeFileSync(join(outside, 'shadow'), 'root:$6$secret-hash:19000:0:99999:7:::\n');
    writeFileSync(join(outside, 'schema.json'), '{ "type": "object" }');
    symlinkSync(join(outside, 'shadow'), join(inside, 'innocent.json'));
    writeFileSync(join(inside, 'ok.json'), '{ "type": "object" }');
    afterAll(() => rmSync(outside, { recursive: true, force: true }));

    it.each([
      ['a relative path climbing out', `../../../../../../..${outside}/shadow`],
      ['an absolute path', join(outside, 'shadow')],
      ['a symlink inside that leads out', 'innocent.json'],
      ['even a valid schema outside', join(outside, 'schema.json')],
    ])('refuses %s, naming the folder, never the contents', (_, schemaFile) => {
      const { problems, compiled } = compile(eventsYaml({ 'test.completed': schemaFile }), inside);
      expect(problems).toHaveLength(1);
      expect(problems[0]?.message).toBe(
        `schema file ${schemaFile} is outside the schema folder ${inside} (schema paths must stay inside it; server.schemaDir sets it)`,
      );
      expect(problems[0]?.message).not.toContain('root:');
      expect(compiled.get('test.completed')).toBeNull();
    });

    it('accepts a path inside, also through a subfolder', () => {
      mkdirSync(join(inside, 'sub'), { recursive: true });
      writeFileSync(join(inside, 'sub', 'nested.json'), '{ "type": "object" }');
      for (const schemaFile of ['ok.json', './sub/nested.json', 'sub/../ok.json']) {
        expect(compile(eventsYaml({ 'test.completed': schemaFile }), inside).problems).toEqual([]);
      }
    });
  });

  it('reports a file that is JSON but not a valid JSON Schema', () => {
    writeFileSync(join(dir, 'wrong.json'), '{ "type": "strng" }');
    const { problems } = compile(eventsYaml({ 'test.completed': 'wrong.json' }), dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^schema file wrong\.json is not a valid JSON Schema: /);
  });

  it('reports JSON that is neither an object nor a boolean, and compiles `true` as accept-all', () => {
    writeFileSync(join(dir, 'list.json'), '[1, 2]');
    writeFileSync(join(dir, 'any.json'), 'true');
    const { compiled, problems } = compile(
      eventsYaml({ 'test.completed': 'list.json', 'test.started': 'any.json' }),
      dir,
    );
    expect(problems.map((p) => p.message)).toEqual([
      'schema file list.json is not a JSON Schema (it must hold an object, or true or false)',
    ]);
    expect(compiled.get('test.started')?.({ anything: 1 })).toBe(true);
  });

  it('compiles one schema file with an $id for two event types', () => {
    writeFileSync(
      join(dir, 'with-id.json'),
      JSON.stringify({ $id: 'https://example.com/event.json', type: 'object', required: ['type'] }),
    );
    const { compiled, problems } = compile(
      eventsYaml({ 'a.created': 'with-id.json', 'a.deleted': 'with-id.json' }),
      dir,
    );
    expect(problems).toEqual([]);
    expect(compiled.get('a.deleted')?.({})).toBe(false);
  });
});
