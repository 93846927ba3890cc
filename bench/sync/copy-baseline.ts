import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

// What PostgreSQL can take at best: the rows a sync wrote, loaded again into a scratch table with
// license_assignments' columns and primary key, by COPY and by plain set-based INSERTs.

export interface AssignmentRow {
  tokenId: string;
  adamId: string;
  pricingParam: string;
  licenseType: string;
  assignee: string;
  addedByRun: string | null;
}

export interface LoadRate {
  label: string;
  rows: number;
  ms: number;
  rowsPerSecond: number;
}

const SCRATCH = 'bench_scratch_assignments';
const COLUMNS = 'token_id, adam_id, pricing_param, license_type, assignee, added_by_run';

export async function readAssignmentRows(pool: pg.Pool, tokenId: string): Promise<AssignmentRow[]> {
  const result = await pool.query<{
    token_id: string;
    adam_id: string;
    pricing_param: string;
    license_type: string;
    assignee: string;
    added_by_run: string | null;
  }>(`SELECT ${COLUMNS} FROM license_assignments WHERE token_id = $1 ORDER BY ctid`, [tokenId]);
  return result.rows.map((row) => ({
    tokenId: row.token_id,
    adamId: row.adam_id,
    pricingParam: row.pricing_param,
    licenseType: row.license_type,
    assignee: row.assignee,
    addedByRun: row.added_by_run,
  }));
}

/** `primaryKey`: the same primary key only; `all`: every index license_assignments has. */
async function createScratchTable(client: pg.PoolClient, indexes: 'primaryKey' | 'all'): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${SCRATCH}`);
  if (indexes === 'all') {
    await client.query(`CREATE TABLE ${SCRATCH} (LIKE license_assignments INCLUDING ALL)`);
  } else {
    await client.query(`CREATE TABLE ${SCRATCH} (LIKE license_assignments INCLUDING DEFAULTS)`);
    await client.query(
      `ALTER TABLE ${SCRATCH} ADD PRIMARY KEY (token_id, adam_id, pricing_param, license_type, assignee)`,
    );
  }
}

function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (char) =>
    char === '\\' ? '\\\\' : char === '\t' ? '\\t' : char === '\n' ? '\\n' : '\\r',
  );
}

function* copyChunks(rows: readonly AssignmentRow[], rowsPerChunk = 1000): Generator<string> {
  for (let start = 0; start < rows.length; start += rowsPerChunk) {
    let chunk = '';
    const end = Math.min(rows.length, start + rowsPerChunk);
    for (let i = start; i < end; i++) {
      const row = rows[i] as AssignmentRow;
      chunk += `${row.tokenId}\t${copyField(row.adamId)}\t${copyField(row.pricingParam)}\t${row.licenseType}\t${copyField(row.assignee)}\t${copyField(row.addedByRun)}\n`;
    }
    yield chunk;
  }
}

async function timed(
  pool: pg.Pool,
  label: string,
  rows: readonly AssignmentRow[],
  indexes: 'primaryKey' | 'all',
  load: (client: pg.PoolClient) => Promise<void>,
): Promise<LoadRate> {
  const client = await pool.connect();
  try {
    await createScratchTable(client, indexes);
    await client.query('CHECKPOINT');
    const started = performance.now();
    await load(client);
    const ms = performance.now() - started;
    const count = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${SCRATCH}`);
    if (count.rows[0]?.n !== rows.length) {
      throw new Error(`${label}: loaded ${count.rows[0]?.n} rows, expected ${rows.length}`);
    }
    await client.query(`DROP TABLE ${SCRATCH}`);
    return { label, rows: rows.length, ms, rowsPerSecond: (rows.length / ms) * 1000 };
  } finally {
    client.release();
  }
}

/** One `COPY ... FROM STDIN` of every row (text format, encoded while streaming). */
export function measureCopy(
  pool: pg.Pool,
  rows: readonly AssignmentRow[],
  indexes: 'primaryKey' | 'all' = 'primaryKey',
): Promise<LoadRate> {
  const label = indexes === 'all' ? 'COPY, all license_assignments indexes' : 'COPY';
  return timed(pool, label, rows, indexes, async (client) => {
    const stream = client.query(copyFrom(`COPY ${SCRATCH} (${COLUMNS}) FROM STDIN`));
    await pipeline(Readable.from(copyChunks(rows)), stream);
  });
}

/**
 * `INSERT ... SELECT FROM unnest(...)` in batches, each in its own transaction; with `upsert`, the
 * same `ON CONFLICT ... DO UPDATE` the sync's page statement carries.
 */
export function measureUnnestInsert(
  pool: pg.Pool,
  rows: readonly AssignmentRow[],
  batchSize: number,
  options: { upsert?: boolean } = {},
): Promise<LoadRate> {
  const label = `INSERT … unnest, ${batchSize.toLocaleString('en-US')}-row transactions${options.upsert ? ', ON CONFLICT DO UPDATE' : ''}`;
  const conflict = options.upsert
    ? `ON CONFLICT (token_id, adam_id, pricing_param, license_type, assignee)
         DO UPDATE SET added_by_run = coalesce(EXCLUDED.added_by_run, ${SCRATCH}.added_by_run)`
    : '';
  return timed(pool, label, rows, 'primaryKey', async (client) => {
    for (let start = 0; start < rows.length; start += batchSize) {
      const batch = rows.slice(start, start + batchSize);
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO ${SCRATCH} (${COLUMNS})
         SELECT $1::uuid, a, p, t::"LicenseType", s, $6::uuid
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS r(a, p, t, s)
         ${conflict}`,
        [
          batch[0]?.tokenId,
          batch.map((row) => row.adamId),
          batch.map((row) => row.pricingParam),
          batch.map((row) => row.licenseType),
          batch.map((row) => row.assignee),
          batch[0]?.addedByRun ?? null,
        ],
      );
      await client.query('COMMIT');
    }
  });
}
