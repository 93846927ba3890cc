import type { Assignment } from '@vpp/apple-vpp-client/schemas';
import type pg from 'pg';
import { LeaseLostError } from './sync-run-lease.ts';

// Assignments are written a page at a time, each page one auto-committed statement gated by the
// run's lease, so two pages can be written at once on two connections. Writing a page twice is
// harmless (an upsert), and what a run added is counted from the rows it first inserted
// (`added_by_run`), so a crash between a page and the progress record loses and double-counts nothing.

export interface PageWrite {
  syncRunId: string;
  leaseOwner: string;
  tokenId: string;
  /** The full pass marking rows as seen; null for an incremental sync, which only adds. */
  passId: string | null;
}

export async function writeAssignmentsPage(
  pool: pg.Pool,
  assignments: Assignment[],
  write: PageWrite,
): Promise<void> {
  const adamIds: string[] = [];
  const pricingParams: string[] = [];
  const licenseTypes: string[] = [];
  const assignees: string[] = [];
  for (const assignment of assignments) {
    const assignee = assignment.serialNumber ?? assignment.clientUserId;
    if (!assignee) continue;
    adamIds.push(assignment.adamId);
    pricingParams.push(assignment.pricingParam);
    licenseTypes.push(assignment.serialNumber ? 'DEVICE' : 'USER');
    assignees.push(assignee);
  }
  const result = await pool.query<{ leased: boolean }>(
    `WITH lease AS (
       SELECT 1 FROM sync_runs WHERE id = $7 AND lease_owner = $8 AND status = 'RUNNING' FOR SHARE
     ), page AS (
       SELECT DISTINCT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])
              AS p(adam_id, pricing_param, license_type, assignee)
        WHERE EXISTS (SELECT 1 FROM lease)
     ), upserted AS (
       INSERT INTO license_assignments (token_id, adam_id, pricing_param, license_type, assignee, seen_in_pass, added_by_run)
       SELECT $1, adam_id, pricing_param, license_type::"LicenseType", assignee, $6::uuid, $7 FROM page
       ON CONFLICT (token_id, adam_id, pricing_param, license_type, assignee)
         DO UPDATE SET seen_in_pass = coalesce(EXCLUDED.seen_in_pass, license_assignments.seen_in_pass)
       RETURNING 1
     )
     SELECT EXISTS (SELECT 1 FROM lease) AS leased, (SELECT count(*) FROM upserted) AS written`,
    [
      write.tokenId,
      adamIds,
      pricingParams,
      licenseTypes,
      assignees,
      write.passId,
      write.syncRunId,
      write.leaseOwner,
    ],
  );
  if (!result.rows[0]?.leased) throw new LeaseLostError(write.syncRunId);
}

/** Where a resumed run starts again: every page before `nextPageIndex` is committed. */
export async function recordPageProgress(
  pool: pg.Pool,
  write: PageWrite,
  progress: { nextPageIndex: number; pagesFetched: number; passVersionId: string },
): Promise<void> {
  const result = await pool.query(
    `UPDATE sync_runs SET next_page_index = $3, pages_fetched = pages_fetched + $4, pass_version_id = $5,
            lease_expires_at = greatest(lease_expires_at, now())
      WHERE id = $1 AND lease_owner = $2 AND status = 'RUNNING'`,
    [
      write.syncRunId,
      write.leaseOwner,
      progress.nextPageIndex,
      progress.pagesFetched,
      progress.passVersionId,
    ],
  );
  if (result.rowCount !== 1) throw new LeaseLostError(write.syncRunId);
}

/**
 * In the run's final transaction: what it added, counted per app from the rows it first inserted,
 * into its change list and totals.
 */
export async function recordAssignmentsAdded(
  client: pg.PoolClient,
  syncRunId: string,
  tokenId: string,
): Promise<void> {
  await client.query(
    `WITH counted AS (
       SELECT adam_id, pricing_param, count(*)::int AS n FROM license_assignments
        WHERE added_by_run = $1 AND token_id = $2 GROUP BY adam_id, pricing_param
     ), recorded AS (
       INSERT INTO sync_run_changes (id, sync_run_id, kind, adam_id, pricing_param, app_name, quantity)
       SELECT gen_random_uuid(), $1, 'ASSIGNMENTS_ADDED', c.adam_id, c.pricing_param,
              (SELECT s.name FROM store_apps s WHERE s.token_id = $2 AND s.adam_id = c.adam_id
                 AND s.pricing_param = c.pricing_param), c.n
         FROM counted c
       ON CONFLICT (sync_run_id, kind, adam_id, pricing_param) DO UPDATE SET quantity = EXCLUDED.quantity
       RETURNING 1
     )
     UPDATE sync_runs SET assignments_added = (SELECT coalesce(sum(n), 0)::int FROM counted) WHERE id = $1`,
    [syncRunId, tokenId],
  );
}

/** At the end of a full pass: what Apple no longer lists is removed, counted per app. */
export async function removeAssignmentsNotSeen(
  client: pg.PoolClient,
  syncRunId: string,
  tokenId: string,
  passId: string,
): Promise<number> {
  const result = await client.query<{ removed: number }>(
    `WITH removed AS (
       DELETE FROM license_assignments WHERE token_id = $1 AND seen_in_pass IS DISTINCT FROM $2::uuid
       RETURNING adam_id, pricing_param
     ), counted AS (
       SELECT adam_id, pricing_param, count(*)::int AS n FROM removed GROUP BY adam_id, pricing_param
     ), recorded AS (
       INSERT INTO sync_run_changes (id, sync_run_id, kind, adam_id, pricing_param, app_name, quantity)
       SELECT gen_random_uuid(), $3, 'ASSIGNMENTS_REMOVED', c.adam_id, c.pricing_param,
              (SELECT s.name FROM store_apps s WHERE s.token_id = $1 AND s.adam_id = c.adam_id
                 AND s.pricing_param = c.pricing_param), c.n
         FROM counted c
       ON CONFLICT (sync_run_id, kind, adam_id, pricing_param)
         DO UPDATE SET quantity = sync_run_changes.quantity + EXCLUDED.quantity
       RETURNING 1
     )
     UPDATE sync_runs SET assignments_removed = assignments_removed + (SELECT coalesce(sum(n), 0)::int FROM counted)
      WHERE id = $3
      RETURNING (SELECT coalesce(sum(n), 0)::int FROM counted) AS removed`,
    [tokenId, passId, syncRunId],
  );
  return result.rows[0]?.removed ?? 0;
}
