import type { Database } from '@vpp/db/database';
import { type Transaction, withTransaction } from '@vpp/db/transaction';
import type { ManagedApplication } from '@vpp/nanomdm-client/webhook';
import { confirmMdmInstallJob, progressDeploymentJob } from '../jobs/jobs.ts';
import type { MdmGateway } from '../mdm/mdm-gateway.ts';
import { applyDeviceReports } from './apply-device-reports.ts';
import {
  type CommandResultTarget,
  loadInstallToConfirm,
  markInstallAcknowledged,
  recordConfirmCommands,
  resendCommands,
} from './deployment-store.ts';

// An acknowledged InstallApplication only means the device accepted the command; the App Store then
// downloads the app. So the target becomes INSTALLED only when the device's ManagedApplicationList
// lists the app as `Managed`. While it reports the app as still on its way (Installing, Queued,
// Prompting…) it is asked again a little later; an app that is missing or failed makes the target
// FAILED with the reason in plain words.

/** ManagedApplicationList statuses of an app that is still on its way to the device. */
const ON_ITS_WAY = new Set([
  'Queued',
  'NeedsRedemption',
  'Redeeming',
  'Prompting',
  'PromptingForLogin',
  'PromptingForManagement',
  'ValidatingPurchase',
  'Installing',
  'Updating',
  'ValidatingUpdate',
  'PromptingForUpdate',
  'PromptingForUpdateLogin',
]);

/** How often a device is asked while the app is still on its way, before the target fails. */
export const MAX_CONFIRM_CHECKS = 20;

/** The wait before asking again: 5 s, 10 s, 20 s… at most 5 minutes. */
function nextCheckDelayMs(checks: number): number {
  return Math.min(300_000, 5000 * 2 ** Math.min(Math.max(checks - 1, 0), 10));
}

/**
 * The device acknowledged the InstallApplication of these targets: remember it, and queue the
 * ManagedApplicationList that confirms the install. A repeated acknowledgement queues nothing new.
 */
export async function recordInstallAcknowledged(
  tx: Transaction,
  targetIds: string[],
  udid: string,
): Promise<number> {
  if (targetIds.length === 0) return 0;
  const acknowledged = await markInstallAcknowledged(tx, targetIds);
  for (const targetId of acknowledged) await confirmMdmInstallJob.enqueue(tx, { targetId, udid });
  return acknowledged.length;
}

export interface ConfirmInstallDeps {
  database: Database;
  mdmGateway: MdmGateway | null;
}

/**
 * Sends the ManagedApplicationList for one acknowledged install. Throws when the MDM did not take
 * it, so the job is retried later (with the queue's backoff).
 */
export async function sendInstallConfirmation(
  deps: ConfirmInstallDeps,
  targetId: string,
  udid: string,
): Promise<'sent' | 'installed-unconfirmed' | 'nothing-to-do'> {
  const { pool } = deps.database;
  const target = await loadInstallToConfirm(pool, targetId);
  if (target?.state !== 'LICENSED') return 'nothing-to-do';
  const gateway = deps.mdmGateway;
  const result =
    target.bundle_id === null || !gateway?.confirmInstalls
      ? undefined
      : await gateway.confirmInstalls([{ commandId: targetId, udid, bundleId: target.bundle_id }]);
  if (result === undefined) {
    // Nothing to ask by (Apple gave no bundle id) or nobody to ask: the acknowledgement is all we get.
    await applyDeviceReports(deps.database, {
      events: [{ commandId: targetId, serialNumber: udid, status: 'INSTALLED' }],
    });
    return 'installed-unconfirmed';
  }
  await recordConfirmCommands(
    pool,
    result.commandUuids
      .filter((entry) => entry.commandId === targetId)
      .map((entry) => ({ targetId, commandUuid: entry.mdmCommandUuid })),
  );
  if (result.deferred.includes(targetId)) {
    throw new Error('the MDM did not take the ManagedApplicationList; it is sent again later');
  }
  return 'sent';
}

/** What a ManagedApplicationList answer says about one target's app. */
export function judgeManagedApplicationList(
  bundleId: string,
  apps: readonly ManagedApplication[] | undefined,
): { verdict: 'installed' } | { verdict: 'on-its-way' } | { verdict: 'failed'; reason: string } {
  const app = apps?.find((candidate) => candidate.bundleId === bundleId);
  if (app === undefined) {
    return {
      verdict: 'failed',
      reason: `The device acknowledged the install, but its list of managed apps does not include ${bundleId}.`,
    };
  }
  if (app.status === 'Managed') return { verdict: 'installed' };
  if (ON_ITS_WAY.has(app.status)) return { verdict: 'on-its-way' };
  return {
    verdict: 'failed',
    reason: `The device lists ${bundleId} as “${app.status}”, not installed.`,
  };
}

/** Applies a ManagedApplicationList answer to the install targets it confirms. */
export async function applyInstallConfirmations(
  database: Database,
  targets: CommandResultTarget[],
  udid: string,
  apps: readonly ManagedApplication[] | undefined,
): Promise<number> {
  const events: {
    commandId: string;
    serialNumber: string;
    status: 'INSTALLED' | 'FAILED';
    error?: string;
  }[] = [];
  const askAgain: { targetId: string; checks: number }[] = [];
  const sendAgain: string[] = [];
  for (const target of targets) {
    if (target.state !== 'LICENSED' || target.bundle_id === null) continue;
    const judged = judgeManagedApplicationList(target.bundle_id, apps);
    if (
      judged.verdict === 'failed' &&
      !target.acknowledged &&
      !apps?.some((app) => app.bundleId === target.bundle_id)
    ) {
      // The reconciler asked about an install whose acknowledgement never arrived (lost while the
      // database was down, or the command never reached the device): it goes again.
      sendAgain.push(target.target_id);
    } else if (judged.verdict === 'installed') {
      events.push({ commandId: target.target_id, serialNumber: udid, status: 'INSTALLED' });
    } else if (judged.verdict === 'failed') {
      events.push({
        commandId: target.target_id,
        serialNumber: udid,
        status: 'FAILED',
        error: judged.reason,
      });
    } else if (target.confirm_checks >= MAX_CONFIRM_CHECKS) {
      events.push({
        commandId: target.target_id,
        serialNumber: udid,
        status: 'FAILED',
        error: `The device still reports ${target.bundle_id} as on its way after ${target.confirm_checks} checks.`,
      });
    } else {
      askAgain.push({ targetId: target.target_id, checks: target.confirm_checks });
    }
  }
  if (askAgain.length > 0) {
    await withTransaction(database, async (tx) => {
      for (const again of askAgain) {
        await confirmMdmInstallJob.enqueue(
          tx,
          { targetId: again.targetId, udid },
          { runAt: new Date(Date.now() + nextCheckDelayMs(again.checks)) },
        );
      }
    });
  }
  await requeueCommands(database, sendAgain);
  if (events.length === 0) return 0;
  return (await applyDeviceReports(database, { events })).applied;
}

/** Commands the device does not have go again with the deployment's next step. */
export async function requeueCommands(database: Database, targetIds: string[]): Promise<void> {
  if (targetIds.length === 0) return;
  await withTransaction(database, async (tx) => {
    for (const deploymentId of await resendCommands(tx, targetIds)) {
      await progressDeploymentJob.enqueue(tx, { deploymentId });
    }
  });
}

/**
 * Applies a ManagedApplicationList answer to uninstall targets the reconciler asked about (their
 * RemoveApplication report never arrived): the app gone means REMOVED; still there, the command
 * goes again.
 */
export async function applyRemovalChecks(
  database: Database,
  targets: CommandResultTarget[],
  udid: string,
  apps: readonly ManagedApplication[] | undefined,
): Promise<number> {
  const removed: string[] = [];
  const sendAgain: string[] = [];
  for (const target of targets) {
    if (target.state !== 'PENDING' || target.bundle_id === null) continue;
    const present = apps?.some((app) => app.bundleId === target.bundle_id) ?? false;
    (present ? sendAgain : removed).push(target.target_id);
  }
  await requeueCommands(database, sendAgain);
  if (removed.length === 0) return 0;
  return (
    await applyDeviceReports(database, {
      events: removed.map((commandId) => ({ commandId, serialNumber: udid, status: 'REMOVED' as const })),
    })
  ).applied;
}
