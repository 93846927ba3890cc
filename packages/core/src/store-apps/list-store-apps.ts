import { AppError } from '@vpp/contracts/errors';
import type { Paged } from '@vpp/contracts/paging';
import type { StoreApp, StoreAppQuery } from '@vpp/contracts/store-apps';
import type { Prisma } from '@vpp/db/client';
import type { Db } from '@vpp/db/database';
import type { Sql } from '@vpp/db/transaction';
import { forecastExhaustion } from '@vpp/domain/license-intelligence/forecast';
import { horizonDaysFor } from '../license-history/license-intelligence-settings.ts';
import { type ForecastContext, selectStoreAppPage } from './store-app-store.ts';

const storeAppInclude = {
  token: { select: { id: true, name: true, type: true } },
  _count: { select: { applications: true } },
  burnRate: { select: { perDay: true } },
} as const;

type StoreAppRow = Prisma.StoreAppGetPayload<{ include: typeof storeAppInclude }>;

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

/** The store-app list: page, count and the saved horizon, at any page size; see store-app-store.ts. */
export async function listStoreApps(
  db: Db,
  sql: Sql,
  query: StoreAppQuery,
  now: Date = new Date(),
): Promise<Paged<StoreApp>> {
  const horizonDays = await horizonDaysFor(db, query.horizonDays);
  const { total, items } = await selectStoreAppPage(sql, query, { today: now, horizonDays });
  return { total, page: query.page, pageSize: query.pageSize, items };
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
