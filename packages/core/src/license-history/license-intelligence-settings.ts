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

export async function readLicenseIntelligenceSettings(db: Db): Promise<LicenseIntelligenceSettings> {
  const rows = await db.setting.findMany({ where: { key: { in: [HORIZON_KEY, WEEKLY_REPORT_KEY] } } });
  const value = (key: string) => rows.find((row) => row.key === key)?.value;
  const horizon = value(HORIZON_KEY);
  const weekly = value(WEEKLY_REPORT_KEY) as { enabled?: unknown; recipients?: unknown } | undefined;
  return {
    forecastHorizonDays: typeof horizon === 'number' ? horizon : DEFAULT_HORIZON_DAYS,
    weeklyReport: {
      enabled: weekly?.enabled === true,
      recipients: Array.isArray(weekly?.recipients)
        ? weekly.recipients.filter((entry): entry is string => typeof entry === 'string')
        : [],
    },
  };
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
    const save = (key: string, value: object | number) =>
      tx.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
    if (changes.forecastHorizonDays !== undefined) await save(HORIZON_KEY, changes.forecastHorizonDays);
    if (changes.weeklyReport !== undefined) await save(WEEKLY_REPORT_KEY, changes.weeklyReport);
    const after = await readLicenseIntelligenceSettings(tx);
    await recordAudit(tx, ctx, {
      action: 'license-intelligence-settings.update',
      targetType: 'settings',
      summary: 'Updated the forecast horizon and weekly report settings',
      before: { ...before },
      after: { ...after },
    });
    return after;
  });
}
