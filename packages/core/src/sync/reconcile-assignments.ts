import type { Assignment } from '@vpp/apple-vpp-client/schemas';
import type { Sql } from '@vpp/db/transaction';
import type pg from 'pg';
import { LeaseLostError } from './sync-run-lease.ts';

// Assignments are written a page at a time, each page one auto-committed statement gated by the
// run's lease, so two pages can be written at once on two connections. New assignments are
// inserted (existing ones are left untouched: no row is rewritten by a sync), and a full pass also
// notes every key it saw in sync_pass_keys; at the end, what the token holds but the pass did not
// see is removed. Writing a page twice is harmless, and what a run added is counted from the rows it
// inserted (`added_by_run`), so a crash between a page and the progress record loses and
// double-counts nothing.

export interface PageWrite {
  syncRunId: string;
  leaseOwner: string;
  tokenId: string;
  /** The full pass noting the keys it sees; null when the pass notes none (incremental, or a first pass). */
  passId: string | null;
  /** Insert without conflict checks: a first pass, first attempt, into a token that holds nothing. */
  plainInsert: boolean;
}

export async function writeAssignmentsPage(
  pool: Sql,
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
  // A token's first pass inserts into an empty set: a plain insert is much cheaper than one that
  // checks for conflicts. Should a key come twice after all (a page written again on resume, a row
  // Apple moved between pages), the page is written again the careful way, and so is the rest.
  const conflictClause = write.plainInsert
    ? ''
    : 'ON CONFLICT (token_id, adam_id, pricing_param, license_type, assignee) DO NOTHING';
  let result: pg.QueryResult<{ leased: boolean }>;
  try {
    result = await pageStatement(pool, conflictClause, write, [
      adamIds,
      pricingParams,
      licenseTypes,
      assignees,
    ]);
  } catch (error) {
    if (!write.plainInsert || (error as { code?: string }).code !== '23505') throw error;
    write.plainInsert = false;
    result = await pageStatement(
      pool,
      'ON CONFLICT (token_id, adam_id, pricing_param, license_type, assignee) DO NOTHING',
      write,
      [adamIds, pricingParams, licenseTypes, assignees],
    );
  }
  if (!result.rows[0]?.leased) throw new LeaseLostError(write.syncRunId);
}

function pageStatement(
  pool: Sql,
  conflictClause: string,
  write: PageWrite,
  [adamIds, pricingParams, licenseTypes, assignees]: string[][],
): Promise<pg.QueryResult<{ leased: boolean }>> {
  return pool.query<{ leased: boolean }>(
    `WITH lease AS (
       SELECT 1 FROM sync_runs WHERE id = $7 AND lease_owner = $8 AND status = 'RUNNING'
     ), page AS (
       SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])
              AS p(adam_id, pricing_param, license_type, assignee)
        WHERE EXISTS (SELECT 1 FROM lease)
     ), seen AS (
       INSERT INTO sync_pass_keys (run_id, pass_id, adam_id, pricing_param, license_type, assignee)
       SELECT $7, $6::uuid, adam_id, pricing_param, license_type, assignee FROM page WHERE $6::uuid IS NOT NULL
     ), added AS (
       INSERT INTO license_assignments (token_id, adam_id, pricing_param, license_type, assignee, added_by_run)
       SELECT $1::uuid, adam_id, pricing_param, license_type::"LicenseType", assignee, $7::uuid FROM page
       ${conflictClause}
     )
     SELECT EXISTS (SELECT 1 FROM lease) AS leased`,
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
}

/**
 * In the run's final transaction: what it added, counted per app from the rows it first inserted,
 * into its change list and totals.
 */
export async function recordAssignmentsAdded(client: Sql, syncRunId: string, tokenId: string): Promise<void> {
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
  client: Sql,
  syncRunId: string,
  tokenId: string,
  passId: string,
): Promise<number> {
  const result = await client.query<{ removed: number }>(
    `WITH removed AS (
       DELETE FROM license_assignments a
        WHERE a.token_id = $1
          AND NOT EXISTS (SELECT 1 FROM sync_pass_keys k
                           WHERE k.pass_id = $2::uuid AND k.adam_id = a.adam_id AND k.pricing_param = a.pricing_param
                             AND k.license_type = a.license_type::text AND k.assignee = a.assignee)
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

/** The pass keys of a run are scratch: gone when the run ends, whatever the outcome. */
export async function forgetPassKeys(client: Sql, syncRunId: string): Promise<void> {
  await client.query('DELETE FROM sync_pass_keys WHERE run_id = $1', [syncRunId]);
}

/** Pass keys left by runs that ended without their final step (a deleted token, a crash at the end). */
export async function forgetOrphanPassKeys(client: Sql): Promise<number> {
  const result = await client.query(
    `DELETE FROM sync_pass_keys k
      WHERE NOT EXISTS (SELECT 1 FROM sync_runs r WHERE r.id = k.run_id AND r.status IN ('QUEUED', 'RUNNING'))`,
  );
  return result.rowCount ?? 0;
}
