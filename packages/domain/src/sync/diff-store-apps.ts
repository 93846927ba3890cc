// How a token's store apps changed between what we hold and what Apple reports now. Pure, so the
// rules (what counts as a purchase, a refund, a removed app) are tested without a database.

/** Apple reports free apps with this total: a marker, not a number of purchased licenses. */
export const UNLIMITED_COUNT = 2_147_483_647;

export interface AppCounts {
  adamId: string;
  pricingParam: string;
  totalCount: number;
  assignedCount: number;
  availableCount: number;
  retiredCount: number;
}

export interface CountChange {
  adamId: string;
  pricingParam: string;
  before: AppCounts;
  after: AppCounts;
  /** Licenses bought (positive) or refunded (negative); 0 when only the split changed. */
  purchasedDelta: number;
}

export interface StoreAppsDiff<T extends AppCounts> {
  added: T[];
  removed: AppCounts[];
  countChanged: CountChange[];
  unchanged: number;
}

export const appKey = (app: Pick<AppCounts, 'adamId' | 'pricingParam'>) =>
  `${app.adamId}\u0000${app.pricingParam}`;

function sameCounts(a: AppCounts, b: AppCounts): boolean {
  return (
    a.totalCount === b.totalCount &&
    a.assignedCount === b.assignedCount &&
    a.availableCount === b.availableCount &&
    a.retiredCount === b.retiredCount
  );
}

export function diffStoreApps<T extends AppCounts>(held: AppCounts[], reported: T[]): StoreAppsDiff<T> {
  const heldByKey = new Map(held.map((app) => [appKey(app), app]));
  const reportedKeys = new Set<string>();
  const added: T[] = [];
  const countChanged: CountChange[] = [];
  let unchanged = 0;
  for (const app of reported) {
    const key = appKey(app);
    reportedKeys.add(key);
    const before = heldByKey.get(key);
    if (!before) {
      added.push(app);
    } else if (sameCounts(before, app)) {
      unchanged += 1;
    } else {
      const unlimited = before.totalCount === UNLIMITED_COUNT || app.totalCount === UNLIMITED_COUNT;
      countChanged.push({
        adamId: app.adamId,
        pricingParam: app.pricingParam,
        before,
        after: app,
        purchasedDelta: unlimited ? 0 : app.totalCount - before.totalCount,
      });
    }
  }
  const removed = held.filter((app) => !reportedKeys.has(appKey(app)));
  return { added, removed, countChanged, unchanged };
}
