import { afterAll } from 'vitest';
import { PostgresStore } from '../../../../src/store/postgres/postgres-store.js';
import { runArchiveContract } from '../../../contract/archive-contract.js';
import { createTestSchema, type TestSchema, openTestPostgres } from '../../../helpers/postgres-schema.js';

const schemas: TestSchema[] = [];

afterAll(async () => {
  for (const schema of schemas.splice(0)) await schema.drop();
});

// Each case gets its own schema, migrated by the driver as a gateway would.
runArchiveContract('postgres', async () => {
  const schema = await createTestSchema();
  schemas.push(schema);
  const opened = await openTestPostgres(schema.url);
  if (!(opened.store instanceof PostgresStore)) throw new Error('not the postgres store');
  return opened.store;
});
