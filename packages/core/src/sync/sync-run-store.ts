import type { Db } from '@vpp/db/database';
import type { SyncKind, SyncTrigger } from '@vpp/db/enums';
import type { Sql } from '@vpp/db/transaction';
import {
  requireSyncRunTransition,
  type SyncRunEvent,
  statusesAccepting,
  type TokenMark,
  type TokenSyncEffect,
} from '@vpp/domain/sync/sync-run-lifecycle';
import { type HeldStoreApp, heldStoreAppsJson, toHeldStoreApps } from './reconcile-store-apps.ts';
import { LeaseLostError } from './sync-run-lease.ts';

// Every statement on a sync run's lifecycle and on the token's sync columns (active run, last sync,
// error, backoff, checkpoint, next scheduled sync). The transitions themselves are decided in
// `@vpp/domain/sync/sync-run-lifecycle`; this file only turns them into SQL. The rows a sync writes
// (store apps, license assignments, their change counts) live in reconcile-*.ts.

/** Either handle: Prisma (inside the API's transactions) or raw SQL (inside the worker's). */
type AnyDb = Db | Sql;

function isPrisma(db: AnyDb): db is Db {
  return typeof (db as Partial<Db>).$queryRawUnsafe === 'function';
}

async function rows<T>(db: AnyDb, text: string, params: unknown[]): Promise<T[]> {
  if (isPrisma(db)) return db.$queryRawUnsafe<T[]>(text, ...params);
  return (await db.query(text, params)).rows as T[];
}

// ---------------------------------------------------------------------------------------------
// The run

export interface LeasedRun {
  id: string;
  tokenId: string;
  kind: SyncKind;
  nextPageIndex: number;
  passId: string | null;
  passNotesKeys: boolean;
  passVersionId: string | null;
  attempts: number;
}

const accepting = (event: SyncRunEvent) =>
  `(${statusesAccepting(event)
    .map((s) => `'${s}'`)
    .join(', ')})`;

/** REQUEST, first half: the token's slot, locked for the rest of the caller's transaction. */
export async function lockSyncSlot(tx: Db, tokenId: string): Promise<{ activeSyncRunId: string | null }> {
  const [token] = await rows<{ active_sync_run_id: string | null }>(
    tx,
    'SELECT active_sync_run_id FROM vpp_tokens WHERE id = $1::uuid FOR UPDATE',
    [tokenId],
  );
  if (!token) throw new Error(`token ${tokenId} does not exist`);
  return { activeSyncRunId: token.active_sync_run_id };
}

/** REQUEST on a token with no active run: a QUEUED run that takes the token's slot. */
export async function createRun(
  tx: Db,
  tokenId: string,
  kind: SyncKind,
  trigger: SyncTrigger,
): Promise<string> {
  const transition = requireSyncRunTransition('NONE', 'REQUEST');
  const run = await tx.syncRun.create({ data: { tokenId, kind, trigger, status: transition.to } });
  await writeTokenSyncColumns(tx, tokenId, run.id, transition.token, {});
  return run.id;
}

/**
 * REQUEST for many tokens at once, in one statement: each listed token with no active run gets a
 * QUEUED run in its slot and a job (`job` names the job and its key prefix); a token whose slot is
 * taken is left as it is. `kind` 'SCHEDULED' means incremental, or full once the token's last full
 * sync is `fullEveryMs` old. Returns the runs created, by token.
 */
export async function createRuns(
  db: AnyDb,
  tokenIds: readonly string[],
  request: {
    kind: SyncKind | 'SCHEDULED';
    trigger: SyncTrigger;
    fullEveryMs: number;
    job: { identifier: string; keyPrefix: string; maxAttempts: number };
  },
): Promise<{ tokenId: string; syncRunId: string }[]> {
  const transition = requireSyncRunTransition('NONE', 'REQUEST');
  if (transition.token.activeSyncRun !== 'set') throw new Error('REQUEST no longer takes the slot');
  return rows<{ tokenId: string; syncRunId: string }>(
    db,
    `WITH free AS (
       SELECT t.id, t.last_full_sync_at FROM vpp_tokens t
        WHERE t.id = ANY($1::uuid[]) AND t.active_sync_run_id IS NULL
        ORDER BY t.id
          FOR UPDATE
     ), runs AS (
       INSERT INTO sync_runs (id, token_id, kind, trigger, status)
       SELECT gen_random_uuid(), f.id,
              (CASE WHEN $2::text <> 'SCHEDULED' THEN $2::text
                    WHEN f.last_full_sync_at IS NULL
                      OR f.last_full_sync_at <= now() - $4::int * interval '1 millisecond' THEN 'FULL'
                    ELSE 'INCREMENTAL' END)::"SyncKind",
              $3::"SyncTrigger", $5::"SyncStatus"
         FROM free f
       RETURNING id, token_id
     ), slots AS (
       UPDATE vpp_tokens t SET active_sync_run_id = r.id FROM runs r WHERE t.id = r.token_id RETURNING t.id
     ), jobs AS (
       SELECT graphile_worker.add_jobs(array_agg(
                ROW($6::text, json_build_object('syncRunId', r.id), NULL, NULL, $7::smallint,
                    $8::text || r.id::text, NULL, NULL)::graphile_worker.job_spec)) AS added
         FROM runs r HAVING count(*) > 0
     )
     SELECT r.token_id AS "tokenId", r.id AS "syncRunId"
       FROM runs r
      WHERE (SELECT count(*) FROM slots) >= 0 AND (SELECT count(*) FROM jobs) >= 0`,
    [
      tokenIds,
      request.kind,
      request.trigger,
      request.fullEveryMs,
      transition.to,
      request.job.identifier,
      request.job.maxAttempts,
      request.job.keyPrefix,
    ],
  );
}

/**
 * REQUEST or LEASE_EXPIRE on an active run: true when its worker died (its lease ran out) or no job
 * is left to work on it, so the caller gives it a fresh job.
 */
export async function isStalled(db: AnyDb, syncRunId: string): Promise<boolean> {
  const [run] = await rows<{ stalled: boolean }>(
    db,
    `SELECT (r.status = 'RUNNING' AND (r.lease_expires_at IS NULL OR r.lease_expires_at < now()))
            OR NOT EXISTS (SELECT 1 FROM graphile_worker.jobs j WHERE j.key = 'sync-run:' || r.id::text
                              AND (j.locked_at IS NULL OR j.locked_at > now() - interval '4 hours')
                              AND j.attempts < j.max_attempts) AS stalled
       FROM sync_runs r WHERE r.id = $1::uuid AND r.status IN ${accepting('REQUEST')}`,
    [syncRunId],
  );
  return run?.stalled ?? false;
}

export async function listActiveRunIds(db: AnyDb): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    `SELECT id FROM sync_runs WHERE status IN ${accepting('REQUEST')} ORDER BY id`,
    [],
  );
  return found.map((row) => row.id);
}

export async function runStatus(db: Sql, syncRunId: string): Promise<string | null> {
  const result = await db.query<{ status: string }>('SELECT status FROM sync_runs WHERE id = $1', [
    syncRunId,
  ]);
  return result.rows[0]?.status ?? null;
}

/**
 * TAKE_LEASE: taken if the run is still to do and nobody holds a live lease; null otherwise. The
 * same statement reads what the sync needs of the token (null when the token was deleted) and the
 * store apps it holds (written by no one else while the run holds the lease).
 */
export async function takeLease(
  db: Sql,
  syncRunId: string,
  owner: string,
  leaseMs: number,
): Promise<(LeasedRun & { token: TokenForSync | null; heldStoreApps: HeldStoreApp[] }) | null> {
  const transition = requireSyncRunTransition('QUEUED', 'TAKE_LEASE');
  const result = await db.query<{
    id: string;
    token_id: string;
    kind: SyncKind;
    next_page_index: number;
    pass_id: string | null;
    pass_notes_keys: boolean;
    pass_version_id: string | null;
    attempts: number;
    s_token_encrypted: Buffer | null;
    assignments_version_id: string | null;
    last_full_sync_at: Date | null;
    held_store_apps: Parameters<typeof toHeldStoreApps>[0];
  }>(
    `WITH taken AS (
       UPDATE sync_runs
          SET status = $4, started_at = coalesce(started_at, now()), attempts = attempts + 1,
              lease_owner = $2, lease_expires_at = now() + $3 * interval '1 millisecond'
        WHERE id = $1 AND status IN ${accepting('TAKE_LEASE')}
          AND (lease_owner IS NULL OR lease_expires_at < now() OR lease_owner = $2)
        RETURNING id, token_id, kind, next_page_index, pass_id, pass_notes_keys, pass_version_id, attempts
     )
     SELECT taken.*, t.s_token_encrypted, t.assignments_version_id, t.last_full_sync_at,
            ${heldStoreAppsJson('taken.token_id')} AS held_store_apps
       FROM taken LEFT JOIN vpp_tokens t ON t.id = taken.token_id`,
    [syncRunId, owner, leaseMs, transition.to],
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
    token: row.s_token_encrypted
      ? {
          sTokenEncrypted: row.s_token_encrypted,
          assignmentsVersionId: row.assignments_version_id,
          lastFullSyncAt: row.last_full_sync_at,
        }
      : null,
    heldStoreApps: toHeldStoreApps(row.held_store_apps),
  };
}

/** Extends the lease while this worker holds it; false when it has lost it. */
export async function renewLease(
  db: Sql,
  syncRunId: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  const result = await db.query(
    `UPDATE sync_runs SET lease_expires_at = now() + $3 * interval '1 millisecond'
      WHERE id = $1 AND lease_owner = $2 AND status = 'RUNNING'`,
    [syncRunId, owner, leaseMs],
  );
  return result.rowCount === 1;
}

/** Where a resumed run starts again: every page before `nextPageIndex` is committed. */
export async function recordPageProgress(
  db: Sql,
  syncRunId: string,
  owner: string,
  progress: { nextPageIndex: number; pagesFetched: number; passVersionId: string },
): Promise<boolean> {
  const result = await db.query(
    `UPDATE sync_runs SET next_page_index = $3, pages_fetched = pages_fetched + $4, pass_version_id = $5,
            lease_expires_at = greatest(lease_expires_at, now())
      WHERE id = $1 AND lease_owner = $2 AND status = 'RUNNING'`,
    [syncRunId, owner, progress.nextPageIndex, progress.pagesFetched, progress.passVersionId],
  );
  return result.rowCount === 1;
}

/** A full pass begins (or begins again from page 0) under a new pass id. */
export async function startPass(
  db: Sql,
  syncRunId: string,
  passId: string,
  notesKeys: boolean,
): Promise<void> {
  await db.query(
    'UPDATE sync_runs SET pass_id = $2, pass_notes_keys = $3, next_page_index = 0 WHERE id = $1',
    [syncRunId, passId, notesKeys],
  );
}

/** Apple's data changed under an interrupted pass: the next walk starts over at page 0. */
export async function restartPass(db: Sql, syncRunId: string): Promise<void> {
  await db.query(
    'UPDATE sync_runs SET pass_id = NULL, next_page_index = 0, pass_version_id = NULL WHERE id = $1',
    [syncRunId],
  );
}

/** Apple no longer knows the checkpoint: the incremental run becomes a full one. */
export async function switchToFull(db: Sql, syncRunId: string): Promise<void> {
  await db.query(`UPDATE sync_runs SET kind = 'FULL', next_page_index = 0, pass_id = NULL WHERE id = $1`, [
    syncRunId,
  ]);
}

export async function readPass(
  db: Sql,
  syncRunId: string,
): Promise<{ passId: string | null; notesKeys: boolean } | null> {
  const result = await db.query<{ pass_id: string | null; pass_notes_keys: boolean }>(
    'SELECT pass_id, pass_notes_keys FROM sync_runs WHERE id = $1',
    [syncRunId],
  );
  const row = result.rows[0];
  return row ? { passId: row.pass_id, notesKeys: row.pass_notes_keys } : null;
}

/** RETRY_LATER: the lease goes (the queue's next attempt takes it at once) and the token rests. */
export async function retryLater(tx: Sql, run: LeasedRun, owner: string, backoffMs: number): Promise<void> {
  const transition = requireSyncRunTransition('RUNNING', 'RETRY_LATER');
  await tx.query(
    'UPDATE sync_runs SET lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_owner = $2',
    [run.id, owner],
  );
  await writeTokenSyncColumns(tx, run.tokenId, run.id, transition.token, { backoffMs });
}

/** RETRY_LATER's run effect alone (the lease goes), for when the token's columns cannot be written. */
export async function releaseLease(db: Sql, syncRunId: string, owner: string): Promise<void> {
  requireSyncRunTransition('RUNNING', 'RETRY_LATER');
  await db.query(
    'UPDATE sync_runs SET lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_owner = $2',
    [syncRunId, owner],
  );
}

export interface RunResult {
  pagesFetched: number;
  nextPageIndex: number;
  versionId: string;
  full: boolean;
  locationName: string;
}

/**
 * SUCCEED, as one statement that writes the run and the token's sync columns only while this worker
 * holds the lease (alone, or in the run's final transaction). Returns the token's last full sync
 * (for Apple's record); throws LeaseLostError when the lease is gone (then nothing is written).
 */
export async function succeedRun(
  db: Sql,
  run: LeasedRun,
  owner: string,
  result: RunResult,
): Promise<{ lastFullSyncAt: Date | null }> {
  const transition = requireSyncRunTransition('RUNNING', 'SUCCEED');
  const update = tokenSyncUpdate(transition.token, {
    full: result.full,
    versionId: result.versionId,
    locationName: result.locationName,
  });
  const params: unknown[] = [run.tokenId, run.id, ...update.params];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const ended = await db.query<{ leased: boolean; last_full_sync_at: Date | null }>(
    `WITH run AS (
       UPDATE sync_runs SET status = ${param(transition.to)}, finished_at = now(), lease_owner = NULL,
              lease_expires_at = NULL, error = NULL, error_code = NULL,
              pages_fetched = pages_fetched + ${param(result.pagesFetched)}::int,
              next_page_index = ${param(result.nextPageIndex)}::int
        WHERE id = $2::uuid AND lease_owner = ${param(owner)} AND status = 'RUNNING'
        RETURNING id
     ), token AS (
       UPDATE vpp_tokens SET ${update.sets.length > 0 ? update.sets.join(', ') : 'id = id'}
        WHERE id = $1::uuid${update.guard} AND EXISTS (SELECT 1 FROM run)
        RETURNING last_full_sync_at
     )
     SELECT EXISTS (SELECT 1 FROM run) AS leased, (SELECT last_full_sync_at FROM token) AS last_full_sync_at`,
    params,
  );
  const row = ended.rows[0];
  if (!row?.leased) throw new LeaseLostError(run.id);
  return { lastFullSyncAt: row.last_full_sync_at };
}

export interface RunFailure {
  event: 'FAIL' | 'GIVE_UP';
  code: string;
  message: string;
}

/** FAIL or GIVE_UP: the run ends with its error, and the token shows it. */
export async function failRun(tx: Sql, run: LeasedRun, failure: RunFailure): Promise<void> {
  const transition = requireSyncRunTransition('RUNNING', failure.event);
  await tx.query(
    `UPDATE sync_runs SET status = $4, finished_at = now(), error = $2, error_code = $3,
            lease_owner = NULL, lease_expires_at = NULL
      WHERE id = $1`,
    [run.id, failure.message, failure.code, transition.to],
  );
  await writeTokenSyncColumns(tx, run.tokenId, run.id, transition.token, {
    error: failure.message,
    errorCode: failure.code,
  });
}

// ---------------------------------------------------------------------------------------------
// The token's sync columns

interface TokenSyncValues {
  full?: boolean;
  error?: string;
  errorCode?: string;
  backoffMs?: number;
  versionId?: string;
  locationName?: string;
}

/**
 * The one writer of a token's sync columns: the lifecycle's effect as the SET list of one UPDATE of
 * vpp_tokens whose $1 is the token and $2 the run; its own parameters follow from $3. Clearing the
 * active run only happens while it is still this run's slot (the guard).
 */
function tokenSyncUpdate(
  effect: TokenSyncEffect,
  values: TokenSyncValues,
): { sets: string[]; guard: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown, cast = '') => {
    params.push(value);
    return `$${params.length + 2}${cast}`;
  };
  const sets: string[] = [];
  if (effect.activeSyncRun === 'set') sets.push('active_sync_run_id = $2::uuid');
  if (effect.activeSyncRun === 'clear') sets.push('active_sync_run_id = NULL');
  if (effect.lastSyncedAt === 'now') sets.push('last_synced_at = now()');
  if (effect.lastSuccessfulSyncAt === 'now') sets.push('last_successful_sync_at = now()');
  if (effect.lastFullSyncAt === 'now-if-full' && values.full) sets.push('last_full_sync_at = now()');
  if (effect.lastSyncError === 'clear') sets.push('last_sync_error = NULL', 'last_sync_error_code = NULL');
  if (effect.lastSyncError === 'set')
    sets.push(
      `last_sync_error = ${param(values.error)}`,
      `last_sync_error_code = ${param(values.errorCode)}`,
    );
  if (effect.backoffUntil === 'clear') sets.push('backoff_until = NULL');
  if (effect.backoffUntil === 'set')
    sets.push(`backoff_until = now() + ${param(values.backoffMs, '::int')} * interval '1 millisecond'`);
  if (effect.assignmentsVersion === 'set') sets.push(`assignments_version_id = ${param(values.versionId)}`);
  if (effect.foreignMdmInfo === 'clear') sets.push('foreign_mdm_info = NULL');
  if (effect.restoreSuspectedAt === 'clear-if-full' && values.full) sets.push('restore_suspected_at = NULL');
  if (effect.locationName === 'refresh')
    sets.push(
      `location_name = coalesce(nullif(${param(values.locationName ?? '', '::text')}, ''), location_name)`,
    );
  const guard = effect.activeSyncRun === 'clear' ? ' AND active_sync_run_id = $2::uuid' : '';
  return { sets, guard, params };
}

async function writeTokenSyncColumns(
  db: AnyDb,
  tokenId: string,
  syncRunId: string,
  effect: TokenSyncEffect,
  values: TokenSyncValues,
): Promise<{ last_full_sync_at: Date | null } | null> {
  const update = tokenSyncUpdate(effect, values);
  if (update.sets.length === 0) return null;
  const [row] = await rows<{ last_full_sync_at: Date | null }>(
    db,
    `UPDATE vpp_tokens SET ${update.sets.join(', ')} WHERE id = $1::uuid${update.guard} AND $2::uuid IS NOT NULL
      RETURNING last_full_sync_at`,
    [tokenId, syncRunId, ...update.params],
  );
  return row ?? null;
}

/** What a permanent failure says about the token itself (expired, revoked, held by another MDM). */
export async function markToken(
  tx: Sql,
  tokenId: string,
  mark: TokenMark,
  foreignMdmInfo: unknown = null,
): Promise<void> {
  if (mark === 'expired')
    await tx.query('UPDATE vpp_tokens SET expires_at = least(expires_at, now()) WHERE id = $1', [tokenId]);
  if (mark === 'revoked')
    await tx.query('UPDATE vpp_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1', [tokenId]);
  if (mark === 'foreign-mdm')
    await tx.query('UPDATE vpp_tokens SET foreign_mdm_info = $2::jsonb WHERE id = $1', [
      tokenId,
      JSON.stringify(foreignMdmInfo),
    ]);
}

/** Apple remembers a newer full sync than this database: it was restored from a backup. */
export async function markRestoreSuspected(db: Sql, tokenId: string): Promise<void> {
  await db.query(
    'UPDATE vpp_tokens SET restore_suspected_at = coalesce(restore_suspected_at, now()) WHERE id = $1',
    [tokenId],
  );
}

export interface TokenForSync {
  sTokenEncrypted: Buffer;
  assignmentsVersionId: string | null;
  lastFullSyncAt: Date | null;
}

/** The token's next scheduled sync, as the console shows it. */
export async function setNextSyncAt(db: Db, tokenId: string, at: Date | null): Promise<void> {
  await db.vppToken.update({ where: { id: tokenId }, data: { nextSyncAt: at } });
}

/** A deleted token gives up its slot first (its runs go with it). */
export async function forgetSyncSlot(db: Db, tokenId: string): Promise<void> {
  await db.vppToken.update({ where: { id: tokenId }, data: { activeSyncRunId: null } });
}

// ---------------------------------------------------------------------------------------------
// Reading runs (the sync-run list, the dashboard) and deleting old ones (retention)

/** The columns the API shows of a run, named as the Prisma row names them. */
const RUN_VIEW_COLUMNS = `r.id, r.token_id AS "tokenId", r.kind::text AS kind, r.trigger::text AS trigger,
  r.status::text AS status, r.queued_at AS "queuedAt", r.started_at AS "startedAt",
  r.finished_at AS "finishedAt", r.pages_fetched AS "pagesFetched", r.apps_added AS "appsAdded",
  r.apps_removed AS "appsRemoved", r.counts_changed AS "countsChanged",
  r.assignments_added AS "assignmentsAdded", r.assignments_removed AS "assignmentsRemoved", r.error`;

export interface SyncRunViewRow {
  id: string;
  tokenId: string;
  kind: SyncKind;
  trigger: SyncTrigger;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  pagesFetched: number;
  appsAdded: number;
  appsRemoved: number;
  countsChanged: number;
  assignmentsAdded: number;
  assignmentsRemoved: number;
  error: string | null;
}

export interface SyncRunPageQuery {
  tokenId?: string | undefined;
  page: number;
  pageSize: number;
  /** Keyset paging: the runs after this one (by id) in the list's order; `page` is then ignored. */
  after?: string | undefined;
}

/**
 * A page of runs, newest first (ties by id, in the same direction), and the count: two statements.
 * The page's ids come from an index-only walk of (token_id?, queued_at DESC, id DESC); with
 * `after` the walk starts at that run instead of skipping an OFFSET.
 */
export async function selectSyncRunPage(
  sql: Sql,
  query: SyncRunPageQuery,
): Promise<{ total: number; rows: SyncRunViewRow[] }> {
  const params: unknown[] = [];
  const conditions: string[] = [];
  if (query.tokenId) {
    params.push(query.tokenId);
    conditions.push(`token_id = $${params.length}::uuid`);
  }
  const countWhere = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const countParams = [...params];
  let offset = (query.page - 1) * query.pageSize;
  if (query.after) {
    params.push(query.after);
    conditions.push(
      `(queued_at, id) < (SELECT queued_at, id FROM sync_runs WHERE id = $${params.length}::uuid)`,
    );
    offset = 0;
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const [count, page] = await Promise.all([
    sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM sync_runs ${countWhere}`, countParams),
    sql.query<SyncRunViewRow>(
      `WITH page AS (
         SELECT id FROM sync_runs ${where}
          ORDER BY queued_at DESC, id DESC LIMIT ${query.pageSize} OFFSET ${offset})
       SELECT ${RUN_VIEW_COLUMNS} FROM page JOIN sync_runs r ON r.id = page.id
        ORDER BY r.queued_at DESC, r.id DESC`,
      params,
    ),
  ]);
  return { total: count.rows[0]?.n ?? 0, rows: page.rows };
}

export interface RecentSyncRunRow {
  id: string;
  tokenId: string;
  tokenName: string;
  kind: SyncKind;
  status: string;
  finishedAt: Date | null;
  error: string | null;
}

/** The newest runs over all tokens, with the token's name: the dashboard's last tile. */
export async function selectRecentSyncRuns(sql: Sql, limit: number): Promise<RecentSyncRunRow[]> {
  const result = await sql.query<RecentSyncRunRow>(
    `SELECT r.id, r.token_id AS "tokenId", t.name AS "tokenName", r.kind::text AS kind,
            r.status::text AS status, r.finished_at AS "finishedAt", r.error
       FROM (SELECT * FROM sync_runs ORDER BY queued_at DESC, id DESC LIMIT $1) r
       JOIN vpp_tokens t ON t.id = r.token_id
      ORDER BY r.queued_at DESC, r.id DESC`,
    [limit],
  );
  return result.rows;
}

/**
 * Retention: deletes up to `batchSize` finished runs queued before `cutoff`, with their change lists
 * (by cascade), never a token's active run nor its last successful run. Returns how many went.
 */
export async function deleteSyncRunsBefore(sql: Sql, cutoff: Date, batchSize: number): Promise<number> {
  const result = await sql.query(
    `WITH doomed AS (
       SELECT r.id FROM sync_runs r
        WHERE r.queued_at < $1 AND r.status IN ('SUCCEEDED', 'FAILED')
          AND NOT EXISTS (SELECT 1 FROM vpp_tokens t WHERE t.active_sync_run_id = r.id)
          AND r.id <> coalesce((
                SELECT l.id FROM sync_runs l
                 WHERE l.token_id = r.token_id AND l.status = 'SUCCEEDED'
                 ORDER BY l.queued_at DESC, l.id DESC LIMIT 1), '00000000-0000-0000-0000-000000000000'::uuid)
        ORDER BY r.queued_at, r.id
        LIMIT $2
        FOR UPDATE SKIP LOCKED)
     DELETE FROM sync_runs WHERE id IN (SELECT id FROM doomed)`,
    [cutoff, batchSize],
  );
  return result.rowCount ?? 0;
}
