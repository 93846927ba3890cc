import type { DbClient } from '@vpp/db/database';
import { scheduleIntervalMs } from './sync-schedule.ts';

export interface SyncHealth {
  recommendManualSync: boolean;
  staleAfterHours: number;
  tokens: { tokenId: string; tokenName: string; reason: 'STALE' | 'RESTORED'; since: string | null }[];
}

/**
 * When the console should recommend a manual (full) sync: a token's data is older than twice the
 * schedule interval, or Apple remembers a newer full sync than the database holds (a restore).
 */
export async function readSyncHealth(prisma: DbClient, cron: string, now: Date): Promise<SyncHealth> {
  const staleAfterMs = 2 * scheduleIntervalMs(cron);
  const staleBefore = new Date(now.getTime() - staleAfterMs);
  const rows = await prisma.vppToken.findMany({
    where: {
      OR: [
        { restoreSuspectedAt: { not: null } },
        {
          revokedAt: null,
          expiresAt: { gt: now },
          OR: [
            { lastSuccessfulSyncAt: { lt: staleBefore } },
            { lastSuccessfulSyncAt: null, createdAt: { lt: staleBefore } },
          ],
        },
      ],
    },
    select: {
      id: true,
      name: true,
      restoreSuspectedAt: true,
      lastSuccessfulSyncAt: true,
      foreignMdmInfo: true,
    },
    orderBy: { name: 'asc' },
  });
  const tokens = rows
    .filter((row) => row.restoreSuspectedAt || row.foreignMdmInfo === null)
    .map((row) => ({
      tokenId: row.id,
      tokenName: row.name,
      reason: row.restoreSuspectedAt ? ('RESTORED' as const) : ('STALE' as const),
      since: (row.restoreSuspectedAt ?? row.lastSuccessfulSyncAt)?.toISOString() ?? null,
    }));
  return {
    recommendManualSync: tokens.length > 0,
    staleAfterHours: Math.round(staleAfterMs / 3_600_000),
    tokens,
  };
}
