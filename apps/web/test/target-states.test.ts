import { describe, expect, it } from 'vitest';
import { hasActiveTargets, presentStates, totalTargets } from '../src/features/deployments/target-states.ts';

describe('deployment target states', () => {
  it('is at work while a target is pending, licensed or removed', () => {
    expect(hasActiveTargets({ PENDING: 1, INSTALLED: 2 })).toBe(true);
    expect(hasActiveTargets({ LICENSED: 1 })).toBe(true);
    // An uninstall waits for Apple to release the license of a removed app.
    expect(hasActiveTargets({ REMOVED: 3 })).toBe(true);
    expect(hasActiveTargets({ REMOVED: 3 }, 'UNINSTALL')).toBe(true);
  });

  it('counts an install target removed by a later uninstall as settled', () => {
    expect(hasActiveTargets({ REMOVED: 3 }, 'INSTALL')).toBe(false);
    expect(hasActiveTargets({ REMOVED: 3, LICENSED: 1 }, 'INSTALL')).toBe(true);
  });

  it('is done when every target installed, released its license or failed', () => {
    expect(hasActiveTargets({ INSTALLED: 2, FAILED: 1 })).toBe(false);
    expect(hasActiveTargets({ LICENSE_RELEASED: 3 })).toBe(false);
    expect(hasActiveTargets({ PENDING: 0, INSTALLED: 1 })).toBe(false);
    expect(hasActiveTargets({})).toBe(false);
  });

  it('counts every target and lists the states that have any, in the order targets pass them', () => {
    const counts = { FAILED: 1, INSTALLED: 3, PENDING: 0, LICENSED: 2 };
    expect(totalTargets(counts)).toBe(6);
    expect(presentStates(counts)).toEqual([
      { state: 'LICENSED', count: 2 },
      { state: 'INSTALLED', count: 3 },
      { state: 'FAILED', count: 1 },
    ]);
  });
});
