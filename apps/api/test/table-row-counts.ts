import type { Database } from '@vpp/db/database';

const countQueries = new WeakMap<Database, Promise<{ names: string[]; sql: string }>>();

/** One query counting every table of the product's schema and of the job queue (found once). */
function countQuery(database: Database): Promise<{ names: string[]; sql: string }> {
  let query = countQueries.get(database);
  if (!query) {
    query = database.pool
      .query<{ name: string }>(
        `SELECT format('%I.%I', table_schema, table_name) AS name
           FROM information_schema.tables
          WHERE table_type = 'BASE TABLE'
            AND table_schema IN ('public', 'graphile_worker')
            AND table_name <> '_prisma_migrations'
          ORDER BY 1`,
      )
      .then(({ rows }) => ({
        names: rows.map((row) => row.name),
        sql: rows
          .map((row, index) => `SELECT ${index} AS i, count(*)::int AS n FROM ${row.name}`)
          .join(' UNION ALL '),
      }));
    countQueries.set(database, query);
  }
  return query;
}

/** The number of rows in every table: what a refused request must leave unchanged. */
export async function tableRowCounts(database: Database): Promise<Record<string, number>> {
  const { names, sql } = await countQuery(database);
  if (names.length === 0) return {};
  // Named, so PostgreSQL plans the query once per connection.
  const { rows } = await database.pool.query<{ i: number; n: number }>({
    name: 'table-row-counts',
    text: sql,
  });
  const counts: Record<string, number> = {};
  for (const row of rows) counts[names[row.i] as string] = row.n;
  return counts;
}
