import { afterAll } from 'vitest';
import type { Store } from '../../../../src/store/store.js';
import { runStoreContract, type StoreFactoryOptions } from '../../../contract/store-contract.js';
import { createTestSchema, type TestSchema, openTestPostgres } from '../../../helpers/postgres-schema.js';

const schemas: TestSchema[] = [];
const schemaOf = new WeakMap<Store, { url: string; options: StoreFactoryOptions }>();

afterAll(async () => {
  for (const schema of schemas.splice(0)) await schema.drop();
});

async function open(url: string, options: StoreFactoryOptions): Promise<Store> {
  const opened = await openTestPostgres(url, options);
  schemaOf.set(opened.store, { url, options });
  return opened.store;
}

runStoreContract(
  'postgres',
  async (options) => {
    const schema = await createTestSchema();
    schemas.push(schema);
    return open(schema.url, options);
  },
  {
    shared: true,
    sibling: (store) => {
      const where = schemaOf.get(store);
      if (!where) throw new Error('not a postgres store of this file');
      return open(where.url, where.options);
    },
  },
);
