import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parseDocument, stringify } from 'yaml';
import { loadConfigText } from '../../src/config/load-config.js';
import type { JsonObject } from '../../src/types.js';
import { repoRoot } from '../helpers/test-gateway.js';

/** Every ```yaml block of the README, with the line it starts on. */
function yamlSnippets(): { line: number; text: string }[] {
  const lines = readFileSync(join(repoRoot, 'README.md'), 'utf8').split('\n');
  const snippets: { line: number; text: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```yaml') continue;
    const start = i + 1;
    while (i + 1 < lines.length && lines[i + 1]?.trim() !== '```') i++;
    snippets.push({ line: start + 1, text: lines.slice(start, i + 1).join('\n') });
  }
  return snippets;
}

/** What a reader has beside a partial snippet: the shipped source, so routes and targets have something to meet. */
const base = {
  sources: {
    'connect-it': {
      verify: { scheme: 'connect-it', secrets: ['${WEBHOOK_SECRET}'] },
      events: {
        'test.completed': { schema: 'config/schemas/test.completed.schema.json' },
        'transcript.completed': { schema: 'config/schemas/transcript.completed.schema.json' },
      },
    },
  },
  targets: { 'team-slack': { type: 'slack', webhookUrl: '${SLACK_WEBHOOK_URL}' } },
  routes: [] as JsonObject[],
};

/** Values of the right form for every variable the snippets use. */
const env = {
  WEBHOOK_SECRET: 'whsec-demo',
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX',
  SLACK_BOT_TOKEN: 'xoxb-000-000-xxxx',
  SMTP_USER: 'mailer',
  SMTP_PASS: 'secret',
  CRM_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  GITHUB_WEBHOOK_SECRET: 'github-demo-secret',
  STRIPE_SIGNING_SECRET: 'whsec_stripe_demo_secret',
  ACME_SECRET: 'acme-demo-secret',
  DATABASE_URL: 'postgres://hookgate:pw@127.0.0.1:5432/hookgate',
};

/** A snippet as the whole config it belongs to: config sections merged into `base`, a bare filter put in a route. */
function asConfig(snippet: JsonObject): JsonObject {
  if ('filter' in snippet && Object.keys(snippet).length === 1)
    return {
      ...base,
      routes: [
        {
          name: 'filtered',
          events: 'transcript.completed',
          to: 'team-slack',
          filter: snippet.filter ?? null,
        },
      ],
    };
  return {
    ...base,
    ...snippet,
    sources: { ...base.sources, ...((snippet.sources ?? {}) as JsonObject) },
    targets: { ...base.targets, ...((snippet.targets ?? {}) as JsonObject) },
    routes: [...base.routes, ...((snippet.routes ?? []) as JsonObject[])],
  };
}

const configKeys = ['server', 'sources', 'targets', 'routes', 'filter'];

describe('every YAML snippet in the README', () => {
  const snippets = yamlSnippets();

  it('is found', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(5);
  });

  it.each(snippets.map((s) => [s.line, s.text] as const))(
    'at README.md:%i parses and, if config, passes check',
    (line, text) => {
      if (/^apiVersion:/m.test(text)) {
        for (const doc of parseAllDocuments(text) as ReturnType<typeof parseDocument>[])
          expect(doc.errors).toEqual([]);
        return;
      }
      const doc = parseDocument(text, { uniqueKeys: true });
      expect(doc.errors.map((e) => e.message)).toEqual([]);
      const snippet = doc.toJS() as JsonObject;
      expect(Object.keys(snippet).some((key) => configKeys.includes(key))).toBe(true);
      // Through the real loader, as `hookgate check` would see it.
      expect(() =>
        loadConfigText(`README.md:${line}`, stringify(asConfig(snippet)), { env, baseDir: repoRoot }),
      ).not.toThrow();
    },
  );
});

describe('the Kubernetes example', () => {
  const manifest = yamlSnippets().find((s) => /^kind: Deployment$/m.test(s.text));

  it('is a Deployment whose volume the node user can write, whose config can be reloaded, with room in memory', () => {
    expect(manifest).toBeDefined();
    const deployment = parseDocument(manifest!.text).toJS() as {
      spec: { template: { spec: { securityContext: { fsGroup: number }; containers: JsonObject[] } } };
    };
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext.fsGroup).toBe(1000);
    const hookgate = pod.containers.find((c) => c.name === 'hookgate') as {
      resources: { requests: { memory: string } };
      volumeMounts: JsonObject[];
    };
    // A subPath mount is never updated: a reload could not see an edited ConfigMap.
    for (const mount of hookgate.volumeMounts) expect(mount).not.toHaveProperty('subPath');
    // Above the idle RSS measured for the README (123 MiB on the image's Node 24).
    expect(Number.parseInt(hookgate.resources.requests.memory, 10)).toBeGreaterThan(128);
  });
});
