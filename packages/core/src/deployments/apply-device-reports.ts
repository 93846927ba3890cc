import type { MdmEventsRequest } from '@vpp/contracts/deployments';
import type { Database } from '@vpp/db/database';
import { withTransaction } from '@vpp/db/transaction';
import { progressDeploymentJob } from '../jobs/jobs.ts';
import {
  finishSettled,
  markRemovedByUninstall,
  applyDeviceReports as markReported,
} from './deployment-store.ts';

export interface DeviceReportsOutcome {
  applied: number;
  /** Reports for unknown commands or targets no longer waiting for them. */
  ignored: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What devices said about their commands. An install moves a LICENSED target to INSTALLED (or
 * FAILED); a removal moves a PENDING uninstall target to REMOVED, after which its license may be
 * released — never before — and the install targets that held that license show REMOVED too.
 */
export async function applyDeviceReports(
  database: Database,
  request: MdmEventsRequest,
): Promise<DeviceReportsOutcome> {
  const reports = request.events
    .filter((event) => UUID.test(event.commandId))
    .map((event) => ({ targetId: event.commandId, status: event.status, error: event.error ?? null }));
  return withTransaction(database, async (tx) => {
    const moved = await markReported(tx, reports);
    const removed = moved.filter((target) => target.action === 'UNINSTALL' && target.state === 'REMOVED');
    const installs = await markRemovedByUninstall(
      tx,
      removed.map((target) => target.id),
    );
    await finishSettled(tx, [...moved.map((target) => target.deployment_id), ...installs]);
    // Removed apps' licenses are released by the deployment's next step.
    for (const deploymentId of new Set(removed.map((target) => target.deployment_id))) {
      await progressDeploymentJob.enqueue(tx, { deploymentId });
    }
    return { applied: moved.length, ignored: request.events.length - moved.length };
  });
}
