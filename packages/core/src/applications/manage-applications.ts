import type { Application, DeploymentSummary } from '@vpp/contracts/deployments';
import { AppError } from '@vpp/contracts/errors';
import type { Paged } from '@vpp/contracts/paging';
import type { Db, DbClient } from '@vpp/db/database';
import type { Sql } from '@vpp/db/transaction';
import { recordAudit } from '../audit-log/record-audit.ts';
import { horizonDaysFor } from '../license-history/license-intelligence-settings.ts';
import type { RequestContext } from '../request-context.ts';
import { getStoreApp } from '../store-apps/list-store-apps.ts';
import { type ApplicationPageQuery, selectApplicationPage } from './application-store.ts';

/** Target counts per state for each deployment, in one query. */
export async function deploymentCounts(
  db: Db,
  deploymentIds: string[],
): Promise<Map<string, Record<string, number>>> {
  const rows = await db.$queryRaw<{ deployment_id: string; state: string; n: number }[]>`
    SELECT deployment_id, state::text, count(*)::int AS n FROM deployment_targets
     WHERE deployment_id = ANY(${deploymentIds}::uuid[]) GROUP BY deployment_id, state`;
  const counts = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const entry = counts.get(row.deployment_id) ?? {};
    entry[row.state] = row.n;
    counts.set(row.deployment_id, entry);
  }
  return counts;
}

export async function deploymentSummaries(
  db: Db,
  where: { applicationId?: string; ids?: string[] },
): Promise<DeploymentSummary[]> {
  const rows = await db.deployment.findMany({
    where: {
      ...(where.applicationId ? { applicationId: where.applicationId } : {}),
      ...(where.ids ? { id: { in: where.ids } } : {}),
    },
    include: { collection: { select: { name: true, type: true } } },
    orderBy: { createdAt: 'desc' },
  });
  const counts = await deploymentCounts(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    applicationId: row.applicationId,
    collectionId: row.collectionId,
    collectionName: row.collection.name,
    collectionType: row.collection.type,
    action: row.action,
    purpose: row.purpose,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    counts: counts.get(row.id) ?? {},
  }));
}

export async function getApplication(db: Db, id: string): Promise<Application> {
  const row = await db.application.findUnique({ where: { id } });
  if (!row) throw new AppError('NOT_FOUND', 'No such application.');
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    storeApp: await getStoreApp(db, row.storeAppId),
    deployments: await deploymentSummaries(db, { applicationId: row.id }),
  };
}

/** The application list: page (with store apps and deployments), count and the forecast horizon. */
export async function listApplications(
  db: Db,
  sql: Sql,
  query: ApplicationPageQuery,
  now: Date = new Date(),
): Promise<Paged<Application>> {
  const horizonDays = await horizonDaysFor(db, undefined);
  const { total, items } = await selectApplicationPage(sql, query, { today: now, horizonDays });
  return { total, page: query.page, pageSize: query.pageSize, items };
}

/** An application is made from one store-app row and stays bound to that token's licenses. */
export async function createApplication(
  prisma: DbClient,
  ctx: RequestContext,
  storeAppId: string,
  name: string | undefined,
): Promise<Application> {
  const storeApp = await getStoreApp(prisma, storeAppId);
  const id = await prisma.$transaction(async (tx) => {
    const row = await tx.application.create({
      data: { storeAppId, name: name ?? (storeApp.name || `App ${storeApp.adamId}`) },
    });
    await recordAudit(tx, ctx, {
      action: 'application.create',
      targetType: 'application',
      targetId: row.id,
      summary: `Created application ${row.name} from ${storeApp.name || storeApp.adamId} (token ${storeApp.token.name})`,
      after: { name: row.name, storeAppId, adamId: storeApp.adamId, tokenId: storeApp.token.id },
    });
    return row.id;
  });
  return getApplication(prisma, id);
}
