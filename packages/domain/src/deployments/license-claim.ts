// Which license a deployment claims for each target: Configuration Manager's table (DESIGN.md),
// written once. A device license follows the device; a user license follows the person.
//
// | app supports device licensing | collection | license claimed                          |
// |-------------------------------|------------|------------------------------------------|
// | yes                           | user       | user license                             |
// | no                            | user       | user license                             |
// | yes                           | device     | device license                           |
// | no                            | device     | user license (the device's primary user) |

import { checkPlatform, devicePlatform } from './device-platform.ts';

export type LicenseType = 'DEVICE' | 'USER';
export type CollectionType = 'USER' | 'DEVICE';

export function licenseTypeFor(
  appSupportsDeviceLicensing: boolean,
  collectionType: CollectionType,
): LicenseType {
  return collectionType === 'DEVICE' && appSupportsDeviceLicensing ? 'DEVICE' : 'USER';
}

export interface DeviceMember {
  kind: 'device';
  deviceId: string;
  serialNumber: string;
  primaryUser: { personId: string; clientUserId: string } | null;
  /** The device's model as the inventory knows it ("iPad Air"), for the platform check. */
  model?: string | null;
}

export interface PersonMember {
  kind: 'person';
  personId: string;
  clientUserId: string;
  /** The person's email, as people read the target. */
  label?: string;
  /** Models of the devices the person is the primary user of, where known. */
  deviceModels?: readonly string[];
}

export type TargetFailureCode = 'NO_PRIMARY_USER' | 'PLATFORM_NOT_SUPPORTED';

export type PlannedTarget =
  | {
      deviceId: string | null;
      personId: string | null;
      licenseType: LicenseType;
      /** The serial number or clientUserId the license is held for at Apple. */
      assignee: string;
      failure: null;
    }
  | {
      deviceId: string | null;
      personId: string | null;
      licenseType: LicenseType;
      assignee: string | null;
      failure: { code: TargetFailureCode; reason: string };
    };

/**
 * One target per collection member, with the license it needs (or why it cannot have one). With
 * `appPlatforms` (an install), a target whose device cannot run the app fails before any license is
 * claimed for it; a person fails only when none of their known devices runs it.
 */
export function planTarget(
  member: DeviceMember | PersonMember,
  appSupportsDeviceLicensing: boolean,
  appPlatforms: readonly string[] = [],
): PlannedTarget {
  const planned = planLicense(member, appSupportsDeviceLicensing);
  if (planned.failure) return planned;
  const platformFailure =
    member.kind === 'person'
      ? checkPlatform(
          appPlatforms,
          (member.deviceModels ?? []).map((model) => devicePlatform(model)),
          { kind: 'person', label: member.label ?? member.clientUserId },
        )
      : checkPlatform(appPlatforms, [devicePlatform(member.model)], {
          kind: 'device',
          label: member.serialNumber,
        });
  return platformFailure ? { ...planned, failure: platformFailure } : planned;
}

function planLicense(
  member: DeviceMember | PersonMember,
  appSupportsDeviceLicensing: boolean,
): PlannedTarget {
  if (member.kind === 'person') {
    return {
      deviceId: null,
      personId: member.personId,
      licenseType: licenseTypeFor(appSupportsDeviceLicensing, 'USER'),
      assignee: member.clientUserId,
      failure: null,
    };
  }
  const licenseType = licenseTypeFor(appSupportsDeviceLicensing, 'DEVICE');
  if (licenseType === 'DEVICE') {
    return {
      deviceId: member.deviceId,
      personId: null,
      licenseType,
      assignee: member.serialNumber,
      failure: null,
    };
  }
  if (!member.primaryUser) {
    return {
      deviceId: member.deviceId,
      personId: null,
      licenseType,
      assignee: null,
      failure: {
        code: 'NO_PRIMARY_USER',
        reason: `The app does not support device licensing, so it needs a user license, and device ${member.serialNumber} has no primary user.`,
      },
    };
  }
  return {
    deviceId: member.deviceId,
    personId: member.primaryUser.personId,
    licenseType,
    assignee: member.primaryUser.clientUserId,
    failure: null,
  };
}

export interface ClaimSummary {
  /** Distinct licenses the targets need (two devices of one person need one user license). */
  needed: number;
  alreadyHeld: number;
  newClaims: number;
  available: number;
  shortfall: number;
}

/** How many new licenses an install needs against what the app has free. */
export function summariseClaims(
  targets: PlannedTarget[],
  isHeld: (licenseType: LicenseType, assignee: string) => boolean,
  available: number,
): ClaimSummary {
  const needed = new Set<string>();
  let alreadyHeld = 0;
  for (const target of targets) {
    if (target.failure || target.assignee === null) continue;
    const key = `${target.licenseType}:${target.assignee}`;
    if (needed.has(key)) continue;
    needed.add(key);
    if (isHeld(target.licenseType, target.assignee)) alreadyHeld += 1;
  }
  const newClaims = needed.size - alreadyHeld;
  return {
    needed: needed.size,
    alreadyHeld,
    newClaims,
    available,
    shortfall: Math.max(0, newClaims - available),
  };
}
