/// <reference path="../pg-copy-streams.d.ts" />
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Assignment } from '@vpp/apple-vpp-client/schemas';
import type { Database } from '@vpp/db/database';
import { type Sql, type Transaction, withTransaction } from '@vpp/db/transaction';
import { from as copyFrom } from 'pg-copy-streams';
import { LeaseLostError } from './sync-run-lease.ts';

// Assignments reach PostgreSQL through COPY, a page at a time, each page in its own short
// transaction that first checks, under a key-share lock on the run's row, that the run still holds
// its lease: a worker that lost its lease writes no further page. (The lock does not hold up the
// heartbeat that renews the lease, nor the progress record.)
//
// - A token's first pass, first attempt (it holds nothing): each page is copied straight into
//   license_assignments, marked with the run that added it.
// - Every other pass (a full re-sync, an incremental one, a resumed first pass): each page is copied
//   into sync_pass_keys, the run's scratch list of keys it saw at Apple; the run's final
//   transaction merges them in one set-based statement (what is new is inserted), and a full pass
//   that notes its keys then removes what the token holds but the pass did not see.
//
// Writing a page twice is harmless (the merge skips keys already held), and what a run added is
// counted from the rows it inserted (`added_by_run`), so a crash between a page and the progress
// record loses and double-counts nothing.

export interface PageWrite {
  syncRunId: string;
  leaseOwner: string;
  tokenId: string;
  /** The pass id the page's keys are noted under (a full pass's id; the run's id when incremental). */
  passId: string;
  /** Copy straight into license_assignments: a first pass, first attempt, into a token that holds nothing. */
  direct: boolean;
}

/** One field of COPY's text format: backslash, tab, newline and carriage return escaped. */
function copyField(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (char) =>
        char === '\\' ? '\\\\' : char === '\t' ? '\\t' : char === '\n' ? '\\n' : '\\r',
      )
    : value;
}

/** The page's rows in COPY text format, each line starting with `prefix` (the fixed columns). */
function copyLines(assignments: Assignment[], prefix: string): { text: string; rows: number } {
  let text = '';
  let rows = 0;
  for (const assignment of assignments) {
    const assignee = assignment.serialNumber ?? assignment.clientUserId;
    if (!assignee) continue;
    const type = assignment.serialNumber ? 'DEVICE' : 'USER';
    text += `${prefix}${copyField(assignment.adamId)}\t${copyField(assignment.pricingParam)}\t${type}\t${copyField(assignee)}\n`;
    rows += 1;
  }
  return { text, rows };
}

async function copyInto(tx: Transaction, statement: string, text: string): Promise<void> {
  await pipeline(Readable.from([text]), tx.query(copyFrom(statement)));
}

/** Checks (key-share locking the run's row) that this worker holds the lease; throws when it does not. */
async function holdLease(tx: Transaction, write: PageWrite): Promise<void> {
  const lease = await tx.query(
    `SELECT 1 FROM sync_runs WHERE id = $1 AND lease_owner = $2 AND status = 'RUNNING' FOR KEY SHARE`,
    [write.syncRunId, write.leaseOwner],
  );
  if (lease.rowCount !== 1) throw new LeaseLostError(write.syncRunId);
}

export async function writeAssignmentsPage(
  database: Pick<Database, 'pool'>,
  assignments: Assignment[],
  write: PageWrite,
): Promise<void> {
  if (write.direct) {
    // Should a key come twice after all (a page written again, a row Apple moved between pages),
    // the COPY fails whole and the page goes the careful way, and so does the rest of the pass.
    const { text, rows } = copyLines(assignments, `${write.tokenId}\t${write.syncRunId}\t`);
    if (rows === 0) return;
    try {
      await withTransaction(database, async (tx) => {
        await holdLease(tx, write);
        await copyInto(
          tx,
          'COPY license_assignments (token_id, added_by_run, adam_id, pricing_param, license_type, assignee) FROM STDIN',
          text,
        );
      });
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
      write.direct = false;
    }
  }
  const { text, rows } = copyLines(assignments, `${write.syncRunId}\t${write.passId}\t`);
  if (rows === 0) return;
  await withTransaction(database, async (tx) => {
    await holdLease(tx, write);
    await copyInto(
      tx,
      'COPY sync_pass_keys (run_id, pass_id, adam_id, pricing_param, license_type, assignee) FROM STDIN',
      text,
    );
  });
}

/**
 * In the run's final transaction: every key the run noted that the token does not hold yet is
 * inserted, marked with the run (one set-based statement; a key noted twice is inserted once).
 */
export async function mergeNotedAssignments(client: Sql, syncRunId: string, tokenId: string): Promise<void> {
  await client.query(
    `INSERT INTO license_assignments (token_id, adam_id, pricing_param, license_type, assignee, added_by_run)
     SELECT $2::uuid, k.adam_id, k.pricing_param, k.license_type::"LicenseType", k.assignee, $1::uuid
       FROM sync_pass_keys k
      WHERE k.run_id = $1::uuid
        AND NOT EXISTS (SELECT 1 FROM license_assignments a
                         WHERE a.token_id = $2::uuid AND a.adam_id = k.adam_id AND a.pricing_param = k.pricing_param
                           AND a.license_type = k.license_type::"LicenseType" AND a.assignee = k.assignee)
     ON CONFLICT (token_id, adam_id, pricing_param, license_type, assignee) DO NOTHING`,
    [syncRunId, tokenId],
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
