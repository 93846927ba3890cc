import { type AppleErrorNumber, appleErrorResponse } from '../apple/apple-errors.ts';
import { chunk, type NotificationDraft, notificationError } from '../notifications/notification-drafts.ts';
import type { EventRequest, Location, LocationEvent, RequestUser, User } from '../state/location.ts';
import type { SeededRandom } from '../state/seeded-random.ts';
import { idHashFor, newInviteCode, responseUser } from '../state/user-identity.ts';
import { type AppliedEvent, revokeRevocableAssignments, VersionBumper } from './apply-asset-event.ts';

export interface UserEventOptions {
  random: SeededRandom;
  /** v1 retire released the user's revocable licences; v2 does not say (see README). */
  retireRevokesLicenses: boolean;
}

export function applyManageUsers(
  location: Location,
  event: LocationEvent,
  request: Extract<EventRequest, { kind: 'manage-users' }>,
  options: UserEventOptions,
): AppliedEvent {
  const succeeded: User[] = [];
  const failedByError = new Map<AppleErrorNumber, string[]>();
  const fail = (errorNumber: AppleErrorNumber, clientUserId: string) => {
    const ids = failedByError.get(errorNumber) ?? [];
    ids.push(clientUserId);
    failedByError.set(errorNumber, ids);
  };
  let usersVersion: number | undefined;
  const userWrite = () => {
    usersVersion ??= location.usersVersion.bump();
    return usersVersion;
  };
  const assignmentVersions = new VersionBumper(location);

  for (const requested of request.users) {
    const existing = location.findUser(requested.clientUserId);
    if (request.eventType === 'CREATE') {
      if (existing !== undefined && existing.status !== 'Retired') {
        fail(9716, requested.clientUserId);
        continue;
      }
      succeeded.push(createUser(location, existing, requested, userWrite(), options.random));
    } else if (existing === undefined) {
      fail(9609, requested.clientUserId);
    } else if (request.eventType === 'UPDATE') {
      updateUser(location, existing, requested, userWrite());
      succeeded.push(existing);
    } else {
      if (existing.status !== 'Retired') {
        existing.status = 'Retired';
        existing.inviteCode = undefined;
        existing.version = userWrite();
        if (options.retireRevokesLicenses) {
          revokeRevocableAssignments(location, 'clientUserId', existing.clientUserId, assignmentVersions);
        }
      }
      succeeded.push(existing);
    }
  }

  const failures = [...failedByError].map(([errorNumber, clientUserIds]) =>
    appleErrorResponse(errorNumber, { clientUserIds }),
  );
  const notifications: NotificationDraft[] = chunk(succeeded).map((users) => ({
    notificationType: 'USER_MANAGEMENT',
    notification: {
      eventId: event.eventId,
      result: 'SUCCESS',
      type: event.eventType,
      users: users.map(responseUser),
    },
  }));
  for (const [errorNumber, clientUserIds] of failedByError) {
    for (const ids of chunk(clientUserIds)) {
      notifications.push({
        notificationType: 'USER_MANAGEMENT',
        notification: {
          error: notificationError(errorNumber),
          eventId: event.eventId,
          result: 'FAILURE',
          type: event.eventType,
          users: ids.map((clientUserId) => ({ clientUserId })),
        },
      });
    }
  }
  return { numCompleted: succeeded.length, failures, notifications };
}

/**
 * Creates a user, or brings a retired one back. A Managed Apple Account associates at once
 * (Apple Developer Forums 716821); otherwise the user is Registered with an invitation code.
 */
function createUser(
  location: Location,
  retired: User | undefined,
  requested: RequestUser,
  version: number,
  random: SeededRandom,
): User {
  const user: User = retired ?? {
    clientUserId: requested.clientUserId,
    email: undefined,
    managedAppleId: undefined,
    status: 'Registered',
    inviteCode: undefined,
    idHash: undefined,
    version,
  };
  user.email = requested.email ?? user.email;
  user.managedAppleId = requested.managedAppleId ?? undefined;
  user.version = version;
  if (user.managedAppleId !== undefined) {
    user.status = 'Associated';
    user.inviteCode = undefined;
    user.idHash = idHashFor(location.uId, user.managedAppleId);
  } else {
    user.status = 'Registered';
    user.inviteCode = newInviteCode(random);
  }
  if (retired === undefined) location.addUser(user);
  return user;
}

function updateUser(location: Location, user: User, requested: RequestUser, version: number): void {
  if (requested.email !== undefined) user.email = requested.email;
  if (requested.managedAppleId !== undefined) {
    user.managedAppleId = requested.managedAppleId;
    if (user.status === 'Registered') {
      user.status = 'Associated';
      user.inviteCode = undefined;
      user.idHash = idHashFor(location.uId, requested.managedAppleId);
    }
  }
  user.version = version;
}

/**
 * A user opens the invitation and signs in with an Apple Account: Registered → Associated,
 * with an `idHash` and a USER_ASSOCIATED notification.
 */
export function acceptInvitation(location: Location, user: User, appleAccount: string): NotificationDraft[] {
  if (user.status !== 'Registered') return [];
  user.status = 'Associated';
  user.idHash = idHashFor(location.uId, appleAccount);
  user.version = location.usersVersion.bump();
  const associated = { ...responseUser(user), inviteCode: user.inviteCode };
  user.inviteCode = undefined;
  return [{ notificationType: 'USER_ASSOCIATED', notification: { associatedUsers: [associated] } }];
}
