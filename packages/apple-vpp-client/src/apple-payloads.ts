import { z } from 'zod';
import { parseAppleDate } from './apple-date.ts';

// Schemas of Apple's v2 payloads. Unknown keys are dropped, not rejected, so a
// field Apple adds later does not break a sync. Fields Apple documents as always present are
// required; a missing one is an INVALID_RESPONSE naming the field.

/** ISO-8601 as Apple writes it (`2030-11-08T22:33:22+0000`), parsed to a Date. */
export const appleDateSchema = z.string().transform((text, ctx) => {
  const date = parseAppleDate(text);
  if (!date) {
    ctx.addIssue({
      code: 'custom',
      message: 'Invalid date: expected ISO-8601 like 2030-11-08T22:33:22+0000',
    });
    return z.NEVER;
  }
  return date;
});

// v2 sends adamId as a string; subscription payloads use numbers. Normalise to string.
export const adamIdSchema = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

export const pricingParamSchema = z.enum(['STDQ', 'PLUS']);
export type PricingParam = z.infer<typeof pricingParamSchema>;

export const productTypeSchema = z.enum(['App', 'Book']);
export type ProductType = z.infer<typeof productTypeSchema>;

export const NOTIFICATION_TYPES = [
  'ASSET_MANAGEMENT',
  'ASSET_COUNT',
  'USER_MANAGEMENT',
  'USER_ASSOCIATED',
  'SUBSCRIPTION_MANAGEMENT',
  'SUBSCRIPTION_COUNT',
  'UNLIMITED_ASSET',
  'TEST_NOTIFICATION',
] as const;
export const notificationTypeSchema = z.enum(NOTIFICATION_TYPES);
export type NotificationType = z.infer<typeof notificationTypeSchema>;

export const errorInfoSchema = z.object({
  assets: z.array(z.unknown()).optional(),
  clientUserIds: z.array(z.string()).optional(),
  serialNumbers: z.array(z.string()).optional(),
});

/** Apple's `ErrorResponse`, synchronous or inside `/status` failures and notifications. */
export const errorResponseSchema = z.object({
  errorNumber: z.number().int(),
  errorMessage: z.string().optional(),
  errorInfo: errorInfoSchema.optional(),
});
export type AppleErrorResponse = z.infer<typeof errorResponseSchema>;

export const mdmInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  metadata: z.string(),
});
export type MdmInfo = z.infer<typeof mdmInfoSchema>;

/** Fields Apple adds to every authenticated answer. */
const locationFields = {
  uId: z.string(),
  tokenExpirationDate: appleDateSchema.optional(),
  mdmInfo: mdmInfoSchema.optional(),
};

// ---- service config (GET /service/config, no auth)

export const serviceConfigLimitsSchema = z.object({
  maxAssets: z.number().int().positive().optional(),
  maxClientUserIds: z.number().int().positive().optional(),
  maxSerialNumbers: z.number().int().positive().optional(),
  maxRevokeClientUserIds: z.number().int().positive().optional(),
  maxRevokeSerialNumbers: z.number().int().positive().optional(),
  maxUsers: z.number().int().positive().optional(),
  maxNotificationLength: z.number().int().positive().optional(),
  maxMdmNameLength: z.number().int().positive().optional(),
  maxMdmIdLength: z.number().int().positive().optional(),
  maxMdmMetadataLength: z.number().int().positive().optional(),
  maxRequestPerSecond: z.number().positive().optional(),
  maxSubscriptions: z.number().int().positive().optional(),
  maxSubscriptionClientUserIds: z.number().int().positive().optional(),
});
export type ServiceConfigLimits = z.infer<typeof serviceConfigLimitsSchema>;

export const serviceConfigSchema = z.object({
  errorCodes: z.array(z.object({ errorNumber: z.number().int(), errorMessage: z.string() })).default([]),
  limits: serviceConfigLimitsSchema,
  // Plain strings: Apple adds notification types over time.
  notificationTypes: z.array(z.string()).default([]),
  urls: z.record(z.string(), z.string()).default({}),
});
export type ServiceConfig = z.infer<typeof serviceConfigSchema>;

// ---- client config (GET/POST /client/config)

export const clientConfigRequestSchema = z.object({
  /** `null` clears it: what an MDM does before handing a location on. */
  mdmInfo: mdmInfoSchema.nullable().optional(),
  notificationUrl: z.string().optional(),
  notificationAuthToken: z.string().optional(),
  /** The complete subscribed set, not a delta. */
  notificationTypes: z.array(notificationTypeSchema).optional(),
});
export type ClientConfigRequest = z.infer<typeof clientConfigRequestSchema>;

export const clientConfigSchema = z.object({
  ...locationFields,
  countryISO2ACode: z.string().optional(),
  defaultPlatform: z.enum(['volumestore', 'enterprisestore']).optional(),
  locationName: z.string().optional(),
  notificationUrl: z.string().optional(),
  notificationAuthToken: z.string().optional(),
  subscribedNotificationTypes: z.array(z.string()).default([]),
  websiteURL: z.string().optional(),
});
export type ClientConfig = z.infer<typeof clientConfigSchema>;

// ---- pagination (assets, assignments, users)

const pageFields = {
  ...locationFields,
  currentPageIndex: z.number().int().nonnegative(),
  nextPageIndex: z.number().int().nonnegative().optional(),
  size: z.number().int().nonnegative(),
  totalPages: z.number().int().nonnegative(),
  versionId: z.string().min(1),
};

// ---- assets (GET /assets)

export const assetSchema = z.object({
  adamId: adamIdSchema,
  pricingParam: pricingParamSchema,
  productType: productTypeSchema,
  deviceAssignable: z.boolean(),
  revocable: z.boolean(),
  // Plain strings: Apple added visionOS after launch and may add more.
  supportedPlatforms: z.array(z.string()).default([]),
  assignedCount: z.number().int(),
  availableCount: z.number().int(),
  retiredCount: z.number().int(),
  totalCount: z.number().int(),
});
export type Asset = z.infer<typeof assetSchema>;

/** Free assets listed under `unlimitedAssets` when asked with `unlimited=true`: no counts but assigned. */
export const unlimitedAssetSchema = z.object({
  adamId: adamIdSchema,
  pricingParam: pricingParamSchema,
  productType: productTypeSchema,
  deviceAssignable: z.boolean(),
  revocable: z.boolean(),
  supportedPlatforms: z.array(z.string()).default([]),
  assignedCount: z.number().int().optional(),
});
export type UnlimitedAsset = z.infer<typeof unlimitedAssetSchema>;

export const assetsPageSchema = z.object({
  ...pageFields,
  assets: z.array(assetSchema).default([]),
  unlimitedAssets: z.array(unlimitedAssetSchema).optional(),
});
export type AssetsPage = z.infer<typeof assetsPageSchema>;

// ---- assignments (GET /assignments)

/** One license in use: an asset on a device (`serialNumber`) or for a user (`clientUserId`). */
export const assignmentSchema = z.object({
  adamId: adamIdSchema,
  pricingParam: pricingParamSchema,
  serialNumber: z.string().optional(),
  clientUserId: z.string().optional(),
});
export type Assignment = z.infer<typeof assignmentSchema>;

export const assignmentsPageSchema = z.object({
  ...pageFields,
  assignments: z.array(assignmentSchema).default([]),
});
export type AssignmentsPage = z.infer<typeof assignmentsPageSchema>;

// ---- users (GET /users, notifications)

export const USER_STATUSES = ['Registered', 'Associated', 'Retired', 'Deleted'] as const;
export const userStatusSchema = z.enum(USER_STATUSES);
export type UserStatus = z.infer<typeof userStatusSchema>;

export const userSchema = z.object({
  clientUserId: z.string(),
  email: z.string().optional(),
  status: userStatusSchema,
  /** Present while Registered: substitute into `urls.invitationEmail`. */
  inviteCode: z.string().optional(),
  /** Hash of the Apple Account, once Associated (kept after retirement). */
  idHash: z.string().optional(),
  managedAppleId: z.string().optional(),
});
export type VppUser = z.infer<typeof userSchema>;

export const usersPageSchema = z.object({
  ...pageFields,
  users: z.array(userSchema).default([]),
});
export type UsersPage = z.infer<typeof usersPageSchema>;

// ---- writes (associate, disassociate, revoke, users/*)

export const assetRefSchema = z.object({
  adamId: z.string().min(1),
  pricingParam: pricingParamSchema.optional(),
});
export type AssetRef = z.infer<typeof assetRefSchema>;

export const manageAssetsRequestSchema = z.object({
  assets: z.array(assetRefSchema),
  clientUserIds: z.array(z.string()).optional(),
  serialNumbers: z.array(z.string()).optional(),
});
export type ManageAssetsRequest = z.infer<typeof manageAssetsRequestSchema>;

export const revokeAssetsRequestSchema = z.object({
  clientUserIds: z.array(z.string()).optional(),
  serialNumbers: z.array(z.string()).optional(),
});
export type RevokeAssetsRequest = z.infer<typeof revokeAssetsRequestSchema>;

export const requestUserSchema = z.object({
  clientUserId: z.string().min(1),
  email: z.string().optional(),
  managedAppleId: z.string().optional(),
});
export type RequestUser = z.infer<typeof requestUserSchema>;

export const manageUsersRequestSchema = z.object({ users: z.array(requestUserSchema) });
export type ManageUsersRequest = z.infer<typeof manageUsersRequestSchema>;

/** Answer to every asynchronous write. */
export const eventResponseSchema = z.object({
  ...locationFields,
  eventId: z.string().min(1),
});
export type EventResponse = z.infer<typeof eventResponseSchema>;

// ---- event status (GET /status?eventId=)

export const eventStatusValueSchema = z.enum(['PENDING', 'COMPLETE', 'FAILED']);
export type EventStatusValue = z.infer<typeof eventStatusValueSchema>;

export const eventTypeSchema = z.enum(['ASSOCIATE', 'DISASSOCIATE', 'REVOKE', 'CREATE', 'UPDATE', 'RETIRE']);
export type EventType = z.infer<typeof eventTypeSchema>;

export const eventStatusSchema = z.object({
  ...locationFields,
  eventStatus: eventStatusValueSchema,
  eventType: eventTypeSchema,
  numCompleted: z.number().int().nonnegative(),
  numRequested: z.number().int().nonnegative(),
  /** FAILED can be a partial success: compare numCompleted with numRequested. */
  failures: z.array(errorResponseSchema).default([]),
});
export type EventStatus = z.infer<typeof eventStatusSchema>;
