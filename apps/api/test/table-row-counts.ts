import type { Database } from '@vpp/db/database';

/**
 * The number of rows in every table of the product's schema and of the job queue, in one query:
 * what a refused request must leave unchanged.
 */
export async function tableRowCounts(database: Database): Promise<Record<string, number>> {
  const { rows: tables } = await database.pool.query<{ name: string }>(
    `SELECT format('%I.%I', table_schema, table_name) AS name
       FROM information_schema.tables
      WHERE table_type = 'BASE TABLE'
        AND table_schema IN ('public', 'graphile_worker')
        AND table_name <> '_prisma_migrations'
      ORDER BY 1`,
  );
  if (tables.length === 0) return {};
  const sql = tables
    .map(({ name }, index) => `SELECT ${index} AS i, count(*)::int AS n FROM ${name}`)
    .join(' UNION ALL ');
  const { rows } = await database.pool.query<{ i: number; n: number }>(sql);
  const counts: Record<string, number> = {};
  for (const row of rows) counts[(tables[row.i] as { name: string }).name] = row.n;
  return counts;
}
