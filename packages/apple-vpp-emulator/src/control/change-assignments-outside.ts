import { VersionBumper } from '../events/apply-asset-event.ts';
import type { SubjectKind } from '../state/assignment-table.ts';
import type { Asset, Location } from '../state/location.ts';
import { ControlError } from './control-error.ts';
import type { AssignmentInput } from './control-schemas.ts';

interface ResolvedChange {
  asset: Asset;
  kind: SubjectKind;
  subject: string;
}

function resolve(location: Location, input: AssignmentInput): ResolvedChange {
  const asset = location.findAsset(input.adamId, input.pricingParam);
  if (asset === undefined) {
    throw new ControlError(
      400,
      `location ${location.id} owns no asset ${input.adamId}/${input.pricingParam ?? 'STDQ'}`,
    );
  }
  return input.serialNumber !== undefined
    ? { asset, kind: 'serialNumber', subject: input.serialNumber }
    : { asset, kind: 'clientUserId', subject: input.clientUserId ?? '' };
}

/**
 * Assignment changes made outside the console (as Apple Business/School Manager would): checked
 * as a whole, then applied under one new version. No notification is sent, as no MDM asked.
 */
export function changeAssignmentsOutside(
  location: Location,
  changes: { add?: AssignmentInput[]; remove?: AssignmentInput[] },
): { added: number; removed: number } {
  const additions = (changes.add ?? []).map((input) => resolve(location, input));
  const removals = (changes.remove ?? []).map((input) => resolve(location, input));
  const table = location.assignments;

  const newPerAsset = new Map<Asset, Set<string>>();
  for (const { asset, kind, subject } of additions) {
    if (kind === 'serialNumber' && !asset.deviceAssignable) {
      throw new ControlError(400, `asset ${asset.adamId} is not device-assignable`);
    }
    if (kind === 'clientUserId') {
      const user = location.findUser(subject);
      if (user === undefined || user.status === 'Retired')
        throw new ControlError(400, `no active user ${subject}`);
    }
    const subjectId = table.subjectId(kind, subject, false);
    if (subjectId !== undefined && table.find(asset.index, subjectId) !== -1) continue;
    const pending = newPerAsset.get(asset) ?? new Set<string>();
    pending.add(`${kind}:${subject}`);
    newPerAsset.set(asset, pending);
  }
  for (const [asset, subjects] of newPerAsset) {
    if (subjects.size > location.availableCount(asset)) {
      throw new ControlError(409, `not enough licences of ${asset.adamId}/${asset.pricingParam}`);
    }
  }

  const versions = new VersionBumper(location);
  let added = 0;
  let removed = 0;
  for (const { asset, kind, subject } of removals) {
    const subjectId = table.subjectId(kind, subject, false);
    if (subjectId === undefined || table.find(asset.index, subjectId) === -1) continue;
    versions.assignmentWrite();
    table.remove(asset.index, subjectId);
    removed += 1;
  }
  for (const { asset, kind, subject } of additions) {
    const subjectId = table.subjectId(kind, subject, true) ?? 0;
    if (table.find(asset.index, subjectId) !== -1) continue;
    table.appendRow(asset.index, subjectId, versions.assignmentWrite());
    added += 1;
  }
  return { added, removed };
}
