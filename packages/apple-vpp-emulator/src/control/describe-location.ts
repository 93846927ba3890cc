import { formatAppleDate } from '../apple/apple-date.ts';
import { responseAsset } from '../endpoints/list-assets.ts';
import { type AssignmentRecord, assignmentRecord } from '../events/apply-asset-event.ts';
import type { Location } from '../state/location.ts';
import { responseUser } from '../state/user-identity.ts';

function tokenState(location: Location, now: Date): 'valid' | 'expired' | 'revoked' {
  const token = location.currentToken;
  if (token.revoked) return 'revoked';
  return token.expiresAt.getTime() <= now.getTime() ? 'expired' : 'valid';
}

/** One line of `GET /_emulator/locations`: ids, names, token and counts. */
export function locationSummary(location: Location, now: Date) {
  return {
    locationId: location.id,
    uId: location.uId,
    orgName: location.orgName,
    locationName: location.locationName,
    type: location.type,
    countryCode: location.countryCode,
    vppToken: location.currentToken.vppToken,
    tokenExpirationDate: formatAppleDate(location.currentToken.expiresAt),
    tokenState: tokenState(location, now),
    mdmInfo: location.mdmInfo ?? null,
    notificationUrl: location.notificationTarget?.url ?? null,
    counts: {
      assets: location.assets.length,
      assignments: location.assignments.size,
      users: location.users.length,
      pendingEvents: location.pendingEvents().length,
    },
    versionIds: {
      assets: location.assetsVersion.currentVersionId,
      assignments: location.assignmentsVersion.currentVersionId,
      users: location.usersVersion.currentVersionId,
    },
  };
}

function compareAssignments(a: AssignmentRecord, b: AssignmentRecord): number {
  const keyOf = (record: AssignmentRecord) =>
    'serialNumber' in record
      ? [record.adamId, record.pricingParam, 'serialNumber', record.serialNumber]
      : [record.adamId, record.pricingParam, 'clientUserId', record.clientUserId];
  const left = keyOf(a);
  const right = keyOf(b);
  for (let i = 0; i < left.length; i++) {
    const order = (left[i] ?? '') < (right[i] ?? '') ? -1 : (left[i] ?? '') > (right[i] ?? '') ? 1 : 0;
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * `GET /_emulator/locations/:id/state`: the whole truth of a location in Apple's own shapes
 * (ResponseAsset with counts, assignments, ResponseUser), sorted so tests can compare it with a
 * synced database.
 */
export function locationSnapshot(location: Location, now: Date) {
  const table = location.assignments;
  const assignments: AssignmentRecord[] = new Array(table.size);
  for (let row = 0; row < table.size; row++) {
    const asset = location.assets[table.assetOfRow(row)];
    if (asset === undefined) throw new Error('assignment refers to a missing asset');
    const subject = table.subjectOfRow(row);
    assignments[row] = assignmentRecord(asset, table.subjectKind(subject), table.subjectName(subject));
  }
  assignments.sort(compareAssignments);
  return {
    ...locationSummary(location, now),
    assets: location.assets.map((asset) => ({
      ...responseAsset(location, asset),
      unlimited: asset.unlimited,
    })),
    assignments,
    users: [...location.users]
      .sort((a, b) => (a.clientUserId < b.clientUserId ? -1 : a.clientUserId > b.clientUserId ? 1 : 0))
      .map(responseUser),
  };
}
