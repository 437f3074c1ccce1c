import type { PoolClient, QueryResult, QueryResultRow } from 'pg';

/**
 * Sends a store's frequent statements prepared: named, so each connection has the server parse and plan each one
 * once instead of at every call (the intake statement's planning cost the server about a third of its time per
 * group commit). Only for statements that run outside an explicit transaction, so one refused can be sent again.
 *
 * A pooler that cannot keep prepared statements (pgbouncer in transaction mode before 1.21, or without
 * `max_prepared_statements`) hands a later call a server connection that never saw the statement, and the server
 * answers that it does not exist; or hands a call that prepares one a server connection where another client
 * already did, and the server answers that it exists. The refused call ran nothing, so it is sent again unnamed,
 * and so is every later call of this store: the statements work there as before, at the old cost.
 */
export class PreparedStatements {
  private named = true;

  /** False once a pooler refused a prepared statement: every statement goes unnamed from then on. */
  get prepared(): boolean {
    return this.named;
  }

  async query<R extends QueryResultRow>(
    client: PoolClient,
    name: string,
    text: string,
    values: unknown[] = [],
  ): Promise<QueryResult<R>> {
    if (!this.named) return client.query<R>({ text, values });
    try {
      return await client.query<R>({ name, text, values });
    } catch (error) {
      if (!isPoolerRefusal(error)) throw error;
      this.named = false;
      return client.query<R>({ text, values });
    }
  }
}

/**
 * SQLSTATE 26000 (invalid_sql_statement_name): a Bind named a statement this server connection does not have;
 * 42P05 (duplicate_prepared_statement): a Parse named one it already has.
 */
function isPoolerRefusal(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return code === '26000' || code === '42P05';
}
