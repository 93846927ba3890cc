import { describe, expect, it } from 'vitest';
import {
  type DeviceMember,
  licenseTypeFor,
  type PersonMember,
  planTarget,
  summariseClaims,
} from '../src/deployments/license-claim.ts';

const person: PersonMember = { kind: 'person', personId: 'p1', clientUserId: 'cu-1' };
const device: DeviceMember = {
  kind: 'device',
  deviceId: 'd1',
  serialNumber: 'C02XYZ123',
  primaryUser: { personId: 'p1', clientUserId: 'cu-1' },
};

describe('license claim table (DESIGN.md), every row', () => {
  it.each([
    [true, 'USER', 'USER'],
    [false, 'USER', 'USER'],
    [true, 'DEVICE', 'DEVICE'],
    [false, 'DEVICE', 'USER'],
  ] as const)('device licensing %s, %s collection → %s license', (supportsDevice, collection, expected) => {
    expect(licenseTypeFor(supportsDevice, collection)).toBe(expected);
    const target = planTarget(collection === 'USER' ? person : device, supportsDevice);
    expect(target.licenseType).toBe(expected);
    expect(target.assignee).toBe(expected === 'DEVICE' ? 'C02XYZ123' : 'cu-1');
    expect(target.failure).toBeNull();
  });

  it('fails a device without a primary user when a user license is needed, saying why', () => {
    const target = planTarget({ ...device, primaryUser: null }, false);
    expect(target.assignee).toBeNull();
    expect(target.failure?.code).toBe('NO_PRIMARY_USER');
    expect(target.failure?.reason).toContain('C02XYZ123');
  });

  it('does not need a primary user when the device holds the license', () => {
    expect(planTarget({ ...device, primaryUser: null }, true)).toMatchObject({
      licenseType: 'DEVICE',
      failure: null,
    });
  });
});

describe('claim summary', () => {
  it('counts one user license for two devices of one person, and what is already held', () => {
    const targets = [
      planTarget(device, false),
      planTarget({ ...device, deviceId: 'd2', serialNumber: 'C02XYZ124' }, false),
      planTarget(
        {
          ...device,
          deviceId: 'd3',
          serialNumber: 'C02XYZ125',
          primaryUser: { personId: 'p2', clientUserId: 'cu-2' },
        },
        false,
      ),
      planTarget({ ...device, deviceId: 'd4', primaryUser: null }, false),
    ];
    const summary = summariseClaims(targets, (_type, assignee) => assignee === 'cu-2', 0);
    expect(summary).toEqual({ needed: 2, alreadyHeld: 1, newClaims: 1, available: 0, shortfall: 1 });
  });

  it('has no shortfall when enough are available', () => {
    const summary = summariseClaims([planTarget(person, true)], () => false, 5);
    expect(summary).toMatchObject({ newClaims: 1, shortfall: 0 });
  });
});
