import type { SyncRun } from '@vpp/contracts/tokens';

export type SyncChangeCounter = keyof SyncRun['changes'];

/** The counters of a run's changes in the order the console lists them. */
export const syncChangeCounters: readonly SyncChangeCounter[] = [
  'appsAdded',
  'appsRemoved',
  'countsChanged',
  'assignmentsAdded',
  'assignmentsRemoved',
];

/** The counters of a run that are not zero, for a short summary such as "13 apps added, 290 …". */
export function nonZeroChanges(changes: SyncRun['changes']): { counter: SyncChangeCounter; count: number }[] {
  return syncChangeCounters
    .map((counter) => ({ counter, count: changes[counter] }))
    .filter(({ count }) => count !== 0);
}

/**
 * Apple lists free apps with unlimited licences with this count (the largest 32-bit integer); the
 * console says "unlimited" instead of the number.
 */
export const UNLIMITED_LICENSE_COUNT = 2_147_483_647;

export function isUnlimitedCount(count: number): boolean {
  return count >= UNLIMITED_LICENSE_COUNT;
}
