import { z } from 'zod';
import { adamIdSchema, errorResponseSchema, pricingParamSchema, userSchema } from './apple-payloads.ts';

// Bodies Apple POSTs to the product's notification URL. Apple retries and may
// send duplicates: de-duplicate on `notificationId`.

export const notificationResultSchema = z.enum(['SUCCESS', 'FAILURE']);

export const assetManagementNotificationSchema = z.object({
  assignments: z
    .array(
      z.object({
        adamId: adamIdSchema,
        pricingParam: pricingParamSchema,
        serialNumber: z.string().optional(),
        clientUserId: z.string().optional(),
      }),
    )
    .default([]),
  eventId: z.string(),
  result: notificationResultSchema,
  type: z.enum(['ASSOCIATE', 'DISASSOCIATE', 'REVOKE']),
  /** At most one per notification; it applies to every listed assignment. */
  error: errorResponseSchema.optional(),
});
export type AssetManagementNotification = z.infer<typeof assetManagementNotificationSchema>;

export const assetCountNotificationSchema = z.object({
  adamId: adamIdSchema,
  pricingParam: pricingParamSchema,
  /** Purchase, transfer or refund; negative on a refund or a transfer away. */
  countDelta: z.number().int(),
});
export type AssetCountNotification = z.infer<typeof assetCountNotificationSchema>;

export const userManagementNotificationSchema = z.object({
  eventId: z.string(),
  result: notificationResultSchema,
  type: z.enum(['CREATE', 'UPDATE', 'RETIRE']),
  users: z.array(userSchema).default([]),
  error: errorResponseSchema.optional(),
});
export type UserManagementNotification = z.infer<typeof userManagementNotificationSchema>;

export const userAssociatedNotificationSchema = z.object({
  associatedUsers: z.array(userSchema).default([]),
});
export type UserAssociatedNotification = z.infer<typeof userAssociatedNotificationSchema>;

export const testNotificationSchema = z.object({});
export type TestNotification = z.infer<typeof testNotificationSchema>;

const envelopeFields = {
  notificationId: z.string().min(1),
  uId: z.string(),
};

/** Notification types the product handles, each with its payload. */
export const knownVppNotificationSchema = z.discriminatedUnion('notificationType', [
  z.object({
    ...envelopeFields,
    notificationType: z.literal('ASSET_MANAGEMENT'),
    notification: assetManagementNotificationSchema,
  }),
  z.object({
    ...envelopeFields,
    notificationType: z.literal('ASSET_COUNT'),
    notification: assetCountNotificationSchema,
  }),
  z.object({
    ...envelopeFields,
    notificationType: z.literal('USER_MANAGEMENT'),
    notification: userManagementNotificationSchema,
  }),
  z.object({
    ...envelopeFields,
    notificationType: z.literal('USER_ASSOCIATED'),
    notification: userAssociatedNotificationSchema,
  }),
  z.object({
    ...envelopeFields,
    notificationType: z.literal('TEST_NOTIFICATION'),
    notification: testNotificationSchema.default({}),
  }),
]);
export type KnownVppNotification = z.infer<typeof knownVppNotificationSchema>;

/** Any notification: the envelope is checked, the payload of types not listed above is not. */
export const notificationEnvelopeSchema = z.object({
  ...envelopeFields,
  notificationType: z.string().min(1),
  notification: z.unknown(),
});
export type VppNotificationEnvelope = z.infer<typeof notificationEnvelopeSchema>;

const KNOWN_TYPES: ReadonlySet<string> = new Set(
  knownVppNotificationSchema.options.map((option) => option.shape.notificationType.value),
);

export type ParsedVppNotification =
  | { ok: true; known: true; notification: KnownVppNotification }
  | { ok: true; known: false; notification: VppNotificationEnvelope }
  | { ok: false; issues: { path: string; message: string }[] };

/**
 * Parses a notification body. Types the product handles are fully validated; other types
 * (subscriptions, ones Apple adds later) come back with only the envelope checked, so the
 * endpoint can still answer 2xx and log them.
 */
export function parseVppNotification(body: unknown): ParsedVppNotification {
  const envelope = notificationEnvelopeSchema.safeParse(body);
  if (!envelope.success) return { ok: false, issues: toIssues(envelope.error) };
  if (!KNOWN_TYPES.has(envelope.data.notificationType)) {
    return { ok: true, known: false, notification: envelope.data };
  }
  const known = knownVppNotificationSchema.safeParse(body);
  if (!known.success) return { ok: false, issues: toIssues(known.error) };
  return { ok: true, known: true, notification: known.data };
}

function toIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
