import type { VppClientFactory } from '@vpp/apple-vpp-client';
import type { Database } from '@vpp/db/database';
import { withTransaction } from '@vpp/db/transaction';
import { checkAppleEventJob, progressDeploymentJob } from '../jobs/jobs.ts';
import type { MdmGateway } from '../mdm/mdm-gateway.ts';
import type { TokenCipher } from '../tokens/token-cipher.ts';
import { checkAppleEvent } from './apply-apple-event.ts';
import {
  activeDeploymentIds,
  countReconcilerFixes,
  finishSettled,
  recordConfirmCommands,
  releaseOrphanedReservations,
  staleAppleEvents,
  stalledDeployments,
  unreportedCommands,
} from './deployment-store.ts';

// The deployment reconciler: compares what the console believes with what is true at Apple and on
// the devices, and moves targets to the true state. It runs when the worker starts, on a schedule
// (every RECONCILE_DEPLOYMENTS_SECONDS, core/jobs, so the first run after the database returns is seconds away), and is
// safe to run on every worker at once: each fix is a guarded statement or an idempotent step.
//
// - Deployments with work and no live lease (a crashed worker, a job lost with its connection) get a
//   fresh job; their step resolves any intent left behind by asking Apple's /assignments.
// - Apple events still PENDING here that nobody polls any more are asked about (/status) now.
// - Commands sent with no report for DEPLOYMENT_RECHECK_SECONDS (a webhook lost while the database
//   was down) are re-checked on the device with a ManagedApplicationList; its answer moves the
//   target (installed → INSTALLED, app gone → REMOVED, missing → the command goes again).
// - Reservations no claim can use any more are released, and each app's reserved count is set to
//   what its targets hold.
// - Active deployments whose every target settled are marked FINISHED.
// What it fixed is logged and added to counters shown on /metrics.

/** An Apple event nobody asked about for this long has lost its polling job. */
const STALE_EVENT_MS = 10_000;

export interface ReconcileDeps {
  database: Database;
  cipher: TokenCipher;
  appleClients: VppClientFactory;
  mdmGateway: MdmGateway | null;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  config?: { DEPLOYMENT_RECHECK_SECONDS: number };
}

export type ReconcilerFixes = Record<
  | 'deployments_resumed'
  | 'apple_events_rechecked'
  | 'commands_rechecked'
  | 'reservations_released'
  | 'reserved_counts_fixed'
  | 'deployments_finished',
  number
>;

/**
 * Gives every stalled deployment a fresh job (a job key replaces a waiting copy; a copy locked by a
 * dead worker is left behind). Returns how many.
 */
export async function resumeStalledDeployments(database: Database): Promise<number> {
  const stalled = await stalledDeployments(database.pool);
  if (stalled.length === 0) return 0;
  await withTransaction(database, async (tx) => {
    for (const deploymentId of stalled) await progressDeploymentJob.enqueue(tx, { deploymentId });
    await countReconcilerFixes(tx, { deployments_resumed: stalled.length });
  });
  return stalled.length;
}

export async function reconcileDeployments(deps: ReconcileDeps): Promise<ReconcilerFixes> {
  const { database } = deps;
  const fixes: ReconcilerFixes = {
    deployments_resumed: 0,
    apple_events_rechecked: 0,
    commands_rechecked: 0,
    reservations_released: 0,
    reserved_counts_fixed: 0,
    deployments_finished: 0,
  };

  // Steps a crash left behind: their next step resolves intents and carries on.
  const stalled = await stalledDeployments(database.pool);
  if (stalled.length > 0) {
    await withTransaction(database, async (tx) => {
      for (const deploymentId of stalled) await progressDeploymentJob.enqueue(tx, { deploymentId });
    });
    fixes.deployments_resumed = stalled.length;
  }

  // Apple events whose polling job died: ask /status now (applying an outcome is claimed once).
  for (const eventId of await staleAppleEvents(database.pool, STALE_EVENT_MS)) {
    try {
      const outcome = await checkAppleEvent(deps, eventId);
      if (outcome === 'pending') {
        await checkAppleEventJob.enqueue(
          database.prisma,
          { eventId },
          { runAt: new Date(Date.now() + 2000) },
        );
      }
      fixes.apple_events_rechecked += 1;
    } catch (error) {
      deps.logger.warn({ err: error, eventId }, 'could not ask Apple about an event; tried again next run');
    }
  }

  // Commands whose report never came: ask the device what it has.
  const gateway = deps.mdmGateway;
  if (gateway?.confirmInstalls) {
    const staleMs = (deps.config?.DEPLOYMENT_RECHECK_SECONDS ?? 120) * 1000;
    const unreported = await unreportedCommands(database.pool, staleMs);
    if (unreported.length > 0) {
      const asked = await gateway.confirmInstalls(
        unreported.map((row) => ({ commandId: row.target_id, udid: row.udid, bundleId: row.bundle_id })),
      );
      await recordConfirmCommands(
        database.pool,
        (asked?.commandUuids ?? []).map((entry) => ({
          targetId: entry.commandId,
          commandUuid: entry.mdmCommandUuid,
        })),
        { countsAsCheck: false },
      );
      fixes.commands_rechecked = asked?.commandUuids.length ?? 0;
    }
  }

  // Reservations of work that no longer runs.
  const reservations = await withTransaction(database, (tx) => releaseOrphanedReservations(tx));
  fixes.reservations_released = reservations.targets;
  fixes.reserved_counts_fixed = reservations.appsRecounted;

  // Deployments that settled without being marked (the last report's transaction was lost).
  const active = await activeDeploymentIds(database.pool);
  if (active.length > 0) {
    fixes.deployments_finished = (await withTransaction(database, (tx) => finishSettled(tx, active))).length;
  }

  await countReconcilerFixes(database.pool, fixes);
  if (Object.values(fixes).some((count) => count > 0)) {
    deps.logger.warn({ ...fixes }, 'deployment reconciler fixed what it found');
  }
  return fixes;
}
