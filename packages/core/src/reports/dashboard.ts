import type { Dashboard } from '@vpp/contracts/reports';
import type { Db } from '@vpp/db/database';
import { readSettings } from '../settings/installation-settings.ts';
import { tokenRowInclude, toToken } from '../tokens/token-view.ts';

/** The first page after sign-in: what needs attention, for admins and managers alike. */
export async function readDashboard(db: Db, now: Date): Promise<Dashboard> {
  const settings = await readSettings(db);
  const tokens = (await db.vppToken.findMany({ include: tokenRowInclude, orderBy: { name: 'asc' } })).map(
    (row) => toToken(row, now),
  );
  const byStatus: Record<string, number> = {};
  for (const token of tokens) byStatus[token.status] = (byStatus[token.status] ?? 0) + 1;
  const threshold = settings.lowLicenseThresholdPercent;
  // Apps with a count (not the free unlimited ones) whose free share is at or below the threshold.
  const lowWhere = `s.unlimited = false AND s.total_count > 0 AND s.available_count * 100 <= s.total_count * ${threshold}`;
  const [low, lowCount, runs] = await Promise.all([
    db.$queryRawUnsafe<
      {
        id: string;
        name: string;
        adam_id: string;
        token_id: string;
        token_name: string;
        total_count: number;
        assigned_count: number;
        available_count: number;
      }[]
    >(
      `SELECT s.id, s.name, s.adam_id, s.token_id, t.name AS token_name, s.total_count, s.assigned_count, s.available_count
         FROM store_apps s JOIN vpp_tokens t ON t.id = s.token_id
        WHERE ${lowWhere}
        ORDER BY s.available_count::float / s.total_count, s.name LIMIT 20`,
    ),
    db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM store_apps s WHERE ${lowWhere}`),
    db.syncRun.findMany({
      orderBy: { queuedAt: 'desc' },
      take: 10,
      include: { token: { select: { name: true } } },
    }),
  ]);
  return {
    tokens: {
      total: tokens.length,
      byStatus,
      needingAttention: tokens
        .filter((token) => token.status !== 'VALID')
        .map((token) => ({
          id: token.id,
          name: token.name,
          status: token.status,
          statusReason: token.statusReason,
          expiresAt: token.expiresAt,
        })),
    },
    lowLicenses: {
      thresholdPercent: threshold,
      count: lowCount[0]?.n ?? 0,
      items: low.map((row) => ({
        storeAppId: row.id,
        appName: row.name,
        adamId: row.adam_id,
        tokenId: row.token_id,
        tokenName: row.token_name,
        totalPurchased: row.total_count,
        inUse: row.assigned_count,
        available: row.available_count,
      })),
    },
    recentSyncRuns: runs.map((run) => ({
      id: run.id,
      tokenId: run.tokenId,
      tokenName: run.token.name,
      kind: run.kind,
      status: run.status,
      finishedAt: run.finishedAt?.toISOString() ?? null,
      error: run.error,
    })),
  };
}
