import type { DeploymentRequest } from '@vpp/contracts/deployments';
import { AppError } from '@vpp/contracts/errors';
import type { Database } from '@vpp/db/database';
import { withTransaction } from '@vpp/db/transaction';
import { requireValidApnsCertificate } from '../apns/manage-apns-certificate.ts';
import { recordAuditSql } from '../audit-log/record-audit.ts';
import { progressDeploymentJob } from '../jobs/jobs.ts';
import type { RequestContext } from '../request-context.ts';
import { finishSettled, insertDeployment, lockStoreApp, reserve } from './deployment-store.ts';
import { decideTargets, licensesAlreadyHeld, loadDeploymentContext, planMembers } from './plan-deployment.ts';

/**
 * Creates a deployment and its targets. For an install, the free licenses are reserved in the same
 * transaction, under a lock on the app's row: two deployments racing for the last licenses can
 * never reserve more than there are (Apple's 9709 is the last line of defence, not the first).
 * Targets whose device cannot run the app fail at once, and no license is claimed for them.
 */
export async function createDeployment(
  database: Database,
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
  await requireValidApnsCertificate(database.prisma, now);
  const context = await loadDeploymentContext(database, request);

  return withTransaction(database, async (tx) => {
    const app = await lockStoreApp(tx, context.storeApp.id);
    if (!app) throw new AppError('NOT_FOUND', "The application's store app no longer exists.");
    const members = await planMembers(tx, context, request.action);
    const held =
      request.action === 'INSTALL' ? await licensesAlreadyHeld(tx, context, members) : new Set<string>();
    const decisions = decideTargets(members, request.action, held, app.free);
    const id = await insertDeployment(
      tx,
      {
        applicationId: context.application.id,
        collectionId: context.collection.id,
        action: request.action,
        purpose: request.purpose,
      },
      decisions.map((decision) => ({
        deviceId: decision.member.target.deviceId,
        personId: decision.member.target.personId,
        licenseType: decision.member.target.licenseType,
        assignee: decision.member.target.assignee ?? '',
        state: decision.state,
        reserved: decision.reserves,
        error: decision.failure?.reason ?? null,
        errorCode: decision.failure?.code ?? null,
      })),
    );
    const reserved = decisions.filter((decision) => decision.reserves).length;
    await reserve(tx, context.storeApp.id, reserved);
    // A deployment every target of which failed at once (say, no device runs the app) is finished.
    await finishSettled(tx, [id]);
    await progressDeploymentJob.enqueue(tx, { deploymentId: id });
    const failed = decisions.filter((decision) => decision.state === 'FAILED').length;
    const platformRefused = decisions.filter(
      (decision) => decision.failure?.code === 'PLATFORM_NOT_SUPPORTED',
    ).length;
    await recordAuditSql(tx, ctx, {
      action: 'deployment.create',
      targetType: 'deployment',
      targetId: id,
      summary: `${request.action === 'INSTALL' ? 'Install' : 'Uninstall'} of ${context.application.name} to ${context.collection.name}: ${decisions.length} targets, ${reserved} licenses reserved, ${failed} failing`,
      after: {
        applicationId: context.application.id,
        collectionId: context.collection.id,
        action: request.action,
        purpose: request.purpose,
        targets: decisions.length,
        reserved,
        failed,
        platformNotSupported: platformRefused,
      },
    });
    return { id };
  });
}
