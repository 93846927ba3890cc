import { AppleError } from '../apple/apple-errors.ts';
import type { EmulatorContext } from '../emulator-context.ts';
import type { Location, User } from '../state/location.ts';
import { responseUser } from '../state/user-identity.ts';
import { pageFields, pageWindow } from './pagination.ts';
import { readBoolean, readText } from './query-parameters.ts';

/**
 * `GET /users`. `activeOnly` leaves retired users out and `retiredOnly` keeps only them;
 * `includeRetired=0` (from Apple's getting-started text) is read as `activeOnly`.
 * `sinceVersionId` returns users created or changed since that version (a retire is a change).
 */
export function listUsers(context: EmulatorContext, location: Location, query: Record<string, unknown>) {
  const clientUserId = readText(query, 'clientUserId') || undefined;
  const includeRetired = readBoolean(query, 'includeRetired');
  const activeOnly = readBoolean(query, 'activeOnly') === true || includeRetired === false;
  const retiredOnly = readBoolean(query, 'retiredOnly') === true;
  if (activeOnly && retiredOnly) throw new AppleError(9602);
  const sinceVersionId = readText(query, 'sinceVersionId') || undefined;
  const since = sinceVersionId === undefined ? undefined : location.usersVersion.parse(sinceVersionId);
  if (sinceVersionId !== undefined && since === undefined) throw new AppleError(9721);

  const matches = (user: User) =>
    (!activeOnly || user.status !== 'Retired') &&
    (!retiredOnly || user.status === 'Retired') &&
    (since === undefined || user.version > since);
  let users: readonly User[];
  if (clientUserId !== undefined) {
    const user = location.findUser(clientUserId);
    users = user !== undefined && matches(user) ? [user] : [];
  } else if (!activeOnly && !retiredOnly && since === undefined) {
    users = location.users;
  } else {
    const key = `${location.id}|users|${activeOnly}|${retiredOnly}|${since}`;
    users = context.listCache.get(key, location.usersVersion.current, () => location.users.filter(matches));
  }

  const window = pageWindow(query, users.length, context.pageSizes.users, context.quirks.emptyListTotalPages);
  return {
    users: users.slice(window.start, window.end).map(responseUser),
    ...pageFields(window),
    versionId: location.usersVersion.currentVersionId,
  };
}
