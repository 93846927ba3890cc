import type {
  Collection,
  Device,
  Person,
  VppRegistration,
  VppRegistrationStatus,
  VppStatus,
} from '@vpp/contracts/inventory';
import type {
  Collection as CollectionRow,
  Device as DeviceRow,
  Person as PersonRow,
  Prisma,
} from '@vpp/db/client';
import type { Db } from '@vpp/db/database';

// Row → API shape for devices, people and collections, and what the audit log keeps of each.

export const deviceRowInclude = {
  primaryUser: { select: { id: true, email: true, displayName: true } },
  _count: { select: { collections: true } },
} satisfies Prisma.DeviceInclude;

export type DeviceViewRow = DeviceRow & {
  primaryUser: { id: string; email: string; displayName: string } | null;
  _count: { collections: number };
};

export function toDevice(row: DeviceViewRow): Device {
  return {
    id: row.id,
    serialNumber: row.serialNumber,
    name: row.name,
    model: row.model,
    primaryUserId: row.primaryUserId,
    primaryUser: row.primaryUser,
    collections: row._count.collections,
    mdm:
      row.udid !== null && row.mdmStatus !== null
        ? {
            udid: row.udid,
            osVersion: row.osVersion,
            status: row.mdmStatus,
            lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
            unenrolledAt: row.unenrolledAt?.toISOString() ?? null,
          }
        : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function deviceAuditSnapshot(row: DeviceRow, primaryUserEmail: string | null) {
  return {
    serialNumber: row.serialNumber,
    name: row.name,
    model: row.model,
    primaryUserId: row.primaryUserId,
    primaryUserEmail,
  };
}

export const personRowInclude = {
  _count: { select: { collections: true } },
} satisfies Prisma.PersonInclude;

export type PersonViewRow = PersonRow & { _count: { collections: number } };

const registrationStatuses: Record<string, VppRegistrationStatus> = {
  REGISTERED: 'REGISTERED',
  ASSOCIATED: 'ASSOCIATED',
  RETIRED: 'RETIRED',
  DELETED: 'DELETED',
};

// Higher wins when a person is known at several tokens' locations.
const statusRank: Record<VppStatus, number> = { NOT_REGISTERED: 0, RETIRED: 1, REGISTERED: 2, ASSOCIATED: 3 };

/** The best of a person's registrations: ASSOCIATED > REGISTERED > RETIRED > NOT_REGISTERED. */
export function bestVppStatus(registrations: Pick<VppRegistration, 'status'>[]): VppStatus {
  let best: VppStatus = 'NOT_REGISTERED';
  for (const { status } of registrations) {
    const candidate: VppStatus = status === 'DELETED' ? 'NOT_REGISTERED' : status;
    if (statusRank[candidate] > statusRank[best]) best = candidate;
  }
  return best;
}

/** Apple's user records (`vpp_users`, per token) of these people, by clientUserId. */
import { invitationUrl, invitationUrlTemplate } from './invitation-links.ts';

export async function loadRegistrations(
  db: Db,
  clientUserIds: string[],
): Promise<Map<string, VppRegistration[]>> {
  const byClientUserId = new Map<string, VppRegistration[]>();
  if (clientUserIds.length === 0) return byClientUserId;
  const template = await invitationUrlTemplate(db);
  const rows = await db.vppUser.findMany({
    where: { clientUserId: { in: clientUserIds } },
    select: {
      clientUserId: true,
      tokenId: true,
      status: true,
      inviteCode: true,
      token: { select: { name: true } },
    },
    orderBy: [{ token: { name: 'asc' } }, { tokenId: 'asc' }],
  });
  for (const row of rows) {
    // Apple writes "Registered", "Associated", "Retired", "Deleted"; anything else is not a registration.
    const status = registrationStatuses[row.status.toUpperCase()];
    if (!status) continue;
    const list = byClientUserId.get(row.clientUserId) ?? [];
    list.push({
      tokenId: row.tokenId,
      tokenName: row.token.name,
      status,
      inviteCode: status === 'REGISTERED' ? row.inviteCode : null,
      inviteUrl:
        status === 'REGISTERED' && row.inviteCode && template
          ? invitationUrl(template, row.inviteCode)
          : null,
    });
    byClientUserId.set(row.clientUserId, list);
  }
  return byClientUserId;
}

export function toPerson(row: PersonViewRow, registrations: VppRegistration[]): Person {
  return {
    id: row.id,
    clientUserId: row.clientUserId,
    email: row.email,
    displayName: row.displayName,
    managedAppleId: row.managedAppleId,
    vppStatus: bestVppStatus(registrations),
    vppRegistrations: registrations,
    collections: row._count.collections,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** People rows with their registrations, in the rows' order. */
export async function toPeople(db: Db, rows: PersonViewRow[]): Promise<Person[]> {
  const registrations = await loadRegistrations(
    db,
    rows.map((row) => row.clientUserId),
  );
  return rows.map((row) => toPerson(row, registrations.get(row.clientUserId) ?? []));
}

export function personAuditSnapshot(row: PersonRow) {
  return {
    clientUserId: row.clientUserId,
    email: row.email,
    displayName: row.displayName,
    managedAppleId: row.managedAppleId,
  };
}

export const collectionRowInclude = {
  _count: { select: { devices: true, people: true } },
} satisfies Prisma.CollectionInclude;

export type CollectionViewRow = CollectionRow & { _count: { devices: number; people: number } };

export function toCollection(row: CollectionViewRow): Collection {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    type: row.type,
    memberCount: row.type === 'DEVICE' ? row._count.devices : row._count.people,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function collectionAuditSnapshot(row: CollectionRow) {
  return { name: row.name, description: row.description, type: row.type };
}
