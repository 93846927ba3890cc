import { z } from 'zod';
import { pageQuerySchema } from './paging.ts';

export const tokenTypes = ['BUSINESS', 'EDUCATION'] as const;
export const tokenTypeSchema = z.enum(tokenTypes);
export type TokenType = z.infer<typeof tokenTypeSchema>;

export const statusReasonParamsSchema = z.object({
  days: z.number().int().optional(),
  mdmName: z.string().optional(),
  error: z.string().optional(),
});
export type StatusReasonParams = z.infer<typeof statusReasonParamsSchema>;

export const tokenStatusSchema = z.enum([
  'VALID',
  'EXPIRING',
  'EXPIRED',
  'REVOKED',
  'IN_USE_ELSEWHERE',
  'SYNC_ERROR',
]);

export const syncKindSchema = z.enum(['FULL', 'INCREMENTAL']);
export const syncTriggerSchema = z.enum(['SCHEDULE', 'MANUAL', 'UPLOAD']);
export const syncStatusSchema = z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED']);

const isoOrNull = z.iso.datetime().nullable();

export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  appleId: z.string(),
  type: tokenTypeSchema,
  orgName: z.string(),
  locationName: z.string(),
  expiresAt: z.iso.datetime(),
  lastUpdatedAt: z.iso.datetime(),
  lastSyncedAt: isoOrNull,
  lastSuccessfulSyncAt: isoOrNull,
  lastFullSyncAt: isoOrNull,
  nextSyncAt: isoOrNull,
  backoffUntil: isoOrNull,
  status: tokenStatusSchema,
  statusReason: z.string(),
  /** What `statusReason` names (days left, the other MDM, the sync error), to say it in any language. */
  statusReasonParams: statusReasonParamsSchema,
  categories: z.array(z.string()),
  /** The MDM that took the location over, when it is not this console. */
  foreignMdmName: z.string().nullable(),
  activeSyncRun: z.object({ id: z.string(), status: syncStatusSchema, kind: syncKindSchema }).nullable(),
  /** Set when Apple remembers a newer full sync than this database holds: run a manual sync. */
  restoreSuspectedAt: isoOrNull,
  createdAt: z.iso.datetime(),
});
export type Token = z.infer<typeof tokenSchema>;

const name = z.string().trim().min(1, 'is required').max(100);
const description = z.string().trim().max(1000);
const appleId = z.email('must be the email of the Apple ID linked to the token').max(254);
/** Comma-separated in forms; trimmed, de-duplicated, at most 20 of 50 characters each. */
const categoryList = z
  .string()
  .max(2000)
  .transform((value) => [
    ...new Set(
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(z.array(z.string().max(50, 'a category has at most 50 characters')).max(20, 'at most 20 categories'));
const formBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');

/** The fields of the multipart upload; the `.vpptoken` file itself comes as the `token` part. */
export const createTokenFieldsSchema = z.strictObject({
  name,
  description: description.default(''),
  categories: categoryList.default([]),
  appleId,
  type: tokenTypeSchema,
  takeOver: formBoolean.default(false),
});
export type CreateTokenFields = z.output<typeof createTokenFieldsSchema>;

/** PATCH: JSON with these fields, or multipart with a new `token` file to renew. */
export const updateTokenFieldsSchema = z.strictObject({
  name: name.optional(),
  description: description.optional(),
  categories: z.union([categoryList, z.array(z.string().trim().min(1).max(50)).max(20)]).optional(),
  appleId: appleId.optional(),
  takeOver: z.union([formBoolean, z.boolean()]).optional(),
});
export type UpdateTokenFields = z.output<typeof updateTokenFieldsSchema>;

export const tokenListQuerySchema = pageQuerySchema.extend({
  search: z.string().max(200).optional(),
  status: tokenStatusSchema.optional(),
  type: tokenTypeSchema.optional(),
  category: z.string().max(50).optional(),
});
export type TokenListQuery = z.output<typeof tokenListQuerySchema>;

export const deletionPreviewSchema = z.object({
  apps: z.number().int(),
  applications: z.number().int(),
  deployments: z.number().int(),
  assignedLicenses: z.number().int(),
});
export type DeletionPreview = z.infer<typeof deletionPreviewSchema>;

export const syncRunChangesSchema = z.object({
  appsAdded: z.number().int(),
  appsRemoved: z.number().int(),
  countsChanged: z.number().int(),
  assignmentsAdded: z.number().int(),
  assignmentsRemoved: z.number().int(),
});

export const syncRunSchema = z.object({
  id: z.string(),
  tokenId: z.string(),
  kind: syncKindSchema,
  trigger: syncTriggerSchema,
  status: syncStatusSchema,
  queuedAt: z.iso.datetime(),
  startedAt: isoOrNull,
  finishedAt: isoOrNull,
  pagesFetched: z.number().int(),
  changes: syncRunChangesSchema,
  error: z.string().nullable(),
});
export type SyncRun = z.infer<typeof syncRunSchema>;

export const syncRunQuerySchema = pageQuerySchema.extend({
  tokenId: z.uuid().optional(),
  /** Keyset paging: the runs that follow this run (its id) in the list's order; `page` is then ignored. */
  after: z.uuid().optional(),
});

export const syncRunChangeSchema = z.object({
  kind: z.enum(['APP_ADDED', 'APP_REMOVED', 'COUNT_CHANGED', 'ASSIGNMENTS_ADDED', 'ASSIGNMENTS_REMOVED']),
  adamId: z.string(),
  pricingParam: z.string(),
  appName: z.string().nullable(),
  countBefore: z.number().int().nullable(),
  countAfter: z.number().int().nullable(),
  quantity: z.number().int(),
});

export const startSyncResponseSchema = z.object({ syncRunId: z.string() });

export const syncHealthSchema = z.object({
  recommendManualSync: z.boolean(),
  staleAfterHours: z.number().int(),
  tokens: z.array(
    z.object({
      tokenId: z.string(),
      tokenName: z.string(),
      reason: z.enum(['STALE', 'RESTORED']),
      since: isoOrNull,
    }),
  ),
});
export type SyncHealth = z.infer<typeof syncHealthSchema>;

export const categoriesSchema = z.object({ items: z.array(z.string()) });
export const syncRunChangesListSchema = z.object({ items: z.array(syncRunChangeSchema) });
