import type { Orm } from './orm.js';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<void>;
}

/**
 * Runs a named (server-side prepared) statement on a connection of the ORM's
 * own pool. For the reads every request makes: PostgreSQL plans them once
 * per connection instead of on every call. `text` uses $1-style parameters.
 */
export async function preparedQuery<Row>(
  orm: Orm,
  name: string,
  text: string,
  values: unknown[],
): Promise<Row | undefined> {
  return (await preparedRows<Row>(orm, name, text, values))[0];
}

/** `preparedQuery`, answering every row. */
export async function preparedRows<Row>(
  orm: Orm,
  name: string,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  const client = orm.em.getConnection().getKnex().client as unknown as KnexClient;
  const connection = await client.acquireConnection();
  try {
    const result = await connection.query({ name, text, values });
    return result.rows as Row[];
  } finally {
    await client.releaseConnection(connection);
  }
}
