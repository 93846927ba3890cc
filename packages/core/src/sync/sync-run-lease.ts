import type pg from 'pg';

// A sync run is worked on by one worker at a time: the worker holds a lease on the run and renews it
// while it works. Every write of the run is fenced by the lease, so a worker that stalled past its
// lease cannot commit after another has taken over; a crashed worker's lease simply runs out.

export class LeaseLostError extends Error {
  constructor(syncRunId: string) {
    super(`lost the lease on sync run ${syncRunId}`);
    this.name = 'LeaseLostError';
  }
}

export interface LeasedRun {
  id: string;
  tokenId: string;
  kind: 'FULL' | 'INCREMENTAL';
  nextPageIndex: number;
  passId: string | null;
  passNotesKeys: boolean;
  passVersionId: string | null;
  attempts: number;
}

/** Takes the lease if the run is still to do and nobody holds a live lease; null otherwise. */
export async function acquireRunLease(
  pool: pg.Pool,
  syncRunId: string,
  owner: string,
  leaseMs: number,
): Promise<LeasedRun | null> {
  const result = await pool.query<{
    id: string;
    token_id: string;
    kind: 'FULL' | 'INCREMENTAL';
    next_page_index: number;
    pass_id: string | null;
    pass_notes_keys: boolean;
    pass_version_id: string | null;
    attempts: number;
  }>(
    `UPDATE sync_runs
        SET status = 'RUNNING', started_at = coalesce(started_at, now()), attempts = attempts + 1,
            lease_owner = $2, lease_expires_at = now() + $3 * interval '1 millisecond'
      WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')
        AND (lease_owner IS NULL OR lease_expires_at < now() OR lease_owner = $2)
      RETURNING id, token_id, kind, next_page_index, pass_id, pass_notes_keys, pass_version_id, attempts`,
    [syncRunId, owner, leaseMs],
  );
  const row = result.rows[0];
  if (!row) return null;
  return {
    id: row.id,
    tokenId: row.token_id,
    kind: row.kind,
    nextPageIndex: row.next_page_index,
    passId: row.pass_id,
    passNotesKeys: row.pass_notes_keys,
    passVersionId: row.pass_version_id,
    attempts: row.attempts,
  };
}

export async function renewRunLease(
  pool: pg.Pool,
  syncRunId: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  const result = await pool.query(
    `UPDATE sync_runs SET lease_expires_at = now() + $3 * interval '1 millisecond'
      WHERE id = $1 AND lease_owner = $2 AND status = 'RUNNING'`,
    [syncRunId, owner, leaseMs],
  );
  return result.rowCount === 1;
}

/** Lets another attempt take the run at once (after a transient failure the queue will retry). */
export async function releaseRunLease(pool: pg.Pool, syncRunId: string, owner: string): Promise<void> {
  await pool.query(
    `UPDATE sync_runs SET lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_owner = $2`,
    [syncRunId, owner],
  );
}

/** Runs `work` in a transaction that commits only while this worker still holds the lease. */
export async function inLeasedTransaction<T>(
  pool: pg.Pool,
  syncRunId: string,
  owner: string,
  leaseMs: number,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const fence = await client.query(
      `UPDATE sync_runs SET lease_expires_at = now() + $3 * interval '1 millisecond'
        WHERE id = $1 AND lease_owner = $2 AND status = 'RUNNING'`,
      [syncRunId, owner, leaseMs],
    );
    if (fence.rowCount !== 1) throw new LeaseLostError(syncRunId);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
