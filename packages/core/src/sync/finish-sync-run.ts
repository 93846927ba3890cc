import { withTransaction } from '@vpp/db/transaction';
import { tokenMarkFor } from '@vpp/domain/sync/sync-run-lifecycle';
import {
  forgetPassKeys,
  mergeNotedAssignments,
  recordAssignmentsAdded,
  removeAssignmentsNotSeen,
} from './reconcile-assignments.ts';
import type { SyncDeps } from './sync-deps.ts';
import { queueFailureFollowUps, queueFollowUps, type SyncFindings } from './sync-follow-ups.ts';
import { inLeasedTransaction } from './sync-run-lease.ts';
import {
  failRun,
  type LeasedRun,
  markToken,
  type RunFailure,
  readPass,
  retryLater,
  succeedRun,
} from './sync-run-store.ts';
import { leaseOf } from './sync-store-apps.ts';
import type { WalkResult } from './walk-assignment-pages.ts';

/**
 * SUCCEED, in one leased transaction: the keys the run noted are merged, a full pass removes what
 * Apple no longer lists, what the run added is counted, the run and the token's sync columns are
 * written, and follow-up work is queued. A run that wrote nothing and found nothing (the usual
 * incremental sync) ends with the single lease-fenced statement that writes the run and the token.
 * Returns the token's new last full sync (after a full run), for Apple's record.
 */
export async function finishSucceededRun(
  deps: SyncDeps,
  run: LeasedRun,
  outcome: { kind: 'FULL' | 'INCREMENTAL'; walked: WalkResult; locationName: string } & SyncFindings,
): Promise<Date | null> {
  const { kind, walked } = outcome;
  const result = {
    pagesFetched: walked.pagesNotRecorded,
    nextPageIndex: walked.nextPageIndex,
    versionId: walked.versionId,
    full: kind === 'FULL',
    locationName: outcome.locationName,
  };
  const nothingToWrite =
    kind === 'INCREMENTAL' && walked.pagesWritten === 0 && run.attempts === 1 && !outcome.storeAppsChanged;
  if (nothingToWrite) {
    await succeedRun(deps.database.pool, run, deps.workerId, result);
    return null;
  }
  // Keys to merge exist only when this run wrote pages (or an earlier attempt may have).
  const assignmentsWritten = walked.pagesWritten > 0 || kind === 'FULL' || run.attempts > 1;
  return inLeasedTransaction(leaseOf(deps, run), async (tx) => {
    if (assignmentsWritten) {
      await mergeNotedAssignments(tx, run.id, run.tokenId);
      if (kind === 'FULL') {
        const pass = await readPass(tx, run.id);
        if (pass?.passId && pass.notesKeys)
          await removeAssignmentsNotSeen(tx, run.id, run.tokenId, pass.passId);
      }
      await forgetPassKeys(tx, run.id);
      await recordAssignmentsAdded(tx, run.id, run.tokenId);
    }
    const { lastFullSyncAt } = await succeedRun(tx, run, deps.workerId, result);
    await queueFollowUps(tx, run, outcome);
    return kind === 'FULL' ? lastFullSyncAt : null;
  });
}

/** FAIL or GIVE_UP: what the run committed before it failed stays, and is counted. */
export async function finishFailedRun(
  deps: SyncDeps,
  run: LeasedRun,
  failure: RunFailure & { foreignMdmInfo?: unknown },
): Promise<void> {
  await withTransaction(deps.database, async (tx) => {
    await mergeNotedAssignments(tx, run.id, run.tokenId);
    await forgetPassKeys(tx, run.id);
    await recordAssignmentsAdded(tx, run.id, run.tokenId);
    await failRun(tx, run, failure);
    await markToken(tx, run.tokenId, tokenMarkFor(failure.code), failure.foreignMdmInfo ?? null);
    await queueFailureFollowUps(tx, run);
  });
}

/** RETRY_LATER: the token rests for the backoff and the queue's next attempt takes the run. */
export async function releaseForRetry(deps: SyncDeps, run: LeasedRun, backoffMs: number): Promise<void> {
  await withTransaction(deps.database, (tx) => retryLater(tx, run, deps.workerId, backoffMs));
}
