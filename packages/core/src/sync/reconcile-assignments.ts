import type { Assignment } from '@vpp/apple-vpp-client/schemas';
import type pg from 'pg';

// Assignments are written a page at a time with one statement: the page's rows are upserted,
// the ones that were new are counted per app into the run's change list and totals, and the run's
// resume point moves, all in the caller's transaction.

export interface PageProgress {
  syncRunId: string;
  tokenId: string;
  /** The full pass marking rows as seen; null for an incremental sync, which only adds. */
  passId: string | null;
  nextPageIndex: number;
  passVersionId: string;
}

export async function writeAssignmentsPage(
  client: pg.PoolClient,
  assignments: Assignment[],
  progress: PageProgress,
): Promise<number> {
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
  const result = await client.query<{ added: number }>(
    `WITH page AS (
       SELECT DISTINCT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])
              AS p(adam_id, pricing_param, license_type, assignee)
     ), upserted AS (
       INSERT INTO license_assignments (token_id, adam_id, pricing_param, license_type, assignee, seen_in_pass)
       SELECT $1, adam_id, pricing_param, license_type::"LicenseType", assignee, $6::uuid FROM page
       ON CONFLICT (token_id, adam_id, pricing_param, license_type, assignee)
         DO UPDATE SET seen_in_pass = coalesce(EXCLUDED.seen_in_pass, license_assignments.seen_in_pass)
       RETURNING adam_id, pricing_param, (xmax = 0) AS inserted
     ), added AS (
       SELECT adam_id, pricing_param, count(*)::int AS n FROM upserted WHERE inserted GROUP BY adam_id, pricing_param
     ), recorded AS (
       INSERT INTO sync_run_changes (id, sync_run_id, kind, adam_id, pricing_param, app_name, quantity)
       SELECT gen_random_uuid(), $7, 'ASSIGNMENTS_ADDED', a.adam_id, a.pricing_param,
              (SELECT s.name FROM store_apps s WHERE s.token_id = $1 AND s.adam_id = a.adam_id
                 AND s.pricing_param = a.pricing_param), a.n
         FROM added a
       ON CONFLICT (sync_run_id, kind, adam_id, pricing_param)
         DO UPDATE SET quantity = sync_run_changes.quantity + EXCLUDED.quantity
       RETURNING 1
     )
     UPDATE sync_runs
        SET pages_fetched = pages_fetched + 1, next_page_index = $8, pass_version_id = $9,
            assignments_added = assignments_added + (SELECT coalesce(sum(n), 0)::int FROM added)
      WHERE id = $7
      RETURNING (SELECT coalesce(sum(n), 0)::int FROM added) AS added`,
    [
      progress.tokenId,
      adamIds,
      pricingParams,
      licenseTypes,
      assignees,
      progress.passId,
      progress.syncRunId,
      progress.nextPageIndex,
      progress.passVersionId,
    ],
  );
  return result.rows[0]?.added ?? 0;
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
