import type { DeploymentRequest } from '@vpp/contracts/deployments';
import { AppError } from '@vpp/contracts/errors';
import type { DbClient } from '@vpp/db/database';
import { enqueueJob } from '@vpp/job-queue/job-queue';
import { requireValidApnsCertificate } from '../apns/manage-apns-certificate.ts';
import { recordAudit } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';
import { PROGRESS_DEPLOYMENT_TASK } from './deployment-tasks.ts';
import {
  decideInstallTargets,
  licensesAlreadyHeld,
  loadDeploymentContext,
  planMembers,
  type TargetDecision,
} from './plan-deployment.ts';

/**
 * Creates a deployment and its targets. For an install, the free licenses are reserved in the same
 * transaction, under a lock on the app's row: two deployments racing for the last licenses can
 * never reserve more than there are (Apple's 9709 is the last line of defence, not the first).
 */
export async function createDeployment(
  prisma: DbClient,
  ctx: RequestContext,
  request: DeploymentRequest,
  now: Date,
): Promise<{ id: string }> {
  if (request.purpose === 'AVAILABLE') {
    throw new AppError(
      'PURPOSE_NOT_SUPPORTED',
      'Purpose "Available" is not supported for volume-purchased apps: deploy them as Required.',
      { errors: [{ path: 'body.purpose', message: 'Available is not supported; use Required' }] },
    );
  }
  await requireValidApnsCertificate(prisma, now);
  const context = await loadDeploymentContext(prisma, request);

  return prisma.$transaction(
    async (tx) => {
      const [app] = await tx.$queryRaw<{ available_count: number; reserved_count: number }[]>`
        SELECT available_count, reserved_count FROM store_apps WHERE id = ${context.storeApp.id}::uuid FOR UPDATE`;
      if (!app) throw new AppError('NOT_FOUND', "The application's store app no longer exists.");
      const members = await planMembers(tx, context);
      let decisions: TargetDecision[];
      if (request.action === 'INSTALL') {
        const held = await licensesAlreadyHeld(tx, context, members);
        decisions = decideInstallTargets(members, held, app.available_count - app.reserved_count);
      } else {
        decisions = members.map((member) =>
          member.target.assignee === null
            ? { member, state: 'FAILED' as const, reserves: false, failure: member.target.failure }
            : { member, state: 'PENDING' as const, reserves: false, failure: null },
        );
      }
      const deployment = await tx.deployment.create({
        data: {
          applicationId: context.application.id,
          collectionId: context.collection.id,
          action: request.action,
          purpose: request.purpose,
        },
      });
      // One statement for any number of targets.
      await tx.$executeRaw`
        INSERT INTO deployment_targets (id, deployment_id, device_id, person_id, license_type, assignee, state, reserved,
                                        error, error_code, updated_at)
        SELECT gen_random_uuid(), ${deployment.id}::uuid, t.device_id, t.person_id, t.license_type::"LicenseType",
               t.assignee, t.state::"TargetState", t.reserves, t.error, t.error_code, now()
          FROM unnest(${decisions.map((d) => d.member.target.deviceId)}::uuid[],
                      ${decisions.map((d) => d.member.target.personId)}::uuid[],
                      ${decisions.map((d) => d.member.target.licenseType)}::text[],
                      ${decisions.map((d) => d.member.target.assignee ?? '')}::text[],
                      ${decisions.map((d) => d.state)}::text[],
                      ${decisions.map((d) => d.reserves)}::bool[],
                      ${decisions.map((d) => d.failure?.reason ?? null)}::text[],
                      ${decisions.map((d) => d.failure?.code ?? null)}::text[])
               AS t(device_id, person_id, license_type, assignee, state, reserves, error, error_code)`;
      const reserved = decisions.filter((decision) => decision.reserves).length;
      if (reserved > 0) {
        await tx.$executeRaw`
          UPDATE store_apps SET reserved_count = reserved_count + ${reserved} WHERE id = ${context.storeApp.id}::uuid`;
      }
      await enqueueJob(
        tx,
        PROGRESS_DEPLOYMENT_TASK,
        { deploymentId: deployment.id },
        {
          jobKey: `deployment:${deployment.id}`,
        },
      );
      const failed = decisions.filter((decision) => decision.state === 'FAILED').length;
      await recordAudit(tx, ctx, {
        action: 'deployment.create',
        targetType: 'deployment',
        targetId: deployment.id,
        summary: `${request.action === 'INSTALL' ? 'Install' : 'Uninstall'} of ${context.application.name} to ${context.collection.name}: ${decisions.length} targets, ${reserved} licenses reserved, ${failed} failing`,
        after: {
          applicationId: context.application.id,
          collectionId: context.collection.id,
          action: request.action,
          purpose: request.purpose,
          targets: decisions.length,
          reserved,
          failed,
        },
      });
      return { id: deployment.id };
    },
    { timeout: 60_000 },
  );
}
