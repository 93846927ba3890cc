import type { SubjectKind } from '../state/assignment-table.ts';
import type { Asset, Location, User } from '../state/location.ts';
import type { SeededRandom } from '../state/seeded-random.ts';
import { idHashFor, newInviteCode } from '../state/user-identity.ts';

const SERIAL_CHARACTERS = 'CDFGHJKLMNPQRTVWXY0123456789';

/** A 12-character serial number in Apple's alphabet (no vowels), unique within one location. */
export function serialNumber(prefix: string, index: number): string {
  let suffix = '';
  let rest = index;
  for (let i = 0; i < 7; i++) {
    suffix = (SERIAL_CHARACTERS[rest % SERIAL_CHARACTERS.length] ?? '0') + suffix;
    rest = Math.floor(rest / SERIAL_CHARACTERS.length);
  }
  return `${prefix}${suffix}`;
}

export function serialPrefix(random: SeededRandom): string {
  let prefix = '';
  for (let i = 0; i < 5; i++) prefix += random.pick([...SERIAL_CHARACTERS.slice(0, 18)]);
  return prefix;
}

/** Adds a generated user at the location's current users version. */
export function addGeneratedUser(
  location: Location,
  random: SeededRandom,
  user: { clientUserId: string; email: string; status: User['status']; managedAppleId?: string },
): User {
  const appleAccount = user.managedAppleId ?? user.email;
  return location.addUser({
    clientUserId: user.clientUserId,
    email: user.email,
    managedAppleId: user.managedAppleId,
    status: user.status,
    inviteCode: user.status === 'Registered' ? newInviteCode(random) : undefined,
    idHash: user.status === 'Registered' ? undefined : idHashFor(location.uId, appleAccount),
    version: location.usersVersion.current,
  });
}

/**
 * Assigns `count` distinct subjects from a pool to an asset, starting at a random offset.
 * Subject ids must already be registered in the table as one contiguous block.
 */
export function assignFromPool(
  location: Location,
  asset: Asset,
  pool: { firstSubjectId: number; size: number },
  count: number,
  random: SeededRandom,
): void {
  if (count > pool.size)
    throw new Error(`cannot give ${count} distinct assignments from a pool of ${pool.size}`);
  const version = location.assignmentsVersion.current;
  const offset = pool.size === 0 ? 0 : random.nextInt(0, pool.size - 1);
  for (let i = 0; i < count; i++) {
    location.assignments.appendRow(asset.index, pool.firstSubjectId + ((offset + i) % pool.size), version);
  }
}

/** Registers subjects in order so they form one contiguous block of ids; returns the first id. */
export function registerSubjects(
  location: Location,
  kind: SubjectKind,
  names: Iterable<string>,
): { firstSubjectId: number; size: number } {
  let firstSubjectId = -1;
  let size = 0;
  for (const name of names) {
    const id = location.assignments.subjectId(kind, name, true) ?? 0;
    if (firstSubjectId === -1) firstSubjectId = id;
    else if (id !== firstSubjectId + size) throw new Error('subjects must be registered as one block');
    size += 1;
  }
  return { firstSubjectId: Math.max(0, firstSubjectId), size };
}
