import { describe, expect, it } from 'vitest';
import { isUnlimitedCount, nonZeroChanges } from '../src/features/tokens/sync-changes.ts';

describe('nonZeroChanges', () => {
  it('lists the counters of a run that changed something, in a fixed order', () => {
    expect(
      nonZeroChanges({
        appsAdded: 13,
        appsRemoved: 0,
        countsChanged: 2,
        assignmentsAdded: 290,
        assignmentsRemoved: 0,
      }),
    ).toEqual([
      { counter: 'appsAdded', count: 13 },
      { counter: 'countsChanged', count: 2 },
      { counter: 'assignmentsAdded', count: 290 },
    ]);
  });

  it('is empty for a run that changed nothing', () => {
    expect(
      nonZeroChanges({
        appsAdded: 0,
        appsRemoved: 0,
        countsChanged: 0,
        assignmentsAdded: 0,
        assignmentsRemoved: 0,
      }),
    ).toEqual([]);
  });
});

describe('isUnlimitedCount', () => {
  it('recognises the count Apple gives free apps with unlimited licences', () => {
    expect(isUnlimitedCount(2_147_483_647)).toBe(true);
    expect(isUnlimitedCount(100)).toBe(false);
  });
});
