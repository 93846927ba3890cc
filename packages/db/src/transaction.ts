import type pg from 'pg';
import type { Database } from './database.ts';

/**
 * The one handle raw SQL runs on: the pool (each statement on its own) or a transaction's
 * connection. Stores take this, so the same function serves both.
 */
export type Sql = Pick<pg.Pool, 'query'>;

/** A connection inside `withTransaction`: statements on it commit or roll back together. */
export type Transaction = Pick<pg.PoolClient, 'query'>;

export interface TransactionOptions {
  isolation?: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';
}

/**
 * Runs `body` in one transaction: committed when it returns, rolled back when it throws. This is
 * the only place in the code base that writes BEGIN, COMMIT and ROLLBACK.
 */
export async function withTransaction<T>(
  database: Pick<Database, 'pool'>,
  body: (tx: Transaction) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const client = await database.pool.connect();
  let broken = false;
  try {
    await client.query(options.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation}` : 'BEGIN');
    let result: T;
    try {
      result = await body(client);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    }
    await client.query('COMMIT');
    return result;
  } catch (error) {
    broken = true;
    throw error;
  } finally {
    // A connection whose transaction state is unknown is not handed back to the pool.
    client.release(broken ? true : undefined);
  }
}
