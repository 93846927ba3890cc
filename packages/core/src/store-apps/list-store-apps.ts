import { AppError } from '@vpp/contracts/errors';
import type { Paged } from '@vpp/contracts/paging';
import type { StoreApp, StoreAppQuery } from '@vpp/contracts/store-apps';
import type { Prisma } from '@vpp/db/client';
import type { Db } from '@vpp/db/database';
import { escapeLike } from '@vpp/db/like-pattern';
import { forecastExhaustion } from '@vpp/domain/license-intelligence/forecast';
import { horizonDaysFor } from '../license-history/license-intelligence-settings.ts';

const storeAppInclude = {
  token: { select: { id: true, name: true, type: true } },
  _count: { select: { applications: true } },
  burnRate: { select: { perDay: true } },
} as const;

type StoreAppRow = Prisma.StoreAppGetPayload<{ include: typeof storeAppInclude }>;

/** What a row's forecast needs besides the row: today and the horizon to buy for. */
export interface ForecastContext {
  today: Date;
  horizonDays: number;
}

export function toStoreApp(row: StoreAppRow, forecast: ForecastContext): StoreApp {
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
    forecast: forecastExhaustion(
      { available: row.availableCount, unlimited: row.unlimited, perDay: row.burnRate?.perDay ?? null },
      forecast,
    ),
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

export async function listStoreApps(
  db: Db,
  query: StoreAppQuery,
  now: Date = new Date(),
): Promise<Paged<StoreApp>> {
  const where = storeAppWhere(query);
  const [total, rows, horizonDays] = await Promise.all([
    db.storeApp.count({ where }),
    db.storeApp.findMany({
      where,
      include: storeAppInclude,
      orderBy: orderBy(query.sort),
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    horizonDaysFor(db, query.horizonDays),
  ]);
  const forecast = { today: now, horizonDays };
  return {
    total,
    page: query.page,
    pageSize: query.pageSize,
    items: rows.map((row) => toStoreApp(row, forecast)),
  };
}

export async function getStoreApp(
  db: Db,
  id: string,
  options: { now?: Date; horizonDays?: number } = {},
): Promise<StoreApp> {
  const [row, horizonDays] = await Promise.all([
    db.storeApp.findUnique({ where: { id }, include: storeAppInclude }),
    horizonDaysFor(db, options.horizonDays),
  ]);
  if (!row) throw new AppError('NOT_FOUND', 'No such store app.');
  return toStoreApp(row, { today: options.now ?? new Date(), horizonDays });
}
