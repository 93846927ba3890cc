import { randomUUID } from 'node:crypto';
import type { VppClient, VppClientFactory } from '@vpp/apple-vpp-client';
import { AppleVppError } from '@vpp/apple-vpp-client/errors';
import type { Database } from '@vpp/db/database';
import type pg from 'pg';
import { retryLicenseShortfalls } from '../deployments/retry-license-shortfalls.ts';
import {
  NOTIFICATION_TYPES,
  notificationSecret,
  notificationUrl,
} from '../notifications/apple-notifications.ts';
import { installationId, lastFullSyncKnownToApple, ourMdmInfo } from '../tokens/installation-identity.ts';
import type { TokenCipher } from '../tokens/token-cipher.ts';
import {
  forgetPassKeys,
  type PageWrite,
  recordAssignmentsAdded,
  recordPageProgress,
  removeAssignmentsNotSeen,
  writeAssignmentsPage,
} from './reconcile-assignments.ts';
import {
  type AppMetadata,
  isEmptyPlan,
  loadHeldStoreApps,
  planStoreApps,
  writeStoreAppsPlan,
} from './reconcile-store-apps.ts';
import {
  acquireRunLease,
  inLeasedTransaction,
  type LeasedRun,
  LeaseLostError,
  releaseRunLease,
  renewRunLease,
} from './sync-run-lease.ts';

export interface SyncLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SyncDeps {
  database: Database;
  cipher: TokenCipher;
  appleClients: VppClientFactory;
  logger: SyncLogger;
  /** Identifies this worker process as the holder of run leases. */
  workerId: string;
  leaseMs: number;
  /** Our mdmInfo id, remembered by the worker process (it never changes once made). */
  installationId?: () => Promise<string>;
  /** When set, each token asks Apple to POST notifications here (with its own bearer secret). */
  notifications?: { baseUrl: string; encryptionKey: string };
}

export type SyncOutcome =
  | { result: 'succeeded' }
  | { result: 'failed'; error: string }
  | { result: 'skipped'; reason: 'not-found' | 'finished' | 'held-elsewhere' };

/** A failure that retrying cannot fix: the run ends FAILED and the token shows why. */
class PermanentSyncFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly tokenUpdate: string | null = null,
    readonly tokenUpdateParams: unknown[] = [],
  ) {
    super(message);
  }
}

/**
 * One attempt at a sync run: claim it, sync the token's store apps and license assignments from
 * Apple page by page, and finish it. Every page is committed with the run's progress, so a crash at
 * any point loses nothing: the next attempt resumes at the page after the last committed one.
 *
 * Throws for failures worth retrying (the queue retries the job); ends the run FAILED otherwise.
 */
export async function runTokenSync(
  deps: SyncDeps,
  syncRunId: string,
  attempt: { number: number; isLast: boolean },
): Promise<SyncOutcome> {
  const { pool } = deps.database;
  const run = await acquireRunLease(pool, syncRunId, deps.workerId, deps.leaseMs);
  if (!run) {
    const existing = await pool.query<{ status: string }>('SELECT status FROM sync_runs WHERE id = $1', [
      syncRunId,
    ]);
    const status = existing.rows[0]?.status;
    if (!status) return { result: 'skipped', reason: 'not-found' };
    if (status === 'SUCCEEDED' || status === 'FAILED') return { result: 'skipped', reason: 'finished' };
    return { result: 'skipped', reason: 'held-elsewhere' };
  }

  const heartbeat = setInterval(
    () => {
      renewRunLease(pool, syncRunId, deps.workerId, deps.leaseMs).catch(() => {});
    },
    Math.max(250, Math.floor(deps.leaseMs / 3)),
  );
  heartbeat.unref();
  const log = (obj: object, msg: string) =>
    deps.logger.info({ syncRunId, tokenId: run.tokenId, ...obj }, msg);

  try {
    await syncLeasedRun(deps, run, log);
    return { result: 'succeeded' };
  } catch (error) {
    if (error instanceof LeaseLostError) return { result: 'skipped', reason: 'held-elsewhere' };
    if (error instanceof PermanentSyncFailure) {
      await failRun(pool, run, error.code, error.message, error.tokenUpdate, error.tokenUpdateParams);
      deps.logger.warn(
        { syncRunId, tokenId: run.tokenId, code: error.code },
        `sync failed: ${error.message}`,
      );
      return { result: 'failed', error: error.message };
    }
    const message = describeTransientError(error);
    if (attempt.isLast) {
      await failRun(pool, run, 'GAVE_UP', `Gave up after ${attempt.number} attempts: ${message}`, null, []);
      return { result: 'failed', error: message };
    }
    const retryAfterMs = error instanceof AppleVppError ? (error.retryAfterMs ?? null) : null;
    await pool.query(
      `UPDATE vpp_tokens SET backoff_until = now() + $2 * interval '1 millisecond' WHERE id = $1`,
      [run.tokenId, retryAfterMs ?? Math.min(60_000, 1000 * 2 ** attempt.number)],
    );
    await releaseRunLease(pool, syncRunId, deps.workerId);
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}

function describeTransientError(error: unknown): string {
  if (error instanceof AppleVppError)
    return `Apple: ${error.kind}${error.errorNumber ? ` (${error.errorNumber})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

/** Turns what Apple says about the token itself into a permanent failure. */
function tokenProblem(error: unknown): PermanentSyncFailure | null {
  if (!(error instanceof AppleVppError)) return null;
  switch (error.kind) {
    case 'TOKEN_EXPIRED':
      return new PermanentSyncFailure(
        'TOKEN_EXPIRED',
        'Apple says the token has expired.',
        'UPDATE vpp_tokens SET expires_at = least(expires_at, now()) WHERE id = $1',
      );
    case 'TOKEN_REVOKED':
      return new PermanentSyncFailure(
        'TOKEN_REVOKED',
        'Apple says the token has been revoked.',
        'UPDATE vpp_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1',
      );
    case 'NOT_AUTHORIZED':
    case 'FORBIDDEN':
      return new PermanentSyncFailure(
        'TOKEN_REFUSED',
        `Apple no longer accepts the token (${error.errorNumber ?? error.httpStatus}).`,
      );
    default:
      return null;
  }
}

async function withTokenErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw tokenProblem(error) ?? error;
  }
}

async function syncLeasedRun(
  deps: SyncDeps,
  run: LeasedRun,
  log: (obj: object, msg: string) => void,
): Promise<void> {
  const { pool } = deps.database;
  const tokenResult = await pool.query<{
    s_token_encrypted: Buffer;
    assignments_version_id: string | null;
    last_full_sync_at: Date | null;
  }>('SELECT s_token_encrypted, assignments_version_id, last_full_sync_at FROM vpp_tokens WHERE id = $1', [
    run.tokenId,
  ]);
  const token = tokenResult.rows[0];
  if (!token) throw new PermanentSyncFailure('TOKEN_DELETED', 'The token was deleted.');
  const client = deps.appleClients.forToken(deps.cipher.decrypt(token.s_token_encrypted));

  // Ownership first: if another MDM took the location over, we stop touching it.
  const config = await withTokenErrors(() => client.getClientConfig());
  const ourId = await (deps.installationId ?? (() => installationId(deps.database.prisma)))();
  if (config.mdmInfo?.id && config.mdmInfo.id !== ourId) {
    throw new PermanentSyncFailure(
      'IN_USE_ELSEWHERE',
      `Another MDM (${config.mdmInfo.name || 'unnamed'}) manages this location. Syncs stop until you take it over.`,
      'UPDATE vpp_tokens SET foreign_mdm_info = $2::jsonb WHERE id = $1',
      [JSON.stringify(config.mdmInfo)],
    );
  }
  if (!config.mdmInfo?.id)
    await withTokenErrors(() => client.updateClientConfig({ mdmInfo: ourMdmInfo(ourId) }));
  if (deps.notifications) {
    const wanted = notificationUrl(deps.notifications.baseUrl, run.tokenId);
    if (config.notificationUrl !== wanted) {
      // Apple tests the URL before it accepts it; a console Apple cannot reach still syncs by polling.
      await client
        .updateClientConfig({
          notificationUrl: wanted,
          notificationAuthToken: notificationSecret(deps.notifications.encryptionKey, run.tokenId),
          notificationTypes: [...NOTIFICATION_TYPES],
        })
        .catch((error: unknown) =>
          deps.logger.warn({ err: error, tokenId: run.tokenId }, 'Apple refused the notification URL'),
        );
    }
  }
  const knownToApple = lastFullSyncKnownToApple(config.mdmInfo?.metadata);
  if (
    knownToApple &&
    (!token.last_full_sync_at || knownToApple.getTime() > token.last_full_sync_at.getTime())
  ) {
    log(
      { knownToApple },
      'Apple knows a newer full sync than this database holds: the database was restored',
    );
    await pool.query(
      'UPDATE vpp_tokens SET restore_suspected_at = coalesce(restore_suspected_at, now()) WHERE id = $1',
      [run.tokenId],
    );
  }

  const storeAppsChanged = await syncStoreApps(
    deps,
    run,
    client,
    config.defaultPlatform,
    config.countryISO2ACode,
  );

  let kind = run.kind;
  if (kind === 'INCREMENTAL' && !token.assignments_version_id) kind = 'FULL';
  let walked: Awaited<ReturnType<typeof syncAssignments>>;
  try {
    walked = await withTokenErrors(() =>
      syncAssignments(deps, run, client, kind, token.assignments_version_id),
    );
  } catch (error) {
    if (!(error instanceof AppleVppError && error.kind === 'UNKNOWN_VERSION' && kind === 'INCREMENTAL'))
      throw error;
    // Apple no longer knows our checkpoint: only a full pass can tell what we hold.
    log({}, 'checkpoint unknown to Apple, switching to a full sync');
    await pool.query(
      `UPDATE sync_runs SET kind = 'FULL', next_page_index = 0, pass_id = NULL WHERE id = $1`,
      [run.id],
    );
    kind = 'FULL';
    walked = await withTokenErrors(() =>
      syncAssignments(deps, { ...run, kind, nextPageIndex: 0, passId: null }, client, kind, null),
    );
  }

  const finishedFullSyncAt = await inLeasedTransaction(
    pool,
    run.id,
    deps.workerId,
    deps.leaseMs,
    async (tx) => {
      if (kind === 'FULL') {
        const pass = (
          await tx.query<{ pass_id: string; pass_notes_keys: boolean }>(
            'SELECT pass_id, pass_notes_keys FROM sync_runs WHERE id = $1',
            [run.id],
          )
        ).rows[0];
        if (pass?.pass_id && pass.pass_notes_keys) {
          await removeAssignmentsNotSeen(tx, run.id, run.tokenId, pass.pass_id);
        }
        await forgetPassKeys(tx, run.id);
      }
      if (walked.pagesWritten > 0 || kind === 'FULL' || run.attempts > 1) {
        await recordAssignmentsAdded(tx, run.id, run.tokenId);
      }
      await tx.query(
        `UPDATE sync_runs SET status = 'SUCCEEDED', finished_at = now(), lease_owner = NULL, lease_expires_at = NULL,
              error = NULL, error_code = NULL, pages_fetched = pages_fetched + $2, next_page_index = $3
        WHERE id = $1`,
        [run.id, walked.pagesNotRecorded, walked.nextPageIndex],
      );
      const updated = await tx.query<{ last_full_sync_at: Date | null }>(
        `UPDATE vpp_tokens SET active_sync_run_id = NULL, assignments_version_id = $2, last_synced_at = now(),
              last_successful_sync_at = now(), last_full_sync_at = CASE WHEN $3 THEN now() ELSE last_full_sync_at END,
              last_sync_error = NULL, last_sync_error_code = NULL, backoff_until = NULL, foreign_mdm_info = NULL,
              location_name = coalesce(nullif($4, ''), location_name),
              restore_suspected_at = CASE WHEN $3 THEN NULL ELSE restore_suspected_at END
        WHERE id = $1
        RETURNING last_full_sync_at`,
        [run.tokenId, walked.versionId, kind === 'FULL', config.locationName ?? ''],
      );
      return kind === 'FULL' ? (updated.rows[0]?.last_full_sync_at ?? null) : null;
    },
  );
  if (finishedFullSyncAt) {
    // Record the full sync at Apple too, after our commit: Apple may only ever be behind us.
    await client
      .updateClientConfig({ mdmInfo: ourMdmInfo(ourId, finishedFullSyncAt) })
      .catch((error: unknown) => {
        deps.logger.warn({ err: error, syncRunId: run.id }, 'could not record the full sync at Apple');
      });
  }
  // Licenses bought since a deployment ran short: its waiting targets get them now.
  const retried = storeAppsChanged ? await retryLicenseShortfalls({ pool }, run.tokenId) : 0;
  log({ kind, retriedTargets: retried }, 'sync succeeded');
}

async function syncStoreApps(
  deps: SyncDeps,
  run: LeasedRun,
  client: VppClient,
  platform: 'enterprisestore' | 'volumestore' | undefined,
  country: string | undefined,
): Promise<boolean> {
  const { pool } = deps.database;
  const assets = await withTokenErrors(() => client.getAllAssets());
  const held = await loadHeldStoreApps(pool, run.tokenId);
  const plan = planStoreApps(held, assets.assets);
  if (isEmptyPlan(plan)) return false;
  const needNames = plan.added.map((asset) => asset.adamId);
  const metadata = new Map<string, AppMetadata>();
  if (needNames.length > 0) {
    try {
      const found = await client.lookupContentMetadata([...new Set(needNames)], {
        ...(platform ? { platform } : {}),
        ...(country ? { country: country.toLowerCase() } : {}),
        idsPerRequest: 50,
      });
      for (const [adamId, item] of found) {
        metadata.set(adamId, {
          name: item.name,
          bundleId: item.bundleId ?? null,
          iconUrl: item.iconUrl ?? null,
          platforms: item.platforms ?? [],
        });
      }
    } catch (error) {
      // Names and icons are a nicety: the licenses are right without them, a later sync fills them in.
      deps.logger.warn({ err: error, syncRunId: run.id }, 'content metadata lookup failed');
    }
  }
  await inLeasedTransaction(pool, run.id, deps.workerId, deps.leaseMs, (tx) =>
    writeStoreAppsPlan(tx, run.id, run.tokenId, plan, metadata),
  );
  return true;
}

/** Walks the assignment pages from the run's resume point; returns the new checkpoint versionId. */
/** Pages written at once, each on its own connection (PostgreSQL gets a core per page). */
const CONCURRENT_PAGE_WRITES = 2;

/**
 * Walks the assignment pages from the run's resume point, writing up to two pages at once. The
 * resume point moves only past pages that are all committed; a page after it may be written again
 * on resume, which the upsert makes harmless. Returns the new checkpoint (versionId).
 */
async function syncAssignments(
  deps: SyncDeps,
  run: LeasedRun,
  client: VppClient,
  kind: 'FULL' | 'INCREMENTAL',
  sinceVersionId: string | null,
): Promise<{ versionId: string; pagesNotRecorded: number; nextPageIndex: number; pagesWritten: number }> {
  const { pool } = deps.database;
  let startPage = run.nextPageIndex;
  let passId = run.passId;
  let notesKeys = run.passNotesKeys;
  if (kind === 'FULL' && !passId) {
    passId = randomUUID();
    startPage = 0;
    // A token that holds nothing yet has nothing to remove at the end: its first pass notes no keys.
    const holds = await pool.query('SELECT 1 FROM license_assignments WHERE token_id = $1 LIMIT 1', [
      run.tokenId,
    ]);
    notesKeys = (holds.rowCount ?? 0) > 0;
    await pool.query(
      'UPDATE sync_runs SET pass_id = $2, pass_notes_keys = $3, next_page_index = 0 WHERE id = $1',
      [run.id, passId, notesKeys],
    );
  }
  const write: PageWrite = {
    syncRunId: run.id,
    leaseOwner: deps.workerId,
    tokenId: run.tokenId,
    passId: kind === 'FULL' && notesKeys ? passId : null,
    plainInsert: kind === 'FULL' && !notesKeys && startPage === 0,
  };
  let passVersionId = startPage > 0 ? run.passVersionId : null;
  const query = kind === 'INCREMENTAL' && sinceVersionId ? { sinceVersionId } : {};
  const walk = client.iterateAssignments(query, { startPageIndex: startPage, pagesInFlight: 3 });
  const writing = new Set<Promise<void>>();
  const committed = new Set<number>();
  let recordedUpTo = startPage;
  let contiguousUpTo = startPage;
  let firstPage = true;
  let pagesWritten = 0;
  const advance = () => {
    while (committed.delete(contiguousUpTo)) contiguousUpTo += 1;
  };
  for await (const page of walk) {
    const pageVersion = page.versionId ?? walk.firstPageVersionId ?? '';
    if (passVersionId === null) {
      passVersionId = pageVersion;
    } else if (firstPage && startPage > 0 && pageVersion !== passVersionId) {
      // Apple's data changed since the interrupted pass began: page boundaries may have moved, so
      // start the pass again rather than miss rows.
      await pool.query(
        'UPDATE sync_runs SET pass_id = NULL, next_page_index = 0, pass_version_id = NULL WHERE id = $1',
        [run.id],
      );
      return syncAssignments(
        deps,
        { ...run, nextPageIndex: 0, passId: null, passVersionId: null },
        client,
        kind,
        sinceVersionId,
      );
    }
    firstPage = false;
    const index = page.currentPageIndex;
    if (page.assignments.length === 0) {
      committed.add(index);
    } else {
      pagesWritten += 1;
      const pending: Promise<void> = writeAssignmentsPage(pool, page.assignments, write).then(() => {
        committed.add(index);
      });
      writing.add(pending);
      void pending.then(
        () => writing.delete(pending),
        () => writing.delete(pending),
      );
      if (writing.size >= CONCURRENT_PAGE_WRITES) await Promise.race(writing);
    }
    advance();
    // Progress every few pages: a crash re-reads at most those.
    if (contiguousUpTo - recordedUpTo >= 4) {
      await recordPageProgress(pool, write, {
        nextPageIndex: contiguousUpTo,
        pagesFetched: contiguousUpTo - recordedUpTo,
        passVersionId: passVersionId ?? pageVersion,
      });
      recordedUpTo = contiguousUpTo;
    }
  }
  await Promise.all(writing);
  advance();
  return {
    versionId: passVersionId ?? walk.firstPageVersionId ?? sinceVersionId ?? '',
    pagesNotRecorded: contiguousUpTo - recordedUpTo,
    nextPageIndex: contiguousUpTo,
    pagesWritten,
  };
}

async function failRun(
  pool: pg.Pool,
  run: LeasedRun,
  code: string,
  message: string,
  tokenUpdate: string | null,
  tokenUpdateParams: unknown[],
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // What the run committed before it failed stays, and is counted.
    await recordAssignmentsAdded(client, run.id, run.tokenId);
    await forgetPassKeys(client, run.id);
    await client.query(
      `UPDATE sync_runs SET status = 'FAILED', finished_at = now(), error = $2, error_code = $3,
              lease_owner = NULL, lease_expires_at = NULL
        WHERE id = $1`,
      [run.id, message, code],
    );
    await client.query(
      `UPDATE vpp_tokens SET active_sync_run_id = NULL, last_synced_at = now(), last_sync_error = $2,
              last_sync_error_code = $3, backoff_until = NULL
        WHERE id = $1 AND active_sync_run_id = $4`,
      [run.tokenId, message, code, run.id],
    );
    if (tokenUpdate) await client.query(tokenUpdate, [run.tokenId, ...tokenUpdateParams]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
