import {
  type AppleErrorNumber,
  type AppleErrorResponse,
  type AssetRef,
  appleErrorResponse,
} from '../apple/apple-errors.ts';
import { chunk, type NotificationDraft, notificationError } from '../notifications/notification-drafts.ts';
import type { SubjectKind } from '../state/assignment-table.ts';
import type { Asset, EventRequest, Location, LocationEvent } from '../state/location.ts';

/** An assignment as Apple writes it in responses and notifications. */
export type AssignmentRecord =
  | { adamId: string; pricingParam: string; serialNumber: string }
  | { adamId: string; pricingParam: string; clientUserId: string };

export function assignmentRecord(asset: AssetRef, kind: SubjectKind, subject: string): AssignmentRecord {
  return kind === 'serialNumber'
    ? { adamId: asset.adamId, pricingParam: asset.pricingParam, serialNumber: subject }
    : { adamId: asset.adamId, pricingParam: asset.pricingParam, clientUserId: subject };
}

interface FailureGroup {
  errorNumber: AppleErrorNumber;
  assets: AssetRef[];
  users: Set<string>;
  serials: Set<string>;
  assignments: AssignmentRecord[];
}

/** Failed items grouped by error (and by asset for licence shortages), for `failures[]` and notifications. */
class FailureCollector {
  private readonly groups = new Map<string, FailureGroup>();

  add(errorNumber: AppleErrorNumber, asset: AssetRef | undefined, kind: SubjectKind, subject: string): void {
    const key =
      errorNumber === 9709 && asset ? `9709/${asset.adamId}/${asset.pricingParam}` : String(errorNumber);
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { errorNumber, assets: [], users: new Set(), serials: new Set(), assignments: [] };
      this.groups.set(key, group);
    }
    (kind === 'serialNumber' ? group.serials : group.users).add(subject);
    if (asset === undefined) return;
    if (!group.assets.some((a) => a.adamId === asset.adamId && a.pricingParam === asset.pricingParam)) {
      group.assets.push({ adamId: asset.adamId, pricingParam: asset.pricingParam });
    }
    group.assignments.push(assignmentRecord(asset, kind, subject));
  }

  failures(): AppleErrorResponse[] {
    return [...this.groups.values()].map((group) =>
      appleErrorResponse(group.errorNumber, {
        ...(group.errorNumber === 9709 ? { assets: group.assets } : {}),
        ...(group.users.size > 0 ? { clientUserIds: [...group.users] } : {}),
        ...(group.serials.size > 0 ? { serialNumbers: [...group.serials] } : {}),
      }),
    );
  }

  groupsWithAssignments(): FailureGroup[] {
    return [...this.groups.values()].filter((group) => group.assignments.length > 0);
  }
}

/** Bumps a location's versions at most once per event, and only if something changed. */
export class VersionBumper {
  private assignmentsVersion: number | undefined;

  constructor(private readonly location: Location) {}

  /** The version new or changed assignment rows carry. */
  assignmentWrite(): number {
    if (this.assignmentsVersion === undefined) {
      this.assignmentsVersion = this.location.assignmentsVersion.bump();
      // Counts live on assets, so any assignment change is also an assets change.
      this.location.assetsVersion.bump();
    }
    return this.assignmentsVersion;
  }
}

export interface AppliedEvent {
  numCompleted: number;
  failures: AppleErrorResponse[];
  notifications: NotificationDraft[];
}

export function applyManageAssets(
  location: Location,
  event: LocationEvent,
  request: Extract<EventRequest, { kind: 'manage-assets' }>,
): AppliedEvent {
  const versions = new VersionBumper(location);
  const failures = new FailureCollector();
  const succeeded: AssignmentRecord[] = [];
  const subjects = requestedSubjects(request.clientUserIds, request.serialNumbers);

  for (const requested of request.assets) {
    const asset = location.findAsset(requested.adamId, requested.pricingParam);
    const assetRef = asset ?? { adamId: requested.adamId, pricingParam: requested.pricingParam ?? 'STDQ' };
    for (const [kind, subject] of subjects) {
      if (kind === 'clientUserId') {
        const user = location.findUser(subject);
        if (user === undefined || user.status === 'Retired') {
          failures.add(9609, assetRef, kind, subject);
          continue;
        }
      }
      if (request.eventType === 'ASSOCIATE') {
        // An asset the location does not own has no licence to give.
        const associated = asset !== undefined && associateOne(location, asset, kind, subject, versions);
        if (!associated) {
          failures.add(9709, assetRef, kind, subject);
          continue;
        }
      } else if (asset !== undefined) {
        disassociateOne(location, asset, kind, subject, versions);
      }
      succeeded.push(assignmentRecord(assetRef, kind, subject));
    }
  }

  return {
    numCompleted: succeeded.length,
    failures: failures.failures(),
    notifications: assetManagementNotifications(event, succeeded, failures),
  };
}

/** Assigns a licence; false when none is available. Assigning twice is a success that uses one licence. */
function associateOne(
  location: Location,
  asset: Asset,
  kind: SubjectKind,
  subject: string,
  versions: VersionBumper,
): boolean {
  const table = location.assignments;
  const subjectId = table.subjectId(kind, subject, true) ?? 0;
  if (table.find(asset.index, subjectId) !== -1) return true;
  if (location.availableCount(asset) <= 0) return false;
  table.appendRow(asset.index, subjectId, versions.assignmentWrite());
  return true;
}

/** Releases a licence; releasing one that is not assigned is a success with nothing to do. */
function disassociateOne(
  location: Location,
  asset: Asset,
  kind: SubjectKind,
  subject: string,
  versions: VersionBumper,
): void {
  const table = location.assignments;
  const subjectId = table.subjectId(kind, subject, false);
  if (subjectId === undefined || table.find(asset.index, subjectId) === -1) return;
  versions.assignmentWrite();
  table.remove(asset.index, subjectId);
}

export function applyRevokeAssets(
  location: Location,
  event: LocationEvent,
  request: Extract<EventRequest, { kind: 'revoke-assets' }>,
): AppliedEvent {
  const versions = new VersionBumper(location);
  const failures = new FailureCollector();
  const revoked: AssignmentRecord[] = [];
  let subjectsDone = 0;

  for (const [kind, subject] of requestedSubjects(request.clientUserIds, request.serialNumbers)) {
    if (kind === 'clientUserId' && location.findUser(subject) === undefined) {
      failures.add(9609, undefined, kind, subject);
      continue;
    }
    revoked.push(...revokeRevocableAssignments(location, kind, subject, versions));
    subjectsDone += 1;
  }

  return {
    numCompleted: subjectsDone,
    failures: failures.failures(),
    notifications: assetManagementNotifications(event, revoked, failures),
  };
}

/** Removes every revocable assignment of one device or user; returns what was removed. */
export function revokeRevocableAssignments(
  location: Location,
  kind: SubjectKind,
  subject: string,
  versions: VersionBumper,
): AssignmentRecord[] {
  const table = location.assignments;
  const subjectId = table.subjectId(kind, subject, false);
  if (subjectId === undefined) return [];
  const revocable = table
    .rowsOfSubject(subjectId)
    .map((row) => location.assets[table.assetOfRow(row)])
    .filter((asset): asset is Asset => asset?.revocable === true);
  for (const asset of revocable) {
    versions.assignmentWrite();
    table.remove(asset.index, subjectId);
  }
  return revocable.map((asset) => assignmentRecord(asset, kind, subject));
}

function requestedSubjects(clientUserIds: string[], serialNumbers: string[]): [SubjectKind, string][] {
  return [
    ...clientUserIds.map((id): [SubjectKind, string] => ['clientUserId', id]),
    ...serialNumbers.map((serial): [SubjectKind, string] => ['serialNumber', serial]),
  ];
}

function assetManagementNotifications(
  event: LocationEvent,
  succeeded: AssignmentRecord[],
  failures: FailureCollector,
): NotificationDraft[] {
  const drafts: NotificationDraft[] = chunk(succeeded).map((assignments) => ({
    notificationType: 'ASSET_MANAGEMENT',
    notification: { assignments, eventId: event.eventId, result: 'SUCCESS', type: event.eventType },
  }));
  // At most one error per notification, so each failure group gets its own notifications.
  for (const group of failures.groupsWithAssignments()) {
    for (const assignments of chunk(group.assignments)) {
      drafts.push({
        notificationType: 'ASSET_MANAGEMENT',
        notification: {
          assignments,
          error: notificationError(group.errorNumber),
          eventId: event.eventId,
          result: 'FAILURE',
          type: event.eventType,
        },
      });
    }
  }
  return drafts;
}
