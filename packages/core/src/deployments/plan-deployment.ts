import type { DeploymentPreview, DeploymentRequest } from '@vpp/contracts/deployments';
import { AppError } from '@vpp/contracts/errors';
import type { Db } from '@vpp/db/database';
import {
  type DeviceMember,
  type LicenseType,
  type PersonMember,
  type PlannedTarget,
  planTarget,
  summariseClaims,
} from '@vpp/domain/deployments/license-claim';

export interface DeploymentContext {
  application: { id: string; name: string };
  storeApp: {
    id: string;
    tokenId: string;
    adamId: string;
    pricingParam: string;
    deviceAssignable: boolean;
    availableCount: number;
    reservedCount: number;
  };
  collection: { id: string; name: string; type: 'USER' | 'DEVICE' };
}

export async function loadDeploymentContext(
  db: Db,
  request: Pick<DeploymentRequest, 'applicationId' | 'collectionId'>,
): Promise<DeploymentContext> {
  const [application, collection] = await Promise.all([
    db.application.findUnique({ where: { id: request.applicationId }, include: { storeApp: true } }),
    db.collection.findUnique({ where: { id: request.collectionId } }),
  ]);
  if (!application) {
    throw new AppError('NOT_FOUND', 'No such application.', {
      errors: [{ path: 'body.applicationId', message: 'not found' }],
    });
  }
  if (!collection) {
    throw new AppError('NOT_FOUND', 'No such collection.', {
      errors: [{ path: 'body.collectionId', message: 'not found' }],
    });
  }
  const app = application.storeApp;
  return {
    application: { id: application.id, name: application.name },
    storeApp: {
      id: app.id,
      tokenId: app.tokenId,
      adamId: app.adamId,
      pricingParam: app.pricingParam,
      deviceAssignable: app.deviceAssignable,
      availableCount: app.availableCount,
      reservedCount: app.reservedCount,
    },
    collection: { id: collection.id, name: collection.name, type: collection.type },
  };
}

export interface PlannedMember {
  target: PlannedTarget;
  /** How people read the target: the serial number or the person's email. */
  label: string;
}

/** Every collection member with the license it needs, read set-based (collections of 50,000). */
export async function planMembers(db: Db, context: DeploymentContext): Promise<PlannedMember[]> {
  if (context.collection.type === 'USER') {
    const people = await db.$queryRaw<{ id: string; client_user_id: string; email: string }[]>`
      SELECT p.id, p.client_user_id, p.email FROM collection_people cp JOIN people p ON p.id = cp.person_id
       WHERE cp.collection_id = ${context.collection.id}::uuid ORDER BY p.client_user_id`;
    return people.map((person) => {
      const member: PersonMember = {
        kind: 'person',
        personId: person.id,
        clientUserId: person.client_user_id,
      };
      return { target: planTarget(member, context.storeApp.deviceAssignable), label: person.email };
    });
  }
  const devices = await db.$queryRaw<
    { id: string; serial_number: string; person_id: string | null; client_user_id: string | null }[]
  >`
    SELECT d.id, d.serial_number, p.id AS person_id, p.client_user_id
      FROM collection_devices cd JOIN devices d ON d.id = cd.device_id LEFT JOIN people p ON p.id = d.primary_user_id
     WHERE cd.collection_id = ${context.collection.id}::uuid ORDER BY d.serial_number`;
  return devices.map((device) => {
    const member: DeviceMember = {
      kind: 'device',
      deviceId: device.id,
      serialNumber: device.serial_number,
      primaryUser:
        device.person_id && device.client_user_id
          ? { personId: device.person_id, clientUserId: device.client_user_id }
          : null,
    };
    return { target: planTarget(member, context.storeApp.deviceAssignable), label: device.serial_number };
  });
}

/**
 * Licenses of this app that need no new claim: held at Apple (as of the last sync or a confirmed
 * claim), or reserved by a target of another deployment still waiting for Apple.
 */
export async function licensesAlreadyHeld(
  db: Db,
  context: DeploymentContext,
  members: PlannedMember[],
): Promise<Set<string>> {
  const byType = new Map<LicenseType, string[]>();
  for (const { target } of members) {
    if (target.assignee === null) continue;
    const list = byType.get(target.licenseType) ?? [];
    list.push(target.assignee);
    byType.set(target.licenseType, list);
  }
  const held = new Set<string>();
  for (const [licenseType, assignees] of byType) {
    const rows = await db.$queryRaw<{ assignee: string }[]>`
      SELECT assignee FROM license_assignments
       WHERE token_id = ${context.storeApp.tokenId}::uuid AND adam_id = ${context.storeApp.adamId}
         AND pricing_param = ${context.storeApp.pricingParam} AND license_type = ${licenseType}::"LicenseType"
         AND assignee = ANY(${assignees}::text[])
      UNION
      SELECT t.assignee FROM deployment_targets t
        JOIN deployments d ON d.id = t.deployment_id JOIN applications a ON a.id = d.application_id
       WHERE a.store_app_id = ${context.storeApp.id}::uuid AND t.reserved AND t.license_type = ${licenseType}::"LicenseType"
         AND t.assignee = ANY(${assignees}::text[])`;
    for (const row of rows) held.add(`${licenseType}:${row.assignee}`);
  }
  return held;
}

export const heldKey = (licenseType: LicenseType, assignee: string) => `${licenseType}:${assignee}`;

export interface TargetDecision {
  member: PlannedMember;
  state: 'PENDING' | 'FAILED';
  /** This target holds one of the app's reserved licenses until Apple confirms it. */
  reserves: boolean;
  failure: { code: 'NO_PRIMARY_USER' | 'NO_LICENSE_AVAILABLE'; reason: string } | null;
}

/**
 * Who gets one of the free licenses, in a stable order; the rest fail now with the reason and are
 * retried when a sync finds more licenses.
 */
export function decideInstallTargets(
  members: PlannedMember[],
  held: Set<string>,
  free: number,
): TargetDecision[] {
  const claimed = new Set<string>();
  let remaining = Math.max(0, free);
  return members.map((member) => {
    const { target } = member;
    if (target.assignee === null)
      return { member, state: 'FAILED', reserves: false, failure: target.failure };
    const key = heldKey(target.licenseType, target.assignee);
    if (held.has(key) || claimed.has(key))
      return { member, state: 'PENDING', reserves: false, failure: null };
    if (remaining > 0) {
      remaining -= 1;
      claimed.add(key);
      return { member, state: 'PENDING', reserves: true, failure: null };
    }
    return {
      member,
      state: 'FAILED',
      reserves: false,
      failure: {
        code: 'NO_LICENSE_AVAILABLE',
        reason: 'No license of this app is available. Buy more: the next sync retries this target.',
      },
    };
  });
}

export async function previewDeployment(db: Db, request: DeploymentRequest): Promise<DeploymentPreview> {
  const context = await loadDeploymentContext(db, request);
  const members = await planMembers(db, context);
  const held = await licensesAlreadyHeld(db, context, members);
  const free = Math.max(0, context.storeApp.availableCount - context.storeApp.reservedCount);
  const summary = summariseClaims(
    members.map((member) => member.target),
    (licenseType, assignee) => held.has(heldKey(licenseType, assignee)),
    free,
  );
  const decisions = request.action === 'INSTALL' ? decideInstallTargets(members, held, free) : [];
  const failing =
    request.action === 'INSTALL'
      ? decisions.filter((decision) => decision.failure)
      : members
          .filter((member) => member.target.failure)
          .map((member) => ({ member, failure: member.target.failure }));
  const byType = { DEVICE: 0, USER: 0 };
  for (const member of members) byType[member.target.licenseType] += 1;
  return {
    licenseType:
      context.collection.type === 'DEVICE' && context.storeApp.deviceAssignable ? 'DEVICE' : 'USER',
    targets: members.length,
    targetsByLicenseType: byType,
    licensesNeeded: summary.needed,
    alreadyHeld: summary.alreadyHeld,
    newClaims: request.action === 'INSTALL' ? summary.newClaims : 0,
    available: free,
    shortfall: request.action === 'INSTALL' ? summary.shortfall : 0,
    targetsThatWillFail: failing.slice(0, 100).map(({ member, failure }) => ({
      target: member.label,
      reason: failure?.reason ?? '',
      code: failure?.code ?? 'NO_LICENSE_AVAILABLE',
    })),
    targetsThatWillFailCount: failing.length,
  };
}
