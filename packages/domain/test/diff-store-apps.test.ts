import { describe, expect, it } from 'vitest';
import { type AppCounts, diffStoreApps, UNLIMITED_COUNT } from '../src/sync/diff-store-apps.ts';

const app = (
  adamId: string,
  total: number,
  assigned: number,
  overrides: Partial<AppCounts> = {},
): AppCounts => ({
  adamId,
  pricingParam: 'STDQ',
  totalCount: total,
  assignedCount: assigned,
  availableCount: total - assigned,
  retiredCount: 0,
  ...overrides,
});

describe('store-app diff', () => {
  it('finds new, removed, changed and unchanged apps', () => {
    const held = [app('1', 10, 2), app('2', 5, 5), app('3', 7, 0)];
    const reported = [app('1', 10, 2), app('2', 8, 5), app('4', 3, 0)];
    const diff = diffStoreApps(held, reported);
    expect(diff.added.map((a) => a.adamId)).toEqual(['4']);
    expect(diff.removed.map((a) => a.adamId)).toEqual(['3']);
    expect(diff.unchanged).toBe(1);
    expect(diff.countChanged).toHaveLength(1);
    expect(diff.countChanged[0]).toMatchObject({ adamId: '2', purchasedDelta: 3 });
  });

  it('reports a refund as a negative purchase and a new assignment as no purchase', () => {
    const refund = diffStoreApps([app('1', 10, 2)], [app('1', 7, 2)]);
    expect(refund.countChanged[0]?.purchasedDelta).toBe(-3);
    const assigned = diffStoreApps([app('1', 10, 2)], [app('1', 10, 3)]);
    expect(assigned.countChanged[0]?.purchasedDelta).toBe(0);
  });

  it('treats the same adamId with another pricing as another app', () => {
    const diff = diffStoreApps([app('1', 10, 0)], [app('1', 10, 0, { pricingParam: 'PLUS' })]);
    expect(diff.added).toHaveLength(1);
    expect(diff.removed).toHaveLength(1);
  });

  it('never counts the unlimited marker as purchased licenses', () => {
    const diff = diffStoreApps([app('1', UNLIMITED_COUNT, 4)], [app('1', UNLIMITED_COUNT, 9)]);
    expect(diff.countChanged[0]?.purchasedDelta).toBe(0);
  });

  it('sees a change of retired licenses alone', () => {
    const diff = diffStoreApps([app('1', 10, 0)], [app('1', 10, 0, { retiredCount: 2 })]);
    expect(diff.countChanged).toHaveLength(1);
  });
});
