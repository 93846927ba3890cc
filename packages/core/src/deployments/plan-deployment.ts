import type { DeploymentPreview, DeploymentRequest } from '@vpp/contracts/deployments';
import { AppError } from '@vpp/contracts/errors';
import type { Database } from '@vpp/db/database';
import type { Sql } from '@vpp/db/transaction';
import {
  type DeviceMember,
  type LicenseType,
  licenseTypeFor,
  type PersonMember,
  type PlannedTarget,
  planTarget,
  summariseClaims,
} from '@vpp/domain/deployments/license-claim';
import { type DeploymentAction, targetStart } from '@vpp/domain/deployments/target-lifecycle';

export interface DeploymentContext {
  application: { id: string; name: string };
  storeApp: {
    id: string;
    tokenId: string;
    adamId: string;
    pricingParam: string;
    deviceAssignable: boolean;
    platforms: string[];
    availableCount: number;
    reservedCount: number;
  };
  collection: { id: string; name: string; type: 'USER' | 'DEVICE' };
}

export async function loadDeploymentContext(
  database: Pick<Database, 'prisma'>,
  request: Pick<DeploymentRequest, 'applicationId' | 'collectionId'>,
): Promise<DeploymentContext> {
  const [application, collection] = await Promise.all([
    database.prisma.application.findUnique({
      where: { id: request.applicationId },
      include: { storeApp: true },
    }),
    database.prisma.collection.findUnique({ where: { id: request.collectionId } }),
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
      platforms: app.platforms,
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

/**
 * Every collection member with the license it needs, read set-based (collections of 50,000). An
 * install checks the app's platforms against each device (a person: against their devices).
 */
export async function planMembers(
  sql: Sql,
  context: DeploymentContext,
  action: DeploymentAction,
): Promise<PlannedMember[]> {
  const { deviceAssignable } = context.storeApp;
  const platforms = action === 'INSTALL' ? context.storeApp.platforms : [];
  if (context.collection.type === 'USER') {
    const people = await sql.query<{ id: string; client_user_id: string; email: string; models: string[] }>(
      `SELECT p.id, p.client_user_id, p.email,
              coalesce((SELECT array_agg(d.model) FROM devices d WHERE d.primary_user_id = p.id), '{}') AS models
         FROM collection_people cp JOIN people p ON p.id = cp.person_id
        WHERE cp.collection_id = $1 ORDER BY p.client_user_id`,
      [context.collection.id],
    );
    return people.rows.map((person) => {
      const member: PersonMember = {
        kind: 'person',
        personId: person.id,
        clientUserId: person.client_user_id,
        label: person.email,
        deviceModels: person.models,
      };
      return { target: planTarget(member, deviceAssignable, platforms), label: person.email };
    });
  }
  const devices = await sql.query<{
    id: string;
    serial_number: string;
    model: string;
    person_id: string | null;
    client_user_id: string | null;
  }>(
    `SELECT d.id, d.serial_number, d.model, p.id AS person_id, p.client_user_id
       FROM collection_devices cd JOIN devices d ON d.id = cd.device_id LEFT JOIN people p ON p.id = d.primary_user_id
      WHERE cd.collection_id = $1 ORDER BY d.serial_number`,
    [context.collection.id],
  );
  return devices.rows.map((device) => {
    const member: DeviceMember = {
      kind: 'device',
      deviceId: device.id,
      serialNumber: device.serial_number,
      model: device.model,
      primaryUser:
        device.person_id && device.client_user_id
          ? { personId: device.person_id, clientUserId: device.client_user_id }
          : null,
    };
    return { target: planTarget(member, deviceAssignable, platforms), label: device.serial_number };
  });
}

/**
 * Licenses of this app that need no new claim: held at Apple (as of the last sync or a confirmed
 * claim), or reserved by a target of another deployment still waiting for Apple.
 */
export async function licensesAlreadyHeld(
  sql: Sql,
  context: DeploymentContext,
  members: PlannedMember[],
): Promise<Set<string>> {
  const byType = new Map<LicenseType, string[]>();
  for (const { target } of members) {
    if (target.failure || target.assignee === null) continue;
    const list = byType.get(target.licenseType) ?? [];
    list.push(target.assignee);
    byType.set(target.licenseType, list);
  }
  const held = new Set<string>();
  for (const [licenseType, assignees] of byType) {
    const rows = await sql.query<{ assignee: string }>(
      `SELECT assignee FROM license_assignments
        WHERE token_id = $1 AND adam_id = $2 AND pricing_param = $3 AND license_type = $4::"LicenseType"
          AND assignee = ANY($5::text[])
       UNION
       SELECT t.assignee FROM deployment_targets t
         JOIN deployments d ON d.id = t.deployment_id JOIN applications a ON a.id = d.application_id
        WHERE a.store_app_id = $6 AND t.reserved AND t.license_type = $4::"LicenseType"
          AND t.assignee = ANY($5::text[])`,
      [
        context.storeApp.tokenId,
        context.storeApp.adamId,
        context.storeApp.pricingParam,
        licenseType,
        assignees,
        context.storeApp.id,
      ],
    );
    for (const row of rows.rows) held.add(`${licenseType}:${row.assignee}`);
  }
  return held;
}

export const heldKey = (licenseType: LicenseType, assignee: string) => `${licenseType}:${assignee}`;

export interface TargetDecision {
  member: PlannedMember;
  state: 'PENDING' | 'FAILED';
  /** This target holds one of the app's reserved licenses until Apple confirms it. */
  reserves: boolean;
  failure: { code: string; reason: string } | null;
}

const NO_FREE_LICENSE_REASON =
  'No license of this app is available. Buy more: the next sync retries this target.';

function decide(member: PlannedMember, action: DeploymentAction, start: Parameters<typeof targetStart>[1]) {
  const row = targetStart(action, start);
  const failure =
    row.errorCode === null
      ? null
      : { code: row.errorCode, reason: member.target.failure?.reason ?? NO_FREE_LICENSE_REASON };
  return {
    member,
    state: row.state as TargetDecision['state'],
    reserves: row.reservation === 'RESERVE',
    failure,
  };
}

/**
 * How each target starts (the lifecycle's starts): who gets one of the free licenses, in a stable
 * order; the rest fail now with the reason and are retried when a sync finds more licenses. An
 * uninstall claims nothing.
 */
export function decideTargets(
  members: PlannedMember[],
  action: DeploymentAction,
  held: Set<string>,
  free: number,
): TargetDecision[] {
  const claimed = new Set<string>();
  let remaining = Math.max(0, free);
  return members.map((member) => {
    const { target } = member;
    if (target.failure) return decide(member, action, target.failure.code);
    if (action === 'UNINSTALL') return decide(member, action, 'TO_REMOVE');
    const key = heldKey(target.licenseType, target.assignee);
    if (held.has(key) || claimed.has(key)) return decide(member, action, 'LICENSE_HELD');
    if (remaining > 0) {
      remaining -= 1;
      claimed.add(key);
      return decide(member, action, 'FREE_LICENSE');
    }
    return decide(member, action, 'NO_FREE_LICENSE');
  });
}

export async function previewDeployment(
  database: Database,
  request: DeploymentRequest,
): Promise<DeploymentPreview> {
  const context = await loadDeploymentContext(database, request);
  const members = await planMembers(database.pool, context, request.action);
  const held = await licensesAlreadyHeld(database.pool, context, members);
  const free = Math.max(0, context.storeApp.availableCount - context.storeApp.reservedCount);
  const summary = summariseClaims(
    members.map((member) => member.target),
    (licenseType, assignee) => held.has(heldKey(licenseType, assignee)),
    free,
  );
  const failing = decideTargets(members, request.action, held, free).filter((decision) => decision.failure);
  const byType = { DEVICE: 0, USER: 0 };
  for (const member of members) byType[member.target.licenseType] += 1;
  return {
    licenseType: licenseTypeFor(context.storeApp.deviceAssignable, context.collection.type),
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
      code: (failure?.code ??
        'NO_LICENSE_AVAILABLE') as DeploymentPreview['targetsThatWillFail'][number]['code'],
    })),
    targetsThatWillFailCount: failing.length,
  };
}
