import { createHash } from 'node:crypto';
import type { SeededRandom } from './seeded-random.ts';

/** A 32-hex-digit invitation code, as in Apple's examples. */
export function newInviteCode(random: SeededRandom): string {
  return random.hex(32);
}

/** Apple's `idHash`: a stable hash of the Apple Account (28 base64 characters, like Apple's examples). */
export function idHashFor(locationUId: string, appleAccount: string): string {
  return createHash('sha1').update(`${locationUId}:${appleAccount.toLowerCase()}`).digest('base64');
}

/** Serialises a user as Apple's `ResponseUser`: `inviteCode` while Registered, `idHash` once associated. */
export function responseUser(user: {
  clientUserId: string;
  email: string | undefined;
  status: string;
  inviteCode: string | undefined;
  idHash: string | undefined;
}): Record<string, string> {
  const body: Record<string, string> = { clientUserId: user.clientUserId };
  if (user.email !== undefined) body.email = user.email;
  if (user.idHash !== undefined) body.idHash = user.idHash;
  if (user.status === 'Registered' && user.inviteCode !== undefined) body.inviteCode = user.inviteCode;
  body.status = user.status;
  return body;
}
