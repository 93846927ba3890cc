import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseVppNotification } from '@vpp/apple-vpp-client/notifications';
import { AppError } from '@vpp/contracts/errors';
import type { DbClient } from '@vpp/db/database';
import { checkAppleEventJob } from '../jobs/jobs.ts';

// Apple's notifications make deployments quicker: an ASSET_MANAGEMENT notification says an event has
// ended, so its check runs now instead of at the next poll. Polling stays the source of truth
// (Apple calls notifications best-effort), so a lost or duplicated notification changes nothing.

export const NOTIFICATION_TYPES = [
  'ASSET_MANAGEMENT',
  'ASSET_COUNT',
  'USER_MANAGEMENT',
  'USER_ASSOCIATED',
] as const;

/** Each token gets its own bearer secret, derived from the encryption key: nothing more to store. */
export function notificationSecret(encryptionKey: string, tokenId: string): string {
  return createHmac('sha256', Buffer.from(encryptionKey, 'base64'))
    .update(`apple-notifications:${tokenId}`)
    .digest('base64url');
}

export function notificationUrl(baseUrl: string, tokenId: string): string {
  return new URL(`/api/apple/notifications/${tokenId}`, baseUrl).toString();
}

export interface NotificationOutcome {
  notificationType: string;
  /** Events whose check was brought forward. */
  eventsChecked: number;
}

export async function receiveAppleNotification(
  prisma: DbClient,
  encryptionKey: string,
  tokenId: string,
  authorization: string | undefined,
  body: unknown,
): Promise<NotificationOutcome> {
  const expected = Buffer.from(`Bearer ${notificationSecret(encryptionKey, tokenId)}`);
  const given = Buffer.from(authorization ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('UNAUTHENTICATED', "This notification does not carry the token's bearer secret.");
  }
  const parsed = parseVppNotification(body);
  if (!parsed.ok) {
    throw new AppError('VALIDATION_FAILED', 'This is not a notification from Apple.', {
      errors: parsed.issues.map((issue) => ({ path: `body.${issue.path}`, message: issue.message })),
    });
  }
  const { notification } = parsed;
  if (!parsed.known || notification.notificationType !== 'ASSET_MANAGEMENT') {
    return { notificationType: notification.notificationType, eventsChecked: 0 };
  }
  const { eventId } = parsed.notification.notification as { eventId: string };
  const event = await prisma.appleEvent.findFirst({ where: { eventId, tokenId, status: 'PENDING' } });
  if (!event) return { notificationType: notification.notificationType, eventsChecked: 0 };
  await checkAppleEventJob.enqueue(prisma, { eventId }, { runAt: new Date() });
  return { notificationType: notification.notificationType, eventsChecked: 1 };
}
