import type { Settings } from '@vpp/contracts/settings';
import type { Db, DbClient } from '@vpp/db/database';
import { recordAudit } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';

// The settings an admin changes in the console (Settings → Licenses), kept in the settings table.

export const LOW_LICENSE_KEY = 'low-license-threshold-percent';
export const DEFAULT_LOW_LICENSE_THRESHOLD_PERCENT = 10;

export async function readSettings(db: Db): Promise<Settings> {
  const row = await db.setting.findUnique({ where: { key: LOW_LICENSE_KEY } });
  return {
    lowLicenseThresholdPercent:
      typeof row?.value === 'number' ? row.value : DEFAULT_LOW_LICENSE_THRESHOLD_PERCENT,
  };
}

export async function updateSettings(
  prisma: DbClient,
  ctx: RequestContext,
  changes: Partial<Settings>,
): Promise<Settings> {
  return prisma.$transaction(async (tx) => {
    const before = await readSettings(tx);
    if (changes.lowLicenseThresholdPercent !== undefined) {
      await tx.setting.upsert({
        where: { key: LOW_LICENSE_KEY },
        create: { key: LOW_LICENSE_KEY, value: changes.lowLicenseThresholdPercent },
        update: { value: changes.lowLicenseThresholdPercent },
      });
    }
    const after = await readSettings(tx);
    await recordAudit(tx, ctx, {
      action: 'settings.update',
      targetType: 'settings',
      summary: 'Updated settings',
      before: { ...before },
      after: { ...after },
    });
    return after;
  });
}
