import type { Deployment } from '@vpp/contracts/deployments';
import { AppError } from '@vpp/contracts/errors';
import type { Prisma } from '@vpp/db/client';
import type { Db, DbClient } from '@vpp/db/database';
import { escapeLike } from '@vpp/db/like-pattern';
import { deploymentSummaries } from '../applications/manage-applications.ts';
import { recordAudit } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';

export async function getDeployment(
  db: Db,
  id: string,
  query: { page: number; pageSize: number; state?: string | undefined; search?: string | undefined },
): Promise<Deployment> {
  const row = await db.deployment.findUnique({
    where: { id },
    include: { application: { include: { storeApp: true } } },
  });
  if (!row) throw new AppError('NOT_FOUND', 'No such deployment.');
  const [summary] = await deploymentSummaries(db, { ids: [id] });
  const where: Prisma.DeploymentTargetWhereInput = {
    deploymentId: id,
    ...(query.state ? { state: query.state as Prisma.EnumTargetStateFilter['equals'] } : {}),
    ...(query.search
      ? {
          OR: [
            { assignee: { contains: escapeLike(query.search), mode: 'insensitive' } },
            { device: { serialNumber: { contains: escapeLike(query.search), mode: 'insensitive' } } },
            { person: { email: { contains: escapeLike(query.search), mode: 'insensitive' } } },
          ],
        }
      : {}),
  };
  const [targetsTotal, targets] = await Promise.all([
    db.deploymentTarget.count({ where }),
    db.deploymentTarget.findMany({
      where,
      include: { device: { select: { serialNumber: true } }, person: { select: { email: true } } },
      orderBy: [{ assignee: 'asc' }, { id: 'asc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  return {
    ...summary!,
    application: {
      id: row.application.id,
      name: row.application.name,
      storeAppId: row.application.storeAppId,
      tokenId: row.application.storeApp.tokenId,
    },
    targetsTotal,
    targets: targets.map((target) => ({
      id: target.id,
      target: target.device?.serialNumber ?? target.person?.email ?? target.assignee,
      deviceId: target.deviceId,
      personId: target.personId,
      licenseType: target.licenseType,
      assignee: target.assignee,
      state: target.state,
      error: target.error,
      errorCode: target.errorCode,
      updatedAt: target.updatedAt.toISOString(),
    })),
  };
}

export function refuseActionChange(): never {
  throw new AppError(
    'ACTION_IMMUTABLE',
    "A deployment's action cannot be changed after it is created. To free its licenses, create a new deployment with action Uninstall.",
  );
}

/** Stops further work on a deployment. Licenses stay where they are: an uninstall deployment releases them. */
export async function stopDeployment(prisma: DbClient, ctx: RequestContext, id: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const row = await tx.deployment.findUnique({
      where: { id },
      include: { application: true, collection: true },
    });
    if (!row) throw new AppError('NOT_FOUND', 'No such deployment.');
    if (row.status === 'STOPPED') return;
    await tx.deployment.update({ where: { id }, data: { status: 'STOPPED', stoppedAt: new Date() } });
    // Reservations of targets Apple has not confirmed yet go back to the pool.
    const reserved = await tx.deploymentTarget.updateMany({
      where: { deploymentId: id, reserved: true, eventId: null },
      data: { reserved: false },
    });
    if (reserved.count > 0) {
      await tx.$executeRaw`UPDATE store_apps SET reserved_count = greatest(0, reserved_count - ${reserved.count})
                           WHERE id = ${row.application.storeAppId}::uuid`;
    }
    await recordAudit(tx, ctx, {
      action: 'deployment.stop',
      targetType: 'deployment',
      targetId: id,
      summary: `Stopped the ${row.action.toLowerCase()} of ${row.application.name} to ${row.collection.name}`,
      before: { status: row.status },
      after: { status: 'STOPPED', reservationsReturned: reserved.count },
    });
  });
}
