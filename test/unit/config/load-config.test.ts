import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, loadConfigText } from '../../../src/config/load-config.js';
import type { GatewayConfig } from '../../../src/config/gateway-config.js';
import { schemeNames } from '../../../src/signing/scheme-registry.js';
import { ConfigError, type ConfigProblem } from '../../../src/errors.js';
import { stubPlugin, stubPlugins } from '../../helpers/stub-plugin.js';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const file = 'gateway.yaml';

/** A complete, valid config. Tests replace numbered lines (1-based) to introduce one mistake each. */
const baseLines = [
  'server:', // 1
  '  port: ${PORT:-3221}', // 2
  'sources:', // 3
  '  connect-it:', // 4
  '    path: /webhook', // 5
  '    verify:', // 6
  '      scheme: connect-it', // 7
  '      secrets:', // 8
  '        - ${WEBHOOK_SECRET}', // 9
  '    events:', // 10
  '      test.completed:', // 11
  '        schema: config/schemas/test.completed.schema.json', // 12
  '      transcript.completed:', // 13
  '        schema: config/schemas/transcript.completed.schema.json', // 14
  'targets:', // 15
  '  team-chat:', // 16
  '    type: stub', // 17
  '    channel: ${CHANNEL:-#general}', // 18
  'routes:', // 19
  '  - name: transcripts', // 20
  '    source: connect-it', // 21
  '    events: transcript.*', // 22
  '    to: team-chat', // 23
  '    filter: { field: data.metadata.duration_seconds, gte: 60 }', // 24
  '    message:', // 25
  "      title: '{{ event.data.headline }}'", // 26
  '      text: \'*{{ event.data.user | full_name }}* · {{ event.data.created_on | date: "%H:%M" }}\'', // 27
  '  - name: tests', // 28
  '    events: test.completed', // 29
  '    to: team-chat', // 30
];

function yamlWith(replacements: Readonly<Record<number, string>> = {}): string {
  return `${baseLines.map((line, i) => replacements[i + 1] ?? line).join('\n')}\n`;
}

const env = { WEBHOOK_SECRET: 'cit_whsec_4f1d0c2b9a' };

function load(text: string, environment: NodeJS.ProcessEnv = env, baseDir = repoRoot): GatewayConfig {
  return loadConfigText(file, text, { env: environment, plugins: stubPlugins, baseDir });
}

function problemsOf(
  text: string,
  environment: NodeJS.ProcessEnv = env,
  baseDir = repoRoot,
): readonly ConfigProblem[] {
  try {
    load(text, environment, baseDir);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError, but the config loaded');
}

function problem(line: number, column: number, message: string): ConfigProblem {
  return { file, line, column, message };
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-load-config-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('loadConfigText with a valid config', () => {
  it('compiles the sources with their scheme, secrets and event schemas', () => {
    const config = load(yamlWith());
    expect([...config.sources.keys()]).toEqual(['connect-it']);
    const source = config.sources.get('connect-it');
    expect(source?.path).toBe('/webhook');
    expect(source?.scheme.name).toBe('connect-it');
    expect(source?.secrets).toEqual(['cit_whsec_4f1d0c2b9a']);
    expect([...(source?.events.keys() ?? [])]).toEqual(['test.completed', 'transcript.completed']);
    const validate = source?.events.get('transcript.completed');
    expect(validate?.({ type: 'transcript.completed', data: { headline: 'ok' } })).toBe(true);
    expect(validate?.({ type: 'transcript.completed', data: { headline: 42 } })).toBe(false);
  });

  it('compiles the targets with their plug-in and a definition without core keys', () => {
    const config = load(yamlWith());
    const target = config.targets.get('team-chat');
    expect(target?.plugin).toBe(stubPlugin);
    expect(target?.definition).toEqual({ channel: '#general' });
  });

  it('takes a target’s concurrency as the adaptive cap, or { fixed: N }, and rejects anything else', () => {
    expect(load(yamlWith({ 18: '    concurrency: 8' })).targets.get('team-chat')?.concurrency).toBe(8);
    expect(
      load(yamlWith({ 18: '    concurrency: { fixed: 3 }' })).targets.get('team-chat')?.concurrency,
    ).toEqual({
      fixed: 3,
    });
    for (const bad of ['0', 'many', '{ fixed: 0 }', '{ cap: 3 }']) {
      expect(problemsOf(yamlWith({ 18: `    concurrency: ${bad}` })).map((p) => p.message)).toEqual([
        'targets.team-chat.concurrency has the wrong form: must be a whole number 1..256 (the cap of the adaptive limit) or { fixed: N }',
      ]);
    }
  });

  it('compiles the routes: source, event patterns, filter and targets', () => {
    const config = load(yamlWith());
    expect(config.routes.map((r) => [r.name, r.source, r.events, r.to])).toEqual([
      ['transcripts', 'connect-it', ['transcript.*'], ['team-chat']],
      ['tests', 'connect-it', ['test.completed'], ['team-chat']],
    ]);
    const [transcripts, tests] = config.routes;
    expect(transcripts?.matchesType('transcript.completed')).toBe(true);
    expect(transcripts?.matchesType('test.completed')).toBe(false);
    expect(transcripts?.filter).toBeDefined();
    expect(tests?.filter).toBeUndefined();
  });

  it('gives a route without "source" the only source there is', () => {
    expect(load(yamlWith()).routes[1]?.source).toBe('connect-it');
  });

  it('compiles the route’s templates, escaped for the target’s fields', () => {
    const config = load(yamlWith());
    const templates = config.routes[0]?.templates.get('team-chat');
    expect([...(templates?.keys() ?? [])]).toEqual(['title', 'text']);
    const context = {
      event: {
        type: 'transcript.completed',
        data: { headline: 'Q3 <!channel>', user: { first_name: 'Ana' }, created_on: '2026-11-28T15:31:02Z' },
      },
      source: 'connect-it',
      event_type: 'transcript.completed',
      received_at: '2026-11-28T16:04:12.000Z',
    };
    expect(templates?.get('title')?.render(context)).toBe('Q3 &lt;!channel&gt;');
    expect(templates?.get('text')?.render(context)).toBe('*Ana* · 15:31');
  });

  it('uses the plug-in’s default templates for fields the route does not give', () => {
    const templates = load(yamlWith()).routes[1]?.templates.get('team-chat');
    expect([...(templates?.keys() ?? [])]).toEqual(['text']);
    const context = {
      event: { type: 'test.completed' },
      source: 'connect-it',
      event_type: 'test.completed',
      received_at: '',
    };
    expect(templates?.get('text')?.render(context)).toBe('test.completed');
  });

  it('reads the PostgreSQL store keys, the URL through ${VAR}', () => {
    const server = load(
      yamlWith({ 2: '  store: postgres\n  databaseUrl: ${DATABASE_URL}\n  databasePool: 7' }),
      { ...env, DATABASE_URL: 'postgres://hookgate:pw@db:5432/hookgate' },
    ).server;
    expect(server).toMatchObject({
      store: 'postgres',
      databaseUrl: 'postgres://hookgate:pw@db:5432/hookgate',
      databasePool: 7,
    });
  });

  it('refuses store postgres without a databaseUrl', () => {
    expect(problemsOf(yamlWith({ 2: '  store: postgres' })).map((p) => p.message)).toEqual([
      'server.store postgres needs server.databaseUrl (e.g. ${DATABASE_URL})',
    ]);
  });

  it('fills in server defaults', () => {
    expect(load(yamlWith()).server).toEqual({
      port: 3221,
      host: '0.0.0.0',
      bodyLimitBytes: 5 * 1024 * 1024,
      // Relative folders are resolved against the config file's folder (here the base folder given).
      dataDir: join(repoRoot, 'data'),
      schemaDir: repoRoot,
      shutdownTimeoutMs: 10_000,
      store: 'sqlite',
      databaseUrl: undefined,
      databasePool: 4,
      durability: 'process',
      dedupeWindowMs: 86_400_000,
      retentionMs: 7 * 86_400_000,
      deliveryLeaseMs: 120_000,
      watchConfig: false,
      connections: {
        maxConnections: undefined,
        idleTimeoutMs: 10_000,
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 30_000,
      },
    });
  });

  it('records the file name', () => {
    expect(load(yamlWith()).file).toBe(file);
  });
});

describe('loadConfigText environment variables', () => {
  it('resolves ${VAR} from the environment given', () => {
    expect(load(yamlWith()).sources.get('connect-it')?.secrets).toEqual(['cit_whsec_4f1d0c2b9a']);
  });

  it('uses the default of ${VAR:-default} when the variable is unset', () => {
    expect(load(yamlWith()).targets.get('team-chat')?.definition.channel).toBe('#general');
  });

  it('uses the variable of ${VAR:-default} when it is set', () => {
    expect(load(yamlWith(), { ...env, CHANNEL: '#ops' }).targets.get('team-chat')?.definition.channel).toBe(
      '#ops',
    );
  });

  it('turns port: ${PORT:-3221} into the number 3221', () => {
    expect(load(yamlWith()).server.port).toBe(3221);
  });

  it('turns port: ${PORT:-3221} into the number PORT holds', () => {
    expect(load(yamlWith(), { ...env, PORT: '8080' }).server.port).toBe(8080);
  });

  it('treats a variable set to the empty string as unset', () => {
    expect(load(yamlWith(), { ...env, PORT: '' }).server.port).toBe(3221);
    expect(load(yamlWith(), { ...env, CHANNEL: '' }).targets.get('team-chat')?.definition.channel).toBe(
      '#general',
    );
  });

  it('reports an unset variable without default at its line', () => {
    expect(problemsOf(yamlWith(), {})).toEqual([
      problem(
        9,
        11,
        'environment variable WEBHOOK_SECRET is not set and has no default (write ${WEBHOOK_SECRET:-default} to give one)',
      ),
    ]);
  });

  it('reports a variable set to the empty string as unset', () => {
    expect(problemsOf(yamlWith(), { WEBHOOK_SECRET: '' })).toEqual([
      problem(
        9,
        11,
        'environment variable WEBHOOK_SECRET is not set and has no default (write ${WEBHOOK_SECRET:-default} to give one)',
      ),
    ]);
  });

  it('keeps a secret made only of digits a string', () => {
    // The shipped gateway.yaml writes `- ${WEBHOOK_SECRET}` unquoted; a secret is text whatever it looks like.
    const config = load(yamlWith(), { WEBHOOK_SECRET: '20261128' });
    expect(config.sources.get('connect-it')?.secrets).toEqual(['20261128']);
  });
});

describe('loadConfigText problems', () => {
  it('reports a YAML syntax error at its line with a one-line message', () => {
    const problems = problemsOf(yamlWith({ 6: '   verify:' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^All mapping items must start at the same column/);
    expect(problems[0]).toMatchObject({ line: 6, column: 1 });
    for (const p of problems) expect(p.message).not.toContain('\n');
  });

  it('reports YAML syntax errors before interpolation, so no variable needs to be set', () => {
    expect(problemsOf(yamlWith({ 7: '      scheme: connect-it: hmac' }), {})).toEqual([
      problem(7, 15, 'Nested mappings are not allowed in compact mappings'),
    ]);
  });

  it('reports a duplicate YAML key at the second key', () => {
    expect(problemsOf(yamlWith({ 21: '    name: transcripts-again' }))).toEqual([
      problem(21, 5, 'Map keys must be unique'),
    ]);
  });

  it('reports an unknown key at the key', () => {
    expect(problemsOf(yamlWith({ 5: '    paht: /webhook' }))).toEqual([
      problem(5, 5, 'unknown key "paht" in sources.connect-it'),
    ]);
  });

  it('reports a value of the wrong type at the value', () => {
    expect(problemsOf(yamlWith({ 2: '  port: eighty' }))).toEqual([
      problem(2, 9, 'server.port must be integer'),
    ]);
  });

  it('reports a missing required key at the mapping that lacks it', () => {
    expect(problemsOf(yamlWith({ 30: '    message: { title: no targets }' }))).toEqual([
      problem(28, 5, 'routes.1 is missing "to"'),
    ]);
  });

  it('reports an unknown target name in a route at the name', () => {
    expect(problemsOf(yamlWith({ 30: '    to: [team-chat, team-chta]' }))).toEqual([
      problem(30, 21, 'unknown target "team-chta" (known: team-chat)'),
    ]);
  });

  it('reports an unknown source name in a route at the name', () => {
    expect(problemsOf(yamlWith({ 21: '    source: conect-it' }))).toEqual([
      problem(21, 13, 'unknown source "conect-it" (known: connect-it)'),
    ]);
  });

  it('reports an unknown target type at the type', () => {
    expect(problemsOf(yamlWith({ 17: '    type: pager' }))).toEqual([
      problem(17, 11, 'unknown target type "pager" (known: stub)'),
    ]);
  });

  it('reports an unknown verification scheme at the scheme', () => {
    expect(problemsOf(yamlWith({ 7: '      scheme: hmac-sha1' }))).toContainEqual(
      problem(7, 15, `unknown scheme "hmac-sha1" (known: ${schemeNames.join(', ')})`),
    );
  });

  it('reports only the unknown scheme, not the routes of that source as naming no or an unknown source', () => {
    expect(problemsOf(yamlWith({ 7: '      scheme: hmac-sha1' }))).toEqual([
      problem(7, 15, `unknown scheme "hmac-sha1" (known: ${schemeNames.join(', ')})`),
    ]);
  });

  it('reports an unreadable schema file at its path', () => {
    expect(
      problemsOf(yamlWith({ 14: '        schema: config/schemas/transcript.complete.schema.json' })),
    ).toContainEqual(
      problem(14, 17, 'schema file config/schemas/transcript.complete.schema.json cannot be read (ENOENT)'),
    );
  });

  it('reports only the unreadable schema file, not the routes of its event type as matching nothing', () => {
    expect(
      problemsOf(yamlWith({ 14: '        schema: config/schemas/transcript.complete.schema.json' })),
    ).toEqual([
      problem(14, 17, 'schema file config/schemas/transcript.complete.schema.json cannot be read (ENOENT)'),
    ]);
  });

  it('reports a schema file with invalid JSON at its path', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'config', 'schemas'), { recursive: true });
    cpSync(join(repoRoot, 'config', 'schemas'), join(dir, 'config', 'schemas'), { recursive: true });
    writeFileSync(join(dir, 'config', 'schemas', 'test.completed.schema.json'), '{ "type": "object", }');
    const problems = problemsOf(yamlWith(), env, dir);
    const atSchema = problems.find((p) => p.line === 12);
    expect(atSchema).toMatchObject({ line: 12, column: 17 });
    expect(atSchema?.message).toMatch(
      /^schema file config\/schemas\/test\.completed\.schema\.json is not valid JSON \(.+\)$/,
    );
  });

  it('reports a template that does not parse at the template', () => {
    const problems = problemsOf(yamlWith({ 26: "      title: '{{ event.data.headline '" }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 26, column: 14 });
    expect(problems[0]?.message).toMatch(
      /^template "title" does not parse: output "\{\{ event\.data\.headline " not closed/,
    );
  });

  it('reports an unknown Liquid filter at the template', () => {
    const problems = problemsOf(yamlWith({ 27: "      text: '{{ event.data.headline | shout }}'" }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 27, column: 13 });
    expect(problems[0]?.message).toMatch(/^template "text" does not parse: undefined filter: shout\b/);
  });

  it('reports an unknown filter operator in a route filter', () => {
    const problems = problemsOf(
      yamlWith({ 24: '    filter: { field: data.metadata.duration_seconds, longer_than: 60 }' }),
    );
    expect(problems).toEqual([
      problem(
        24,
        67,
        'unknown filter operator "longer_than" (use one of eq, ne, gt, gte, lt, lte, in, exists, matches, or all/any/not)',
      ),
    ]);
  });

  it('reports a regular expression that does not compile in a route filter', () => {
    const problems = problemsOf(
      yamlWith({ 24: "    filter: { field: data.data.headline, matches: '(draft' }" }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 24, column: 51 });
    expect(problems[0]?.message).toMatch(/^"matches" is not a valid regular expression: /);
  });

  it('reports a route event type the source does not accept at the type', () => {
    expect(problemsOf(yamlWith({ 29: '    events: [test.completed, invoice.*]' }))).toEqual([
      problem(
        29,
        30,
        'event type "invoice.*" matches nothing source "connect-it" accepts (test.completed, transcript.completed)',
      ),
    ]);
  });

  it('reports a route name used twice at the second use', () => {
    expect(problemsOf(yamlWith({ 28: '  - name: transcripts' }))).toEqual([
      problem(28, 11, 'route name "transcripts" is used twice'),
    ]);
  });

  it('reports a message field no target of the route uses at the field’s key', () => {
    expect(problemsOf(yamlWith({ 26: '      subject: New transcript' }))).toEqual([
      problem(
        26,
        7,
        'message field "subject" is used by none of this route\'s targets (they use: title, text)',
      ),
    ]);
  });

  it('reports a target name with a space at the name', () => {
    expect(problemsOf(yamlWith({ 16: '  team chat:' }))).toEqual([
      problem(16, 3, 'name "team chat" may only use letters, digits, _, . and -'),
    ]);
  });

  it('reports route events of the wrong form with the schema’s errorMessage', () => {
    expect(problemsOf(yamlWith({ 29: '    events: { type: test.completed }' }))).toEqual([
      problem(
        29,
        13,
        'routes.1.events has the wrong form: an event type or a glob (transcript.*), or a list of them',
      ),
    ]);
  });

  describe('with a second source', () => {
    const github = [
      '        schema: config/schemas/transcript.completed.schema.json', // 14
      '  github:', // 15
      '    path: /github', // 16
      '    verify: { scheme: github, secrets: [gh-secret] }', // 17
      '    events: { push: }', // 18
    ].join('\n');

    it('reports a route without "source" at its name', () => {
      // Lines after 14 move down by 4: route "tests" now starts at line 32.
      expect(problemsOf(yamlWith({ 14: github }))).toEqual([
        problem(32, 11, 'route "tests" must name its "source" (there are 2 sources)'),
      ]);
    });

    it('reports two sources on one path at the second path', () => {
      const clash = github.replace('/github', '/webhook');
      expect(problemsOf(yamlWith({ 14: clash, 28: '  - name: tests\n    source: connect-it' }))).toEqual([
        problem(16, 11, 'path /webhook is already used by source "connect-it"'),
      ]);
    });
  });

  it('reports every problem of the file at once, sorted by line', () => {
    const text = [
      'routes:', // 1
      '  - name: transcripts', // 2
      '    to: [team-chta, audit]', // 3
      '    events: invoice.paid', // 4
      "    message: { title: '{{ event.data.headline | shout }}' }", // 5
      'targets:', // 6
      '  team-chat:', // 7
      '    type: pager', // 8
      "  audit: { type: stub, url: '${AUDIT_URL}' }", // 9
      'sources:', // 10
      '  connect-it:', // 11
      '    verify: { scheme: connect-it, secrets: [s3cret] }', // 12
      '    events:', // 13
      '      transcript.completed:', // 14
    ].join('\n');
    expect(problemsOf(text, {})).toEqual([
      problem(3, 10, 'unknown target "team-chta" (known: team-chat, audit)'),
      problem(
        4,
        13,
        'event type "invoice.paid" matches nothing source "connect-it" accepts (transcript.completed)',
      ),
      problem(5, 23, 'template "title" does not parse: undefined filter: shout, line:1, col:1'),
      problem(8, 11, 'unknown target type "pager" (known: stub)'),
      problem(
        9,
        29,
        'environment variable AUDIT_URL is not set and has no default (write ${AUDIT_URL:-default} to give one)',
      ),
    ]);
  });

  it('reports schema violations and unset variables together', () => {
    const problems = problemsOf(
      yamlWith({ 5: '    paht: /webhook', 24: '    filtre: { field: a, eq: 1 }' }),
      {},
    );
    expect(problems).toEqual([
      problem(5, 5, 'unknown key "paht" in sources.connect-it'),
      problem(
        9,
        11,
        'environment variable WEBHOOK_SECRET is not set and has no default (write ${WEBHOOK_SECRET:-default} to give one)',
      ),
      problem(24, 5, 'unknown key "filtre" in routes.0'),
    ]);
  });

  it('throws a ConfigError whose message lists file:line:column of each problem', () => {
    expect(() => load(yamlWith({ 17: '    type: pager' }))).toThrow(
      new ConfigError([problem(17, 11, 'unknown target type "pager" (known: stub)')]),
    );
    try {
      load(yamlWith({ 17: '    type: pager' }));
    } catch (error) {
      expect((error as ConfigError).message).toBe(
        '1 config error:\ngateway.yaml:17:11: unknown target type "pager" (known: stub)',
      );
      expect((error as ConfigError).code).toBe('config_invalid');
    }
  });
});

describe('loadConfig', () => {
  it('throws a ConfigError at line 1 for a missing file', () => {
    const missing = join(tempDir(), 'gateway.yaml');
    expect(() => loadConfig(missing, { env, plugins: stubPlugins })).toThrow(ConfigError);
    try {
      loadConfig(missing, { env, plugins: stubPlugins });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        { file: missing, line: 1, column: 1, message: 'cannot read the config file: ENOENT' },
      ]);
    }
  });

  it('reads the file and resolves schema paths relative to its folder', () => {
    const dir = tempDir();
    cpSync(join(repoRoot, 'config', 'schemas'), join(dir, 'config', 'schemas'), { recursive: true });
    const configFile = join(dir, 'gateway.yaml');
    writeFileSync(configFile, yamlWith());
    const config = loadConfig(configFile, { env, plugins: stubPlugins });
    expect(config.file).toBe(configFile);
    expect([...(config.sources.get('connect-it')?.events.keys() ?? [])]).toEqual([
      'test.completed',
      'transcript.completed',
    ]);
  });

  it('reports problems with the file name it was given', () => {
    const dir = tempDir();
    const configFile = join(dir, 'gateway.yaml');
    writeFileSync(configFile, yamlWith());
    try {
      loadConfig(configFile, { env, plugins: stubPlugins });
      expect.unreachable('the schema files are not beside this config');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems[0]).toMatchObject({ file: configFile, line: 12, column: 17 });
    }
  });
});

describe('loadConfigText: target field families and unknown targets', () => {
  const httpConfig = (message: string, to = 'crm'): string => `
sources:
  connect-it:
    verify: { scheme: connect-it, secrets: ["s"] }
    events: { test.completed: {} }
targets:
  crm: { type: http, url: "https://crm.example.test/hook" }
routes:
  - name: r
    events: test.completed
    to: ${to}
    message: ${message}
`;

  it('accepts header.<Name> and query.<name> fields for http targets', () => {
    const config = loadConfigText(
      'gateway.yaml',
      httpConfig(`{ "header.X-Event": "{{ event.type }}", "query.kind": "{{ event.type }}" }`),
    );
    expect([...(config.routes[0]?.templates.get('crm')?.keys() ?? [])].sort()).toEqual([
      'header.X-Event',
      'query.kind',
    ]);
  });

  it('rejects a header name that is not a valid token, at its key', () => {
    expect(() => loadConfigText('gateway.yaml', httpConfig(`{ "header.X Bad": "v" }`))).toThrow(
      /gateway\.yaml:12:\d+: "X Bad" is not a valid name after "header\."/,
    );
  });

  it('still reports a broken template in a route whose target is unknown', () => {
    expect(() =>
      loadConfigText('gateway.yaml', httpConfig(`{ body: "{{ oops | nofilter }}" }`, 'ghost')),
    ).toThrow(/unknown target "ghost"[\s\S]*template "body" does not parse/);
  });
});

describe('loadConfigText: server listeners, limits and folders', () => {
  it('reads a separate admin listener and the connection limits', () => {
    const { server } = load(
      yamlWith({
        2: '  port: 3221\n  adminPort: 9090\n  adminHost: 127.0.0.1\n  maxConnections: 500\n  idleTimeout: 5s\n  headersTimeout: 4s\n  requestTimeout: 20s',
      }),
    );
    expect(server.admin).toEqual({ port: 9090, host: '127.0.0.1' });
    expect(server.connections).toEqual({
      maxConnections: 500,
      idleTimeoutMs: 5_000,
      headersTimeoutMs: 4_000,
      requestTimeoutMs: 20_000,
    });
  });

  it('refuses an admin port equal to the webhook port, and headers allowed longer than the request', () => {
    expect(problemsOf(yamlWith({ 2: '  port: 3221\n  adminPort: 3221\n  headersTimeout: 1m' }))).toEqual([
      problem(3, 14, 'server.adminPort must differ from server.port (3221)'),
      problem(4, 19, 'server.headersTimeout must not exceed server.requestTimeout'),
    ]);
  });

  it('resolves dataDir and schemaDir against the config file folder, or takes them as given when absolute', () => {
    const relative = load(
      yamlWith({ 2: `  dataDir: var/data\n  schemaDir: ${repoRoot}` }),
      env,
      '/srv/hookgate',
    );
    expect(relative.server.dataDir).toBe('/srv/hookgate/var/data');
    expect(relative.server.schemaDir).toBe(repoRoot);
    expect(load(yamlWith()).server.schemaDir).toBe(repoRoot);
    expect(load(yamlWith(), { ...env, DATA_DIR: '/var/lib/hookgate' }).server.dataDir).toBe(
      '/var/lib/hookgate',
    );
  });

  it('reads schema files from server.schemaDir', () => {
    const { sources } = load(
      yamlWith({
        2: '  schemaDir: config/schemas',
        12: '        schema: test.completed.schema.json',
        14: '        schema: transcript.completed.schema.json',
      }),
    );
    expect(sources.get('connect-it')?.events.get('test.completed')).toBeTypeOf('function');
  });

  it.each(['/admin/hook', '/ADMIN', '/metrics', '/Console/x', '/healthz'])(
    'refuses a source path the gateway serves itself: %s',
    (path) => {
      expect(problemsOf(yamlWith({ 5: `    path: ${path}` }))).toEqual([
        problem(
          5,
          11,
          `path ${path} is under ${path.split('/')[1] === 'healthz' ? '/healthz' : `/${path.split('/')[1]!.toLowerCase()}`}, which the gateway itself serves`,
        ),
      ]);
    },
  );

  it.each(['/webhook/', '//webhook', '/a/./b', '/a/../b', '/a//b'])(
    'refuses the non-canonical source path %s',
    (path) => {
      const [found] = problemsOf(yamlWith({ 5: `    path: ${path}` }));
      expect(found).toMatchObject({ line: 5, column: 11 });
      expect(found?.message).toMatch(/^sources\.connect-it\.path must be a path such as \/webhook/);
    },
  );
});
