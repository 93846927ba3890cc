import { AppError } from '@vpp/contracts/errors';
import type { Paged } from '@vpp/contracts/paging';
import type { StoreApp, StoreAppQuery } from '@vpp/contracts/store-apps';
import type { Prisma } from '@vpp/db/client';
import type { Db } from '@vpp/db/database';
import type { Sql } from '@vpp/db/transaction';
import { selectStoreAppPage } from './store-app-store.ts';

const storeAppInclude = {
  token: { select: { id: true, name: true, type: true } },
  _count: { select: { applications: true } },
} as const;

type StoreAppRow = Prisma.StoreAppGetPayload<{ include: typeof storeAppInclude }>;

export function toStoreApp(row: StoreAppRow): StoreApp {
  return {
    id: row.id,
    adamId: row.adamId,
    name: row.name,
    iconUrl: row.iconUrl,
    bundleId: row.bundleId,
    pricingParam: row.pricingParam,
    productType: row.productType,
    platforms: row.platforms,
    deviceAssignable: row.deviceAssignable,
    unlimited: row.unlimited,
    totalCount: row.totalCount,
    assignedCount: row.assignedCount,
    availableCount: row.availableCount,
    retiredCount: row.retiredCount,
    reservedCount: row.reservedCount,
    token: row.token,
    applicationCount: row._count.applications,
  };
}

/** The store-app list: two statements (page and count) at any page size; see store-app-store.ts. */
export async function listStoreApps(sql: Sql, query: StoreAppQuery): Promise<Paged<StoreApp>> {
  const { total, items } = await selectStoreAppPage(sql, query);
  return { total, page: query.page, pageSize: query.pageSize, items };
}

export async function getStoreApp(db: Db, id: string): Promise<StoreApp> {
  const row = await db.storeApp.findUnique({ where: { id }, include: storeAppInclude });
  if (!row) throw new AppError('NOT_FOUND', 'No such store app.');
  return toStoreApp(row);
}
