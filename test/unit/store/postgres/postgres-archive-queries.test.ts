import { afterAll } from 'vitest';
import { openPostgresDriver } from '../../../../src/store/postgres/postgres-driver.js';
import { PostgresStore } from '../../../../src/store/postgres/postgres-store.js';
import { runArchiveContract } from '../../../contract/archive-contract.js';
import { createTestSchema, type TestSchema } from '../../../helpers/postgres-schema.js';

const schemas: TestSchema[] = [];

afterAll(async () => {
  for (const schema of schemas.splice(0)) await schema.drop();
});

// Each case gets its own schema, migrated by the driver as a gateway would.
runArchiveContract('postgres', async () => {
  const schema = await createTestSchema();
  schemas.push(schema);
  const opened = await openPostgresDriver({
    dataDir: '.',
    databaseUrl: schema.url,
    databasePool: 2,
    durability: 'process',
    purpose: 'gateway',
  });
  if (!(opened.store instanceof PostgresStore)) throw new Error('not the postgres store');
  return opened.store;
});
