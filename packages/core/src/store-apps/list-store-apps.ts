import { AppError } from '@vpp/contracts/errors';
import type { Paged } from '@vpp/contracts/paging';
import type { StoreApp, StoreAppQuery } from '@vpp/contracts/store-apps';
import type { Prisma } from '@vpp/db/client';
import type { Db } from '@vpp/db/database';
import { escapeLike } from '@vpp/db/like-pattern';

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

function orderBy(sort: string): Prisma.StoreAppOrderByWithRelationInput[] {
  const direction: Prisma.SortOrder = sort.startsWith('-') ? 'desc' : 'asc';
  const key = sort.replace(/^-/, '');
  const primary: Prisma.StoreAppOrderByWithRelationInput =
    key === 'inUse'
      ? { assignedCount: direction }
      : key === 'available'
        ? { availableCount: direction }
        : key === 'total'
          ? { totalCount: direction }
          : key === 'token'
            ? { token: { name: direction } }
            : key === 'adamId'
              ? { adamId: direction }
              : { name: direction };
  return [primary, { id: 'asc' }];
}

export function storeAppWhere(
  query: Omit<StoreAppQuery, 'page' | 'pageSize' | 'sort'>,
): Prisma.StoreAppWhereInput {
  return {
    ...(query.tokenId ? { tokenId: query.tokenId } : {}),
    ...(query.deviceAssignable !== undefined ? { deviceAssignable: query.deviceAssignable } : {}),
    ...(query.productType ? { productType: query.productType } : {}),
    ...(query.tokenType || query.category
      ? {
          token: {
            ...(query.tokenType ? { type: query.tokenType } : {}),
            ...(query.category ? { categories: { some: { category: { name: query.category } } } } : {}),
          },
        }
      : {}),
    ...(query.search
      ? {
          OR: [
            { name: { contains: escapeLike(query.search), mode: 'insensitive' } },
            { adamId: query.search },
            { bundleId: { equals: query.search, mode: 'insensitive' } },
          ],
        }
      : {}),
  };
}

export async function listStoreApps(db: Db, query: StoreAppQuery): Promise<Paged<StoreApp>> {
  const where = storeAppWhere(query);
  const [total, rows] = await Promise.all([
    db.storeApp.count({ where }),
    db.storeApp.findMany({
      where,
      include: storeAppInclude,
      orderBy: orderBy(query.sort),
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  return { total, page: query.page, pageSize: query.pageSize, items: rows.map(toStoreApp) };
}

export async function getStoreApp(db: Db, id: string): Promise<StoreApp> {
  const row = await db.storeApp.findUnique({ where: { id }, include: storeAppInclude });
  if (!row) throw new AppError('NOT_FOUND', 'No such store app.');
  return toStoreApp(row);
}
