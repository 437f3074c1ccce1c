import pg, { type CustomTypesConfig } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../../../src/store/postgres/postgres-schema.js';
import { PostgresStore } from '../../../../src/store/postgres/postgres-store.js';
import { createTestSchema, type TestSchema } from '../../../helpers/postgres-schema.js';

const t0 = 1_700_000_000_000;

/** bigint as numbers, as the driver reads them (postgres-driver.ts). */
const builtinParser = pg.types.getTypeParser.bind(pg.types) as (oid: number) => (value: string) => unknown;
const types = {
  getTypeParser: ((oid: number) =>
    oid === 20 ? Number : builtinParser(oid)) as unknown as CustomTypesConfig['getTypeParser'],
};

function enqueue(store: PostgresStore, n: number, target: string, receivedAt = t0) {
  return store.enqueue(
    {
      id: `evt_${n}`,
      source: 'crm',
      type: 't',
      dedupeKey: `k${n}`,
      receivedAt,
      payload: {},
      rawBody: '{}',
    },
    [{ id: `dlv_${n}`, route: 'r', target }],
  );
}

describe('PostgresStore.dueTargets kept between its own enqueues', () => {
  const schemas: TestSchema[] = [];
  const stores: PostgresStore[] = [];

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const schema of schemas.splice(0)) await schema.drop();
  });

  async function twoReplicas(): Promise<[PostgresStore, PostgresStore]> {
    const schema = await createTestSchema();
    schemas.push(schema);
    const open = async () => {
      const pool = new pg.Pool({ connectionString: schema.url, max: 2, types });
      await migratePostgres(pool);
      // A time to live no test outlasts: what the answer shows comes from the rules, not from timing.
      const store = new PostgresStore(pool, { dueTargetsTtlMs: 600_000 });
      stores.push(store);
      return store;
    };
    return [await open(), await open()];
  }

  it('follows its own enqueues and writes, and another replica’s work once that is announced', async () => {
    const [store, other] = await twoReplicas();
    await enqueue(store, 1, 'crm');
    expect(await store.dueTargets()).toEqual([{ target: 'crm', dueAt: t0 }]);

    // Another replica's work, not yet announced (its NOTIFY comes at most a wake-up window later).
    await enqueue(other, 2, 'mail', t0 + 5);
    expect(await store.dueTargets()).toEqual([{ target: 'crm', dueAt: t0 }]);
    store.workArrived();
    expect(await store.dueTargets()).toEqual([
      { target: 'crm', dueAt: t0 },
      { target: 'mail', dueAt: t0 + 5 },
    ]);

    // Its own enqueues: a later one keeps the earliest due time, one of a new target shows at once.
    await enqueue(store, 3, 'crm', t0 + 10);
    await enqueue(store, 4, 'slack', t0 + 20);
    expect(await store.dueTargets()).toEqual([
      { target: 'crm', dueAt: t0 },
      { target: 'mail', dueAt: t0 + 5 },
      { target: 'slack', dueAt: t0 + 20 },
    ]);

    // A claim moves the target's earliest due time (to the next pending one, or the lease's end).
    const claimed = await store.claimDue({ target: 'crm', now: t0 + 30, limit: 1, leaseMs: 1_000 });
    expect(claimed).toHaveLength(1);
    expect((await store.dueTargets())[0]).toEqual({ target: 'crm', dueAt: t0 + 10 });
  });

  it('asks the database every time with a time to live of 0', async () => {
    const [store, other] = await twoReplicas();
    const fresh = new PostgresStore(new pg.Pool({ connectionString: schemas[0]?.url, max: 1, types }), {
      dueTargetsTtlMs: 0,
    });
    stores.push(fresh);
    await enqueue(store, 1, 'crm');
    expect(await fresh.dueTargets()).toEqual([{ target: 'crm', dueAt: t0 }]);
    await enqueue(other, 2, 'mail');
    expect((await fresh.dueTargets()).map((due) => due.target)).toEqual(['crm', 'mail']);
  });
});
