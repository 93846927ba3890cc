import type { AppleErrorNumber } from '../apple/apple-errors.ts';
import { APPLE_ERRORS } from '../apple/apple-errors.ts';
import type { NotificationType } from '../apple/service-limits.ts';

/** Apple puts at most 100 elements in one notification; larger results are split. */
export const MAX_NOTIFICATION_ELEMENTS = 100;

/** A notification before delivery: the type and the `notification` object Apple would send. */
export interface NotificationDraft {
  notificationType: NotificationType;
  notification: Record<string, unknown>;
}

export function chunk<T>(items: readonly T[], size = MAX_NOTIFICATION_ELEMENTS): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

export function notificationError(errorNumber: AppleErrorNumber): {
  errorNumber: number;
  errorMessage: string;
} {
  return { errorNumber, errorMessage: APPLE_ERRORS[errorNumber].message };
}
