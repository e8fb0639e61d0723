import type pg from 'pg';
import type { Orm } from '../orm.js';
import { isForeignKeyViolation, isTransientConflict, translateDatabaseError } from '../database-errors.js';

/**
 * One SQL statement: its text with `$1`-style placeholders, the types of
 * its parameters (a tuple, in placeholder order) and the type of its rows.
 * Values always travel as bind parameters, apart from the text: nothing a
 * client sends is ever spliced into SQL, escaped or not.
 */
export interface Statement<Params extends readonly unknown[], Row> {
  readonly text: string;
  /** Set for statements on every request's path: prepared once per connection instead of planned on every call. */
  readonly name: string | undefined;
  /** Types only (never set): the compiler checks calls against them. */
  readonly types?: { readonly params: Params; readonly row: Row };
}

/** Declares a statement; `Row` is `never` for statements that answer no rows. */
export function sql<Params extends readonly unknown[] = [], Row = never>(
  text: string,
  options: { readonly prepare?: string } = {},
): Statement<Params, Row> {
  return { text, name: options.prepare };
}

/** What runs statements: the pool, or one transaction's connection. */
export interface Queries {
  /** Every row. */
  rows<P extends readonly unknown[], R>(statement: Statement<P, R>, ...values: P): Promise<R[]>;
  /** The first row, if any. */
  first<P extends readonly unknown[], R>(statement: Statement<P, R>, ...values: P): Promise<R | undefined>;
  /** How many rows it wrote. */
  run<P extends readonly unknown[], R>(statement: Statement<P, R>, ...values: P): Promise<number>;
}

/** The methods of knex's client that lend a pg connection and take it back, and its (tarn) pool. */
interface ConnectionPool {
  acquireConnection(): Promise<pg.ClientBase>;
  releaseConnection(connection: pg.ClientBase): Promise<unknown>;
  readonly pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number } | undefined;
}

/**
 * Statements on the ORM's own pool (the connections MikroORM's knex holds),
 * run through node-postgres directly: MikroORM 6 would inline every value
 * into the SQL text (`Connection.execute`), which is what this avoids.
 */
export class Database implements Queries {
  private readonly pool: ConnectionPool;

  constructor(orm: Orm) {
    this.pool = orm.em.getConnection().getKnex().client;
  }

  rows<P extends readonly unknown[], R>(statement: Statement<P, R>, ...values: P): Promise<R[]> {
    return this.using(async (connection) => (await execute(connection, statement, values)).rows);
  }

  async first<P extends readonly unknown[], R>(
    statement: Statement<P, R>,
    ...values: P
  ): Promise<R | undefined> {
    return (await this.rows(statement, ...values))[0];
  }

  run<P extends readonly unknown[], R>(statement: Statement<P, R>, ...values: P): Promise<number> {
    return this.using(async (connection) => (await execute(connection, statement, values)).rowCount ?? 0);
  }

  /** Connections lent out, idle, and the callers waiting for one (for the metrics). */
  poolStats(): { inUse: number; idle: number; waiting: number } {
    const pool = this.pool.pool;
    return {
      inUse: pool?.numUsed() ?? 0,
      idle: pool?.numFree() ?? 0,
      waiting: pool?.numPendingAcquires() ?? 0,
    };
  }

  /** Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (queries: Queries) => Promise<T>): Promise<T> {
    return this.using(async (connection) => {
      await connection.query('begin');
      try {
        const result = await work(onConnection(connection));
        await connection.query('commit');
        return result;
      } catch (error) {
        await connection.query('rollback').catch(() => {});
        throw error;
      }
    });
  }

  private async using<T>(work: (connection: pg.ClientBase) => Promise<T>): Promise<T> {
    // A deadlock or serialization failure rolled the statement (or the transaction) back whole:
    // running it again is safe, and it usually passes once the other side has committed. So is a
    // foreign key that failed because a row was deleted while the statement ran: its snapshot still
    // saw the row, its checks did not; run once more, the statement's own filters see it gone.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(work);
      } catch (error) {
        const again = isTransientConflict(error)
          ? attempt < ATTEMPTS
          : isForeignKeyViolation(error) && attempt === 1;
        if (!again) throw translateDatabaseError(error);
        await new Promise((resolve) => setTimeout(resolve, attempt * 5 + Math.random() * 10));
      }
    }
  }

  private async once<T>(work: (connection: pg.ClientBase) => Promise<T>): Promise<T> {
    const connection = await this.pool.acquireConnection();
    try {
      return await work(connection);
    } finally {
      await this.pool.releaseConnection(connection);
    }
  }
}

/** Runs of a statement or transaction that PostgreSQL rolled back as the loser of a conflict. */
const ATTEMPTS = 3;

function onConnection(connection: pg.ClientBase): Queries {
  return {
    rows: async (statement, ...values) => (await execute(connection, statement, values)).rows,
    first: async (statement, ...values) => (await execute(connection, statement, values)).rows[0],
    run: async (statement, ...values) => (await execute(connection, statement, values)).rowCount ?? 0,
  };
}

function execute<R>(
  connection: pg.ClientBase,
  statement: Statement<readonly unknown[], R>,
  values: readonly unknown[],
): Promise<pg.QueryResult<R & pg.QueryResultRow>> {
  return connection.query<R & pg.QueryResultRow>({
    text: statement.text,
    values: [...values],
    ...(statement.name !== undefined && { name: statement.name }),
  });
}
