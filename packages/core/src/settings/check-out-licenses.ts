import { type CheckOutLicenses, checkOutLicensesSchema } from '@vpp/contracts/settings';
import type { Db, DbClient } from '@vpp/db/database';
import { recordAudit } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';

// Settings → Licenses: what happens to the device licenses of a device that checked out of the MDM
// or was deleted here. Kept in the settings table; read at every use (API and worker alike).

const KEY = 'check-out-licenses';
export const DEFAULT_CHECK_OUT_LICENSES: CheckOutLicenses = { mode: 'IMMEDIATELY', days: 30 };

export async function readCheckOutLicenses(db: Db): Promise<CheckOutLicenses> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  const parsed = checkOutLicensesSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_CHECK_OUT_LICENSES;
}

export async function updateCheckOutLicenses(
  prisma: DbClient,
  ctx: RequestContext,
  next: CheckOutLicenses,
): Promise<CheckOutLicenses> {
  const before = await readCheckOutLicenses(prisma);
  await prisma.setting.upsert({
    where: { key: KEY },
    create: { key: KEY, value: next },
    update: { value: next },
  });
  await recordAudit(prisma, ctx, {
    action: 'settings.check-out-licenses',
    targetType: 'settings',
    summary: `Licenses of checked-out devices: ${next.mode === 'AFTER_DAYS' ? `released after ${next.days} days` : next.mode === 'IMMEDIATELY' ? 'released immediately' : 'only suggested'}`,
    before: { ...before },
    after: { ...next },
  });
  return next;
}
