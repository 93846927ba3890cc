import { describe, expect, it } from 'vitest';
import {
  allSettled,
  DEPLOYMENT_TRANSITIONS,
  isSettled,
  nextDeploymentStatus,
  nextTargetState,
  TARGET_STARTS,
  TARGET_TRANSITIONS,
  type TargetState,
  targetStart,
  transitionOn,
  transitionsOn,
} from '../src/deployments/target-lifecycle.ts';

// Every row of the table, written out once more: a change of the lifecycle must change both.
describe('how a target starts, row by row', () => {
  it.each([
    ['INSTALL', 'FREE_LICENSE', 'PENDING', 'RESERVE', null],
    ['INSTALL', 'LICENSE_HELD', 'PENDING', 'KEEP', null],
    ['INSTALL', 'NO_FREE_LICENSE', 'FAILED', 'KEEP', 'NO_LICENSE_AVAILABLE'],
    ['INSTALL', 'PLATFORM_NOT_SUPPORTED', 'FAILED', 'KEEP', 'PLATFORM_NOT_SUPPORTED'],
    ['INSTALL', 'NO_PRIMARY_USER', 'FAILED', 'KEEP', 'NO_PRIMARY_USER'],
    ['UNINSTALL', 'NO_PRIMARY_USER', 'FAILED', 'KEEP', 'NO_PRIMARY_USER'],
    ['UNINSTALL', 'TO_REMOVE', 'PENDING', 'KEEP', null],
  ] as const)('%s %s → %s, reservation %s, code %s', (action, start, state, reservation, errorCode) => {
    expect(targetStart(action, start)).toEqual({ action, start, state, reservation, errorCode });
  });

  it('has no other starts, and refuses one it does not have', () => {
    expect(TARGET_STARTS).toHaveLength(7);
    expect(() => targetStart('UNINSTALL', 'FREE_LICENSE')).toThrow(/cannot start/);
    expect(() => targetStart('UNINSTALL', 'PLATFORM_NOT_SUPPORTED')).toThrow(/cannot start/);
  });
});

describe('how a target moves, row by row', () => {
  it.each([
    ['INSTALL', 'PENDING', 'LICENSE_ALREADY_HELD', 'LICENSED', 'KEEP'],
    ['INSTALL', 'PENDING', 'LICENSE_CLAIMED', 'LICENSED', 'RELEASE'],
    ['INSTALL', 'PENDING', 'LICENSE_REFUSED', 'FAILED', 'RELEASE'],
    ['INSTALL', 'PENDING', 'DEPLOYMENT_STOPPED', 'PENDING', 'RELEASE'],
    ['INSTALL', 'LICENSED', 'INSTALL_REPORTED', 'INSTALLED', 'KEEP'],
    ['INSTALL', 'LICENSED', 'DEVICE_FAILED', 'FAILED', 'KEEP'],
    ['INSTALL', 'LICENSED', 'NO_DEVICE', 'LICENSED', 'KEEP'],
    ['INSTALL', 'FAILED', 'LICENSES_BOUGHT', 'PENDING', 'RESERVE'],
    ['INSTALL', 'INSTALLED', 'REMOVED_BY_UNINSTALL', 'REMOVED', 'KEEP'],
    ['INSTALL', 'LICENSED', 'REMOVED_BY_UNINSTALL', 'REMOVED', 'KEEP'],
    ['UNINSTALL', 'PENDING', 'REMOVE_REPORTED', 'REMOVED', 'KEEP'],
    ['UNINSTALL', 'PENDING', 'NO_DEVICE', 'REMOVED', 'KEEP'],
    ['UNINSTALL', 'PENDING', 'DEVICE_FAILED', 'FAILED', 'KEEP'],
    ['UNINSTALL', 'REMOVED', 'LICENSE_RELEASED', 'LICENSE_RELEASED', 'KEEP'],
    ['UNINSTALL', 'REMOVED', 'RELEASE_REFUSED', 'FAILED', 'KEEP'],
    // Durability: a crash between asking Apple and recording its answer is resolved by asking again.
    ['INSTALL', 'PENDING', 'LICENSE_FOUND_AT_APPLE', 'LICENSED', 'RELEASE'],
    ['UNINSTALL', 'REMOVED', 'RELEASE_FOUND_AT_APPLE', 'LICENSE_RELEASED', 'KEEP'],
    // The reconciler gives back reservations that no claim can use any more; the state stays.
    ['INSTALL', 'LICENSED', 'RESERVATION_ORPHANED', 'LICENSED', 'RELEASE'],
    ['INSTALL', 'INSTALLED', 'RESERVATION_ORPHANED', 'INSTALLED', 'RELEASE'],
    ['INSTALL', 'FAILED', 'RESERVATION_ORPHANED', 'FAILED', 'RELEASE'],
    ['INSTALL', 'REMOVED', 'RESERVATION_ORPHANED', 'REMOVED', 'RELEASE'],
  ] as const)('%s %s --%s--> %s, reservation %s', (action, from, event, to, reservation) => {
    const errorCode = event === 'LICENSES_BOUGHT' ? 'NO_LICENSE_AVAILABLE' : null;
    expect(nextTargetState(action, from, event, errorCode)).toMatchObject({ to, reservation });
  });

  it('has exactly those moves', () => {
    expect(TARGET_TRANSITIONS).toHaveLength(21);
  });

  it('sets and clears error codes as the move says', () => {
    expect(transitionOn('INSTALL', 'DEVICE_FAILED').errorCode).toBe('DEVICE_FAILED');
    expect(transitionOn('INSTALL', 'NO_DEVICE').errorCode).toBe('NO_DEVICE');
    expect(transitionOn('INSTALL', 'LICENSES_BOUGHT').errorCode).toBeNull();
    expect(transitionOn('INSTALL', 'INSTALL_REPORTED').errorCode).toBeNull();
    expect(transitionOn('INSTALL', 'LICENSE_FOUND_AT_APPLE').errorCode).toBeNull();
    // Apple's reason decides the code of a refused claim.
    expect(transitionOn('INSTALL', 'LICENSE_REFUSED').errorCode).toBeUndefined();
  });

  it('retries only targets that failed for want of a license', () => {
    expect(nextTargetState('INSTALL', 'FAILED', 'LICENSES_BOUGHT', 'NO_LICENSE_AVAILABLE')?.to).toBe(
      'PENDING',
    );
    expect(nextTargetState('INSTALL', 'FAILED', 'LICENSES_BOUGHT', 'PLATFORM_NOT_SUPPORTED')).toBeNull();
    expect(nextTargetState('INSTALL', 'FAILED', 'LICENSES_BOUGHT', 'DEVICE_FAILED')).toBeNull();
  });

  it('does not move a target an event does not apply to', () => {
    expect(nextTargetState('INSTALL', 'INSTALLED', 'INSTALL_REPORTED')).toBeNull();
    expect(nextTargetState('UNINSTALL', 'LICENSE_RELEASED', 'REMOVE_REPORTED')).toBeNull();
    expect(nextTargetState('UNINSTALL', 'INSTALLED', 'REMOVED_BY_UNINSTALL')).toBeNull();
    expect(nextTargetState('INSTALL', 'FAILED', 'REMOVED_BY_UNINSTALL')).toBeNull();
    // A pending target's reservation is still needed by its claim: never orphaned.
    expect(nextTargetState('INSTALL', 'PENDING', 'RESERVATION_ORPHANED')).toBeNull();
    expect(nextTargetState('INSTALL', 'LICENSED', 'LICENSE_FOUND_AT_APPLE')).toBeNull();
    expect(nextTargetState('UNINSTALL', 'PENDING', 'RELEASE_FOUND_AT_APPLE')).toBeNull();
    expect(() => transitionsOn('UNINSTALL', 'LICENSES_BOUGHT')).toThrow(/No UNINSTALL/);
    expect(() => transitionOn('INSTALL', 'REMOVED_BY_UNINSTALL')).toThrow(/several states/);
  });
});

describe('settled targets and finished deployments', () => {
  const states: TargetState[] = ['PENDING', 'LICENSED', 'INSTALLED', 'REMOVED', 'LICENSE_RELEASED', 'FAILED'];

  it.each([
    ['INSTALL', [false, false, true, true, true, true]],
    ['UNINSTALL', [false, false, true, false, true, true]],
  ] as const)(
    '%s targets settle in INSTALLED, LICENSE_RELEASED, FAILED and (install) REMOVED',
    (action, expected) => {
      expect(states.map((state) => isSettled(action, state, null))).toEqual(expected);
    },
  );

  it('keeps an install waiting for licenses unsettled, and a licensed person without a device settled', () => {
    expect(isSettled('INSTALL', 'FAILED', 'NO_LICENSE_AVAILABLE')).toBe(false);
    expect(isSettled('INSTALL', 'FAILED', 'PLATFORM_NOT_SUPPORTED')).toBe(true);
    expect(isSettled('UNINSTALL', 'FAILED', 'NO_LICENSE_AVAILABLE')).toBe(true);
    expect(isSettled('INSTALL', 'LICENSED', 'NO_DEVICE')).toBe(true);
  });

  it('finishes a deployment when every target settled', () => {
    expect(allSettled('INSTALL', [{ state: 'REMOVED', errorCode: null }])).toBe(true);
    expect(
      allSettled('INSTALL', [
        { state: 'INSTALLED', errorCode: null },
        { state: 'LICENSED', errorCode: null },
      ]),
    ).toBe(false);
    expect(allSettled('UNINSTALL', [{ state: 'REMOVED', errorCode: null }])).toBe(false);
    expect(allSettled('UNINSTALL', [])).toBe(true);
  });

  it.each([
    ['ACTIVE', 'ALL_TARGETS_SETTLED', 'FINISHED', false],
    ['ACTIVE', 'STOP', 'STOPPED', true],
    ['FINISHED', 'STOP', 'STOPPED', false],
  ] as const)('a deployment %s --%s--> %s (reservations returned: %s)', (from, event, to, releases) => {
    expect(nextDeploymentStatus(from, event)).toEqual({
      from,
      event,
      to,
      releasesUnconfirmedReservations: releases,
    });
  });

  it('does not stop or finish a deployment twice', () => {
    expect(DEPLOYMENT_TRANSITIONS).toHaveLength(3);
    expect(nextDeploymentStatus('STOPPED', 'STOP')).toBeNull();
    expect(nextDeploymentStatus('FINISHED', 'ALL_TARGETS_SETTLED')).toBeNull();
    expect(nextDeploymentStatus('STOPPED', 'ALL_TARGETS_SETTLED')).toBeNull();
  });
});
