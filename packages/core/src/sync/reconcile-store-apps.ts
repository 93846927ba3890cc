import type { Asset } from '@vpp/apple-vpp-client/schemas';
import type { Sql } from '@vpp/db/transaction';
import { type AppCounts, diffStoreApps, UNLIMITED_COUNT } from '@vpp/domain/sync/diff-store-apps';

export interface HeldStoreApp extends AppCounts {
  id: string;
  name: string;
  hasApplications: boolean;
}

export interface AppMetadata {
  name: string;
  bundleId: string | null;
  iconUrl: string | null;
  platforms: string[];
}

interface HeldStoreAppRow {
  id: string;
  adam_id: string;
  pricing_param: string;
  name: string;
  total_count: number;
  assigned_count: number;
  available_count: number;
  retired_count: number;
  has_applications: boolean;
}

/**
 * The token's store apps as one JSON array (a column of another statement: the run's lease is taken
 * and what it holds read in one round trip). `tokenId` is an SQL expression.
 */
export function heldStoreAppsJson(tokenId: string): string {
  return `(SELECT coalesce(json_agg(json_build_object(
             'id', s.id, 'adam_id', s.adam_id, 'pricing_param', s.pricing_param, 'name', s.name,
             'total_count', s.total_count, 'assigned_count', s.assigned_count,
             'available_count', s.available_count, 'retired_count', s.retired_count,
             'has_applications', EXISTS (SELECT 1 FROM applications a WHERE a.store_app_id = s.id))), '[]'::json)
             FROM store_apps s WHERE s.token_id = ${tokenId})`;
}

export function toHeldStoreApps(rows: HeldStoreAppRow[]): HeldStoreApp[] {
  return rows.map((row) => ({
    id: row.id,
    adamId: row.adam_id,
    pricingParam: row.pricing_param,
    name: row.name,
    totalCount: row.total_count,
    assignedCount: row.assigned_count,
    availableCount: row.available_count,
    retiredCount: row.retired_count,
    hasApplications: row.has_applications,
  }));
}

export interface StoreAppsPlan {
  /** Rows to insert or update (new apps and apps whose counts changed). */
  upserts: Asset[];
  /** Gone from Apple's list and not used by an application: deleted. */
  deletions: HeldStoreApp[];
  /** Gone from Apple's list but an application is built on them: kept with zero licenses. */
  zeroed: HeldStoreApp[];
  added: Asset[];
  countChanged: ReturnType<typeof diffStoreApps<Asset>>['countChanged'];
  removed: HeldStoreApp[];
}

export function planStoreApps(held: HeldStoreApp[], reported: Asset[]): StoreAppsPlan {
  const diff = diffStoreApps(held, reported);
  const heldByKey = new Map(held.map((app) => [`${app.adamId}\u0000${app.pricingParam}`, app]));
  const removed = diff.removed.map((app) => heldByKey.get(`${app.adamId}\u0000${app.pricingParam}`)!);
  const changedKeys = new Set(
    diff.countChanged.map((change) => `${change.adamId}\u0000${change.pricingParam}`),
  );
  return {
    upserts: [
      ...diff.added,
      ...reported.filter((asset) => changedKeys.has(`${asset.adamId}\u0000${asset.pricingParam}`)),
    ],
    deletions: removed.filter((app) => !app.hasApplications),
    zeroed: removed.filter((app) => app.hasApplications),
    added: diff.added,
    countChanged: diff.countChanged,
    removed,
  };
}

export function isEmptyPlan(plan: StoreAppsPlan): boolean {
  return plan.upserts.length === 0 && plan.removed.length === 0;
}

/** Writes the plan with a few set-based statements and records what changed on the run. */
export async function writeStoreAppsPlan(
  client: Sql,
  syncRunId: string,
  tokenId: string,
  plan: StoreAppsPlan,
  metadata: Map<string, AppMetadata>,
): Promise<void> {
  if (plan.upserts.length > 0) {
    const rows = plan.upserts;
    await client.query(
      `INSERT INTO store_apps (id, token_id, adam_id, pricing_param, product_type, name, bundle_id, icon_url, platforms,
                               device_assignable, revocable, total_count, assigned_count, available_count,
                               retired_count, unlimited, first_seen_at, updated_at)
       SELECT gen_random_uuid(), $1, r.adam_id, r.pricing_param, r.product_type::"ProductType", coalesce(r.name, ''),
              r.bundle_id, r.icon_url, coalesce(string_to_array(r.platforms, ','), '{}'), r.device_assignable,
              r.revocable, r.total_count, r.assigned_count, r.available_count, r.retired_count,
              r.total_count = ${UNLIMITED_COUNT}, now(), now()
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bool[],
                     $10::bool[], $11::int[], $12::int[], $13::int[], $14::int[])
              AS r(adam_id, pricing_param, product_type, name, bundle_id, icon_url, platforms, device_assignable,
                   revocable, total_count, assigned_count, available_count, retired_count)
       ON CONFLICT (token_id, adam_id, pricing_param) DO UPDATE SET
         product_type = EXCLUDED.product_type, platforms = EXCLUDED.platforms,
         device_assignable = EXCLUDED.device_assignable, revocable = EXCLUDED.revocable,
         total_count = EXCLUDED.total_count, assigned_count = EXCLUDED.assigned_count,
         available_count = EXCLUDED.available_count, retired_count = EXCLUDED.retired_count,
         unlimited = EXCLUDED.unlimited, updated_at = now(),
         name = CASE WHEN EXCLUDED.name <> '' THEN EXCLUDED.name ELSE store_apps.name END,
         bundle_id = coalesce(EXCLUDED.bundle_id, store_apps.bundle_id),
         icon_url = coalesce(EXCLUDED.icon_url, store_apps.icon_url)`,
      [
        tokenId,
        rows.map((asset) => asset.adamId),
        rows.map((asset) => asset.pricingParam),
        rows.map((asset) => (asset.productType === 'Book' ? 'BOOK' : 'APP')),
        rows.map((asset) => metadata.get(asset.adamId)?.name ?? null),
        rows.map((asset) => metadata.get(asset.adamId)?.bundleId ?? null),
        rows.map((asset) => metadata.get(asset.adamId)?.iconUrl ?? null),
        rows.map((asset) =>
          asset.supportedPlatforms.length > 0 ? asset.supportedPlatforms.join(',') : null,
        ),
        rows.map((asset) => asset.deviceAssignable),
        rows.map((asset) => asset.revocable),
        rows.map((asset) => asset.totalCount),
        rows.map((asset) => asset.assignedCount),
        rows.map((asset) => asset.availableCount),
        rows.map((asset) => asset.retiredCount),
      ],
    );
  }
  if (plan.deletions.length > 0) {
    await client.query('DELETE FROM store_apps WHERE id = ANY($1::uuid[])', [
      plan.deletions.map((app) => app.id),
    ]);
  }
  if (plan.zeroed.length > 0) {
    await client.query(
      `UPDATE store_apps SET total_count = 0, assigned_count = 0, available_count = 0, updated_at = now()
        WHERE id = ANY($1::uuid[])`,
      [plan.zeroed.map((app) => app.id)],
    );
  }
  const changes = [
    ...plan.added.map((asset) => ({
      kind: 'APP_ADDED',
      adamId: asset.adamId,
      pricingParam: asset.pricingParam,
      name: metadata.get(asset.adamId)?.name ?? null,
      before: null,
      after: asset.totalCount,
      quantity: asset.totalCount === UNLIMITED_COUNT ? 0 : asset.totalCount,
    })),
    ...plan.removed.map((app) => ({
      kind: 'APP_REMOVED',
      adamId: app.adamId,
      pricingParam: app.pricingParam,
      name: app.name || null,
      before: app.totalCount,
      after: null,
      quantity: app.totalCount === UNLIMITED_COUNT ? 0 : -app.totalCount,
    })),
    ...plan.countChanged.map((change) => ({
      kind: 'COUNT_CHANGED',
      adamId: change.adamId,
      pricingParam: change.pricingParam,
      name: null,
      before: change.before.totalCount,
      after: change.after.totalCount,
      quantity: change.purchasedDelta,
    })),
  ];
  if (changes.length > 0) {
    await client.query(
      `INSERT INTO sync_run_changes (id, sync_run_id, kind, adam_id, pricing_param, app_name, count_before, count_after, quantity)
       SELECT gen_random_uuid(), $1, c.kind::"SyncChangeKind", c.adam_id, c.pricing_param,
              coalesce(c.name, (SELECT s.name FROM store_apps s WHERE s.token_id = $2 AND s.adam_id = c.adam_id
                                  AND s.pricing_param = c.pricing_param AND s.name <> '')),
              c.before, c.after, c.quantity
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::int[])
              AS c(kind, adam_id, pricing_param, name, before, after, quantity)
       ON CONFLICT (sync_run_id, kind, adam_id, pricing_param) DO UPDATE SET
         count_before = EXCLUDED.count_before, count_after = EXCLUDED.count_after, quantity = EXCLUDED.quantity`,
      [
        syncRunId,
        tokenId,
        changes.map((change) => change.kind),
        changes.map((change) => change.adamId),
        changes.map((change) => change.pricingParam),
        changes.map((change) => change.name),
        changes.map((change) => change.before),
        changes.map((change) => change.after),
        changes.map((change) => change.quantity),
      ],
    );
  }
  await client.query(
    `UPDATE sync_runs SET apps_added = apps_added + $2, apps_removed = apps_removed + $3, counts_changed = counts_changed + $4
      WHERE id = $1`,
    [syncRunId, plan.added.length, plan.removed.length, plan.countChanged.length],
  );
}
