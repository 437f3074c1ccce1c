import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../../src/config/load-config.js';
import { gatewayYaml, writeGatewayConfig } from '../../../bench/write-gateway-config.js';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

describe('gatewayYaml', () => {
  const options = {
    repoRoot: '/repo',
    secret: 'abc123',
    sinkUrl: 'http://127.0.0.1:4000/sink',
    targetConcurrency: 16,
  };

  it('routes transcript.completed to an http target at the sink, with no message (passthrough)', () => {
    const doc = parse(gatewayYaml({ ...options, parkDeliveries: false })) as {
      targets: { sink: Record<string, unknown> };
      routes: Record<string, unknown>[];
      sources: { 'connect-it': { verify: { secrets: string[] } } };
    };
    expect(doc.targets.sink).toEqual({ type: 'http', url: 'http://127.0.0.1:4000/sink', concurrency: 16 });
    expect(doc.routes).toEqual([
      { name: 'transcripts-to-sink', source: 'connect-it', events: 'transcript.completed', to: 'sink' },
    ]);
    expect(doc.sources['connect-it'].verify.secrets).toEqual(['abc123']);
  });

  it('uses the PostgreSQL store at $DATABASE_URL for the postgres runs, SQLite otherwise', () => {
    const server = (postgresStore: boolean) =>
      (
        parse(gatewayYaml({ ...options, parkDeliveries: true, postgresStore })) as {
          server: Record<string, unknown>;
        }
      ).server;
    expect(server(true)).toMatchObject({ store: 'postgres', databaseUrl: '${DATABASE_URL}' });
    expect(server(false)).not.toHaveProperty('store');
  });

  it('writes a fixed concurrency as { fixed: N }', () => {
    const doc = parse(
      gatewayYaml({ ...options, targetConcurrency: { fixed: 4 }, parkDeliveries: false }),
    ) as {
      targets: { sink: Record<string, unknown> };
    };
    expect(doc.targets.sink.concurrency).toEqual({ fixed: 4 });
  });

  it('leaves concurrency out (the shipped default) when none is given', () => {
    const doc = parse(gatewayYaml({ ...options, targetConcurrency: undefined, parkDeliveries: false })) as {
      targets: { sink: Record<string, unknown> };
    };
    expect(doc.targets.sink).toEqual({ type: 'http', url: 'http://127.0.0.1:4000/sink' });
  });

  it('parks deliveries at one per second for ingest runs', () => {
    const doc = parse(gatewayYaml({ ...options, parkDeliveries: true })) as {
      targets: { sink: Record<string, unknown> };
    };
    expect(doc.targets.sink.rateLimit).toEqual({ perSecond: 1, burst: 1 });
  });
});

describe('writeGatewayConfig', () => {
  it('writes a config the gateway itself accepts, with the event schemas beside it', () => {
    const run = writeGatewayConfig({
      repoRoot,
      secret: 'abc123',
      sinkUrl: 'http://127.0.0.1:4000/sink',
      targetConcurrency: 16,
      parkDeliveries: true,
    });
    try {
      const config = loadConfig(run.configFile, { env: { PORT: '0', DATA_DIR: run.dataDir } });
      expect(config.routes).toHaveLength(1);
      expect(config.targets.get('sink')?.rateLimit).toEqual({ perSecond: 1, burst: 1 });
    } finally {
      run.remove();
    }
  });
});
