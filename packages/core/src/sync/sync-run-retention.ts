import type { Sql } from '@vpp/db/transaction';
import { deleteSyncRunsBefore } from './sync-run-store.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionOptions {
  retentionDays: number;
  /** Runs deleted per statement: each batch is its own short transaction, so syncs are not held up. */
  batchSize?: number;
}

/**
 * Retention of sync runs: deletes the finished runs queued more than `retentionDays` before `now`,
 * with their change lists, batch by batch until none is left. A token's active run and its last
 * successful run are kept whatever their age (the token page shows them).
 */
export async function pruneOldSyncRuns(sql: Sql, now: Date, options: RetentionOptions): Promise<number> {
  const cutoff = new Date(now.getTime() - options.retentionDays * DAY_MS);
  const batchSize = options.batchSize ?? 5000;
  let removed = 0;
  for (;;) {
    const batch = await deleteSyncRunsBefore(sql, cutoff, batchSize);
    removed += batch;
    if (batch < batchSize) return removed;
  }
}
