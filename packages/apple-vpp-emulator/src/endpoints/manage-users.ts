import { z } from 'zod';
import { AppleError } from '../apple/apple-errors.ts';
import type { EmulatorContext } from '../emulator-context.ts';
import type { Location, LocationEvent } from '../state/location.ts';

const manageUsersRequest = z.object({
  users: z
    .array(
      z.object({
        clientUserId: z.string().min(1),
        email: z.string().optional(),
        managedAppleId: z.string().min(1).optional(),
      }),
    )
    .optional(),
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `POST /users/create`, `/users/update`, `/users/retire`: 9720, 9714, 9715, 9717, then a PENDING event. */
export function submitManageUsers(
  context: EmulatorContext,
  location: Location,
  eventType: 'CREATE' | 'UPDATE' | 'RETIRE',
  body: unknown,
): LocationEvent {
  const parsed = manageUsersRequest.safeParse(body);
  if (!parsed.success) throw new AppleError(9602);
  const users = parsed.data.users ?? [];
  if (users.length === 0) throw new AppleError(9720);
  if (users.length > context.limits.maxUsers) throw new AppleError(9714);
  const ids = users.map((user) => user.clientUserId);
  if (new Set(ids).size !== ids.length) throw new AppleError(9715);
  const badEmails = users.filter((user) => user.email !== undefined && !EMAIL.test(user.email));
  if (eventType !== 'RETIRE' && badEmails.length > 0) {
    throw new AppleError(9717, { errorInfo: { clientUserIds: badEmails.map((user) => user.clientUserId) } });
  }
  return context.events.submit(location, {
    kind: 'manage-users',
    eventType,
    users: users.map((user) =>
      eventType === 'RETIRE'
        ? { clientUserId: user.clientUserId }
        : { clientUserId: user.clientUserId, email: user.email, managedAppleId: user.managedAppleId },
    ),
  });
}
