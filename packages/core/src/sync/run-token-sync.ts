import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { VppClient } from '@vpp/apple-vpp-client';
import { AppleVppError } from '@vpp/apple-vpp-client/errors';
import { isDatabaseUnavailable } from '@vpp/db/database-availability';
import { backoffMs } from '@vpp/domain/sync/sync-run-lifecycle';
import { ourMdmInfo } from '../settings/installation-identity.ts';
import { checkLocation } from './check-location.ts';
import { finishFailedRun, finishSucceededRun, releaseForRetry } from './finish-sync-run.ts';
import type { HeldStoreApp } from './reconcile-store-apps.ts';
import type { SyncDeps, SyncOutcome } from './sync-deps.ts';
import {
  describeTransientError,
  PermanentSyncFailure,
  retryAfterMs,
  SyncInterrupted,
  withTokenErrors,
} from './sync-failures.ts';
import { keepLeaseAlive, LeaseLostError } from './sync-run-lease.ts';
import {
  type LeasedRun,
  releaseLease,
  runStatus,
  switchToFull,
  type TokenForSync,
  takeLease,
} from './sync-run-store.ts';
import { syncStoreApps } from './sync-store-apps.ts';
import { type WalkResult, walkAssignmentPages } from './walk-assignment-pages.ts';

export type { SyncDeps, SyncLogger, SyncOutcome } from './sync-deps.ts';

/**
 * One attempt at a sync run: claim it, sync the token's store apps and license assignments from
 * Apple page by page, and finish it. Every page is committed with the run's progress, so a crash at
 * any point loses nothing: the next attempt resumes at the page after the last committed one.
 *
 * Throws for failures worth retrying (the queue retries the job); ends the run FAILED otherwise.
 */
export async function runTokenSync(
  workerDeps: SyncDeps,
  syncRunId: string,
  attempt: { number: number; isLast: boolean },
): Promise<SyncOutcome> {
  // Each attempt holds the lease under its own name: should two attempts at one run overlap in one
  // worker (the queue re-offering a run whose lease ran out while the first still works), the one
  // that lost the lease is fenced off like any other.
  const deps: SyncDeps = { ...workerDeps, workerId: `${workerDeps.workerId}/${randomUUID().slice(0, 8)}` };
  const { pool } = deps.database;
  const run = await takeLease(pool, syncRunId, deps.workerId, deps.leaseMs);
  if (!run) {
    const status = await runStatus(pool, syncRunId);
    if (!status) return { result: 'skipped', reason: 'not-found' };
    if (status === 'SUCCEEDED' || status === 'FAILED') return { result: 'skipped', reason: 'finished' };
    return { result: 'skipped', reason: 'held-elsewhere' };
  }
  const stopHeartbeat = keepLeaseAlive({
    database: deps.database,
    syncRunId,
    owner: deps.workerId,
    leaseMs: deps.leaseMs,
  });
  try {
    await syncLeasedRun(deps, run, run.token, run.heldStoreApps);
    return { result: 'succeeded' };
  } catch (error) {
    if (error instanceof LeaseLostError) return { result: 'skipped', reason: 'held-elsewhere' };
    if (error instanceof SyncInterrupted) {
      // Any worker may take the run at once: the resume job gives it a fresh job within seconds.
      await releaseForRetry(deps, run, 0);
      deps.logger.info(
        { syncRunId, tokenId: run.tokenId },
        'sync stopped at a page boundary (shutting down)',
      );
      return { result: 'skipped', reason: 'interrupted' };
    }
    if (error instanceof PermanentSyncFailure) {
      await finishFailedRun(deps, run, {
        event: 'FAIL',
        code: error.code,
        message: error.message,
        foreignMdmInfo: error.foreignMdmInfo,
      });
      deps.logger.warn(
        { syncRunId, tokenId: run.tokenId, code: error.code },
        `sync failed: ${error.message}`,
      );
      return { result: 'failed', error: error.message };
    }
    const message = describeTransientError(error);
    if (attempt.isLast) {
      await finishFailedRun(deps, run, {
        event: 'GIVE_UP',
        code: 'GAVE_UP',
        message: `Gave up after ${attempt.number} attempts: ${message}`,
      });
      return { result: 'failed', error: message };
    }
    await releaseAfterTransientFailure(deps, run, backoffMs(attempt.number, retryAfterMs(error)));
    throw error;
  } finally {
    stopHeartbeat();
  }
}

/**
 * RETRY_LATER after a transient failure. When the database is what failed, the release fails too:
 * it is tried again (with short pauses, while the lease would still be held) until the database
 * answers, so the run resumes the moment the database is back instead of after its lease runs out.
 * A release that fails for another reason falls back to releasing the lease alone.
 */
async function releaseAfterTransientFailure(deps: SyncDeps, run: LeasedRun, backoff: number): Promise<void> {
  const deadline = Date.now() + deps.leaseMs;
  let pauseMs = 250;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await releaseForRetry(deps, run, backoff);
      if (attempt > 1) deps.logger.info({ syncRunId: run.id, attempt }, 'released the sync run for a retry');
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) {
        deps.logger.warn(
          { syncRunId: run.id, err: error },
          'could not record the backoff; releasing the lease alone',
        );
        await releaseLease(deps.database.pool, run.id, deps.workerId).catch(() => {});
        return;
      }
      if (Date.now() + pauseMs > deadline || deps.signal?.aborted) return;
    }
    await sleep(pauseMs);
    pauseMs = Math.min(2_000, pauseMs * 2);
  }
}

/** The steps of a run that holds its lease: location check, store apps, assignment pages, finish. */
async function syncLeasedRun(
  deps: SyncDeps,
  run: LeasedRun,
  token: TokenForSync | null,
  heldStoreApps: HeldStoreApp[],
): Promise<void> {
  if (!token) throw new PermanentSyncFailure('TOKEN_DELETED', 'The token was deleted.');
  const client = deps.appleClients.forToken(deps.cipher.decrypt(token.sTokenEncrypted));
  const { config, ourId } = await checkLocation(deps, run, client, token);
  const storeAppsChanged = await syncStoreApps(deps, run, client, {
    platform: config.defaultPlatform,
    country: config.countryISO2ACode,
    held: heldStoreApps,
  });
  const { kind, walked } = await syncAssignments(deps, run, client, token.assignmentsVersionId);
  const finishedFullSyncAt = await finishSucceededRun(deps, run, {
    kind,
    walked,
    locationName: config.locationName ?? '',
    storeAppsChanged,
  });
  if (finishedFullSyncAt) {
    // Record the full sync at Apple too, after our commit: Apple may only ever be behind us.
    await client
      .updateClientConfig({ mdmInfo: ourMdmInfo(ourId, finishedFullSyncAt) })
      .catch((error: unknown) => {
        deps.logger.warn({ err: error, syncRunId: run.id }, 'could not record the full sync at Apple');
      });
  }
  deps.logger.info({ syncRunId: run.id, tokenId: run.tokenId, kind, storeAppsChanged }, 'sync succeeded');
}

/** Incremental from the token's checkpoint, or full; full after all when Apple forgot the checkpoint. */
async function syncAssignments(
  deps: SyncDeps,
  run: LeasedRun,
  client: VppClient,
  checkpoint: string | null,
): Promise<{ kind: 'FULL' | 'INCREMENTAL'; walked: WalkResult }> {
  const kind = run.kind === 'INCREMENTAL' && !checkpoint ? 'FULL' : run.kind;
  try {
    return {
      kind,
      walked: await withTokenErrors(() => walkAssignmentPages(deps, run, client, kind, checkpoint)),
    };
  } catch (error) {
    if (!(error instanceof AppleVppError && error.kind === 'UNKNOWN_VERSION' && kind === 'INCREMENTAL'))
      throw error;
    // Apple no longer knows our checkpoint: only a full pass can tell what we hold.
    deps.logger.info(
      { syncRunId: run.id, tokenId: run.tokenId },
      'checkpoint unknown to Apple, switching to a full sync',
    );
    await switchToFull(deps.database.pool, run.id);
    const restarted = { ...run, kind: 'FULL' as const, nextPageIndex: 0, passId: null };
    return {
      kind: 'FULL',
      walked: await withTokenErrors(() => walkAssignmentPages(deps, restarted, client, 'FULL', null)),
    };
  }
}
