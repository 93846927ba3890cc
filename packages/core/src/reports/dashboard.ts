import type { Dashboard } from '@vpp/contracts/reports';
import type { Sql } from '@vpp/db/transaction';
import { DEFAULT_LOW_LICENSE_THRESHOLD_PERCENT, LOW_LICENSE_KEY } from '../settings/installation-settings.ts';
import { selectRecentSyncRuns } from '../sync/sync-run-store.ts';
import { countTokensByStatus, selectTokensNeedingAttention } from '../tokens/token-store.ts';
import { toToken } from '../tokens/token-view.ts';
import { selectLowLicenses } from './report-store.ts';

/**
 * The first page after sign-in: what needs attention, for admins and managers alike. Four
 * statements, run side by side: token counts by status and the tokens needing attention (both
 * worked out in SQL), the threshold with the low-license apps and their count, the newest runs.
 */
export async function readDashboard(sql: Sql, now: Date): Promise<Dashboard> {
  const [counts, attention, low, runs] = await Promise.all([
    countTokensByStatus(sql, now),
    selectTokensNeedingAttention(sql, now),
    selectLowLicenses(
      sql,
      { key: LOW_LICENSE_KEY, defaultPercent: DEFAULT_LOW_LICENSE_THRESHOLD_PERCENT },
      20,
    ),
    selectRecentSyncRuns(sql, 10),
  ]);
  const threshold = low.thresholdPercent;
  return {
    tokens: {
      total: counts.total,
      byStatus: counts.byStatus,
      needingAttention: attention
        .map((row) => toToken(row, now))
        .map((token) => ({
          id: token.id,
          name: token.name,
          status: token.status,
          statusReason: token.statusReason,
          statusReasonParams: token.statusReasonParams,
          expiresAt: token.expiresAt,
        })),
    },
    lowLicenses: {
      thresholdPercent: threshold,
      count: low.count,
      items: low.rows.map((row) => ({
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
      tokenName: run.tokenName,
      kind: run.kind,
      status: run.status,
      finishedAt: run.finishedAt?.toISOString() ?? null,
      error: run.error,
    })),
  };
}
