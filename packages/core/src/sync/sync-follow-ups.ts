import type { Transaction } from '@vpp/db/transaction';
import { evaluateAlertsJob, retryLicenseShortfallsJob } from '../jobs/jobs.ts';
import type { LeasedRun } from './sync-run-store.ts';

export interface SyncFindings {
  /** Store apps or their counts changed: licenses may have been bought since a deployment ran short. */
  storeAppsChanged: boolean;
}

/**
 * Work that hangs off a finished sync, queued in its final transaction (so it happens exactly when
 * the sync commits): shortfall retries and the token's alert rules; license reclaim hangs off here later.
 */
export async function queueFollowUps(tx: Transaction, run: LeasedRun, findings: SyncFindings): Promise<void> {
  if (findings.storeAppsChanged) await retryLicenseShortfallsJob.enqueue(tx, { tokenId: run.tokenId });
  await evaluateAlertsJob.enqueue(tx, { tokenId: run.tokenId });
}

/** A failed run can cross an alert too (SYNC_FAILING, TOKEN_UNUSABLE): queued with the failure. */
export async function queueFailureFollowUps(tx: Transaction, run: LeasedRun): Promise<void> {
  await evaluateAlertsJob.enqueue(tx, { tokenId: run.tokenId });
}
