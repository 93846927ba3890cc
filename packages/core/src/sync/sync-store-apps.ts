import type { VppClient } from '@vpp/apple-vpp-client';
import {
  type AppMetadata,
  type HeldStoreApp,
  isEmptyPlan,
  planStoreApps,
  writeStoreAppsPlan,
} from './reconcile-store-apps.ts';
import type { SyncDeps } from './sync-deps.ts';
import { withTokenErrors } from './sync-failures.ts';
import { inLeasedTransaction } from './sync-run-lease.ts';
import type { LeasedRun } from './sync-run-store.ts';

/**
 * The token's store apps and their counts, as Apple lists them, written in one leased transaction
 * with names and icons for new apps. Returns whether anything changed.
 */
export async function syncStoreApps(
  deps: SyncDeps,
  run: LeasedRun,
  client: VppClient,
  where: {
    platform: 'enterprisestore' | 'volumestore' | undefined;
    country: string | undefined;
    /** What the token holds, read when the lease was taken. */
    held: HeldStoreApp[];
  },
): Promise<boolean> {
  const { platform, country, held } = where;
  const assets = await withTokenErrors(() => client.getAllAssets());
  const plan = planStoreApps(held, assets.assets);
  if (isEmptyPlan(plan)) return false;
  const metadata = await lookUpMetadata(
    deps,
    run,
    client,
    [...new Set(plan.added.map((asset) => asset.adamId))],
    {
      ...(platform ? { platform } : {}),
      ...(country ? { country: country.toLowerCase() } : {}),
    },
  );
  await inLeasedTransaction(leaseOf(deps, run), (tx) =>
    writeStoreAppsPlan(tx, run.id, run.tokenId, plan, metadata),
  );
  return true;
}

export function leaseOf(deps: SyncDeps, run: LeasedRun) {
  return { database: deps.database, syncRunId: run.id, owner: deps.workerId, leaseMs: deps.leaseMs };
}

async function lookUpMetadata(
  deps: SyncDeps,
  run: LeasedRun,
  client: VppClient,
  adamIds: string[],
  where: { platform?: 'enterprisestore' | 'volumestore'; country?: string },
): Promise<Map<string, AppMetadata>> {
  const metadata = new Map<string, AppMetadata>();
  if (adamIds.length === 0) return metadata;
  try {
    const found = await client.lookupContentMetadata(adamIds, { ...where, idsPerRequest: 50 });
    for (const [adamId, item] of found) {
      metadata.set(adamId, {
        name: item.name,
        bundleId: item.bundleId ?? null,
        iconUrl: item.iconUrl ?? null,
        platforms: item.platforms ?? [],
      });
    }
  } catch (error) {
    // Names and icons are a nicety: the licenses are right without them, a later sync fills them in.
    deps.logger.warn({ err: error, syncRunId: run.id }, 'content metadata lookup failed');
  }
  return metadata;
}
