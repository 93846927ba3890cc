import type {
  LicenseIntelligenceSettings,
  updateLicenseIntelligenceSettingsSchema,
} from '@vpp/contracts/license-intelligence';
import type { Db, DbClient } from '@vpp/db/database';
import { DEFAULT_HORIZON_DAYS } from '@vpp/domain/license-intelligence/forecast';
import type { z } from 'zod';
import { recordAudit } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';

// The forecast horizon and the weekly report's recipients, kept in the settings table.

const HORIZON_KEY = 'forecast-horizon-days';
const WEEKLY_REPORT_KEY = 'weekly-license-report';
export const CURRENCY_SETTING_KEY = 'license-currency';
const CURRENCY_KEY = CURRENCY_SETTING_KEY;
export const DEFAULT_CURRENCY = 'EUR';

export async function readLicenseIntelligenceSettings(db: Db): Promise<LicenseIntelligenceSettings> {
  const rows = await db.setting.findMany({
    where: { key: { in: [HORIZON_KEY, WEEKLY_REPORT_KEY, CURRENCY_KEY] } },
  });
  const value = (key: string) => rows.find((row) => row.key === key)?.value;
  const horizon = value(HORIZON_KEY);
  const weekly = value(WEEKLY_REPORT_KEY) as { enabled?: unknown; recipients?: unknown } | undefined;
  const currency = value(CURRENCY_KEY);
  return {
    forecastHorizonDays: typeof horizon === 'number' ? horizon : DEFAULT_HORIZON_DAYS,
    currency: typeof currency === 'string' ? currency : DEFAULT_CURRENCY,
    weeklyReport: {
      enabled: weekly?.enabled === true,
      recipients: Array.isArray(weekly?.recipients)
        ? weekly.recipients.filter((entry): entry is string => typeof entry === 'string')
        : [],
    },
  };
}

/** The organisation's currency for license prices (ISO 4217). */
export async function readCurrency(db: Db): Promise<string> {
  const row = await db.setting.findUnique({ where: { key: CURRENCY_KEY } });
  return typeof row?.value === 'string' ? row.value : DEFAULT_CURRENCY;
}

/** The horizon a request asked for, or the saved one. */
export async function horizonDaysFor(db: Db, asked: number | undefined): Promise<number> {
  if (asked !== undefined) return asked;
  return (await readLicenseIntelligenceSettings(db)).forecastHorizonDays;
}

export async function updateLicenseIntelligenceSettings(
  prisma: DbClient,
  ctx: RequestContext,
  changes: z.output<typeof updateLicenseIntelligenceSettingsSchema>,
): Promise<LicenseIntelligenceSettings> {
  return prisma.$transaction(async (tx) => {
    const before = await readLicenseIntelligenceSettings(tx);
    const save = (key: string, value: object | number | string) =>
      tx.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
    if (changes.forecastHorizonDays !== undefined) await save(HORIZON_KEY, changes.forecastHorizonDays);
    if (changes.weeklyReport !== undefined) await save(WEEKLY_REPORT_KEY, changes.weeklyReport);
    if (changes.currency !== undefined) await save(CURRENCY_KEY, changes.currency);
    const after = await readLicenseIntelligenceSettings(tx);
    await recordAudit(tx, ctx, {
      action: 'license-intelligence-settings.update',
      targetType: 'settings',
      summary: 'Updated the forecast horizon, currency and weekly report settings',
      before: { ...before },
      after: { ...after },
    });
    return after;
  });
}
