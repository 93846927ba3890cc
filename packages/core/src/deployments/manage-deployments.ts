import type { Deployment } from '@vpp/contracts/deployments';
import { AppError } from '@vpp/contracts/errors';
import type { Prisma } from '@vpp/db/client';
import type { Database, Db } from '@vpp/db/database';
import { escapeLike } from '@vpp/db/like-pattern';
import { withTransaction } from '@vpp/db/transaction';
import { deploymentSummaries } from '../applications/manage-applications.ts';
import { recordAuditSql } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';
import { loadStoppableDeployment, lockStoreApp, markStopped } from './deployment-store.ts';

export async function getDeployment(
  database: Pick<Database, 'prisma'>,
  id: string,
  query: { page: number; pageSize: number; state?: string | undefined; search?: string | undefined },
): Promise<Deployment> {
  // One snapshot: the status, the counts and the targets must agree while deployments move.
  return database.prisma.$transaction((db) => readDeployment(db, id, query), {
    isolationLevel: 'RepeatableRead',
  });
}

async function readDeployment(
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
      include: {
        device: { select: { serialNumber: true } },
        person: { select: { email: true } },
        removedBy: { select: { id: true, createdAt: true, collection: { select: { name: true } } } },
      },
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
      removedBy: target.removedBy
        ? {
            deploymentId: target.removedBy.id,
            collectionName: target.removedBy.collection.name,
            createdAt: target.removedBy.createdAt.toISOString(),
          }
        : null,
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

/**
 * Stops further work on a deployment. Licenses stay where they are (an uninstall deployment releases
 * them); the reservations of targets not yet sent to Apple go back at once.
 */
export async function stopDeployment(database: Database, ctx: RequestContext, id: string): Promise<void> {
  await withTransaction(database, async (tx) => {
    const deployment = await loadStoppableDeployment(tx, id);
    if (!deployment) throw new AppError('NOT_FOUND', 'No such deployment.');
    // The app's row first, as every use case that moves reservations locks it first.
    await lockStoreApp(tx, deployment.store_app_id);
    const returned = await markStopped(tx, deployment);
    if (returned === null) return;
    await recordAuditSql(tx, ctx, {
      action: 'deployment.stop',
      targetType: 'deployment',
      targetId: id,
      summary: `Stopped the ${deployment.action.toLowerCase()} of ${deployment.application_name} to ${deployment.collection_name}`,
      before: { status: deployment.status },
      after: { status: 'STOPPED', reservationsReturned: returned },
    });
  });
}
