import type { MdmEventsRequest } from '@vpp/contracts/deployments';
import type { DbClient } from '@vpp/db/database';
import { enqueueJob } from '@vpp/job-queue/job-queue';
import { PROGRESS_DEPLOYMENT_TASK } from '../deployments/deployment-tasks.ts';

export interface MdmEventsOutcome {
  applied: number;
  /** Reports for unknown commands or targets no longer waiting for them. */
  ignored: number;
}

/**
 * The device side's reports. An install moves a LICENSED target to INSTALLED (or FAILED); a removal
 * moves a PENDING uninstall target to REMOVED, after which its license may be released — never before.
 */
export async function applyMdmEvents(prisma: DbClient, request: MdmEventsRequest): Promise<MdmEventsOutcome> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const events = request.events.filter((event) => uuid.test(event.commandId));
  const ids = events.map((event) => event.commandId);
  return prisma.$transaction(async (tx) => {
    const updated = await tx.$queryRaw<{ deployment_id: string; action: string; state: string }[]>`
      WITH report AS (
        SELECT * FROM unnest(${ids}::uuid[], ${events.map((event) => event.status)}::text[],
                             ${events.map((event) => event.error ?? null)}::text[]) AS r(target_id, status, error)
      )
      UPDATE deployment_targets t SET
        state = CASE
          WHEN r.status = 'FAILED' THEN 'FAILED'::"TargetState"
          WHEN d.action = 'INSTALL' THEN 'INSTALLED'::"TargetState"
          ELSE 'REMOVED'::"TargetState" END,
        error = CASE WHEN r.status = 'FAILED' THEN coalesce(r.error, 'The device reported a failure.') ELSE NULL END,
        error_code = CASE WHEN r.status = 'FAILED' THEN 'DEVICE_FAILED' ELSE NULL END,
        updated_at = now()
      FROM report r, deployments d
      WHERE t.id = r.target_id AND d.id = t.deployment_id AND d.status = 'ACTIVE'
        AND ((d.action = 'INSTALL' AND t.state = 'LICENSED' AND r.status IN ('INSTALLED', 'FAILED'))
          OR (d.action = 'UNINSTALL' AND t.state = 'PENDING' AND r.status IN ('REMOVED', 'FAILED')))
      RETURNING t.deployment_id, d.action, t.state::text`;
    const toRelease = new Set(
      updated
        .filter((row) => row.action === 'UNINSTALL' && row.state === 'REMOVED')
        .map((row) => row.deployment_id),
    );
    for (const deploymentId of toRelease) {
      await enqueueJob(
        tx,
        PROGRESS_DEPLOYMENT_TASK,
        { deploymentId },
        { jobKey: `deployment:${deploymentId}` },
      );
    }
    return { applied: updated.length, ignored: request.events.length - updated.length };
  });
}
