import { z } from 'zod';
import { pageQuerySchema } from './paging.ts';

// Cost (a price per license per store app, a currency per organisation) and reclaim (rules that
// find licenses not earning their keep, taking them back, undo for 7 days). docs/license-intelligence.md.

/** Money is integer minor units of the organisation's currency (cents): never a float. */
export const moneyMinorSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** ISO 4217 code, upper case. */
export const currencySchema = z
  .string()
  .trim()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR or USD');

export const storeAppPriceSchema = z.object({
  storeAppId: z.string(),
  /** Price of one license in minor units (cents); null when no price is set. */
  unitPriceMinor: moneyMinorSchema.nullable(),
  currency: currencySchema,
  updatedAt: z.iso.datetime().nullable(),
});
export type StoreAppPrice = z.infer<typeof storeAppPriceSchema>;

export const setStoreAppPriceSchema = z.strictObject({
  /** Price of one license in minor units (cents); null removes the price. */
  unitPriceMinor: z.number().int().min(0).max(1_000_000_000).nullable(),
});

export const priceImportResultSchema = z.object({
  rows: z.number().int(),
  priced: z.number().int(),
  cleared: z.number().int(),
  problems: z.array(z.object({ line: z.number().int(), message: z.string() })),
});
export type PriceImportResult = z.infer<typeof priceImportResultSchema>;

export const reclaimRules = [
  'DEVICE_NOT_SEEN',
  'DEVICE_GONE',
  'PERSON_GONE',
  'NOT_INSTALLED',
  'PERSON_WITHOUT_DEVICE',
] as const;
export const reclaimRuleSchema = z.enum(reclaimRules);
export type ReclaimRule = z.infer<typeof reclaimRuleSchema>;

/** The rules that take a number of days (default 30). */
export const reclaimRulesWithDays: readonly ReclaimRule[] = ['DEVICE_NOT_SEEN', 'NOT_INSTALLED'];
export const DEFAULT_RECLAIM_DAYS = 30;
export const RECLAIM_UNDO_DAYS = 7;

export const reclaimCandidatesQuerySchema = z.object({
  rule: reclaimRuleSchema,
  days: z.coerce.number().int().min(1).max(3650).optional(),
  tokenId: z.uuid().optional(),
});
export type ReclaimCandidatesQuery = z.output<typeof reclaimCandidatesQuerySchema>;

export const reclaimCandidateSchema = z.object({
  /** Opaque; names the rule, the app and the holder. */
  id: z.string(),
  rule: reclaimRuleSchema,
  storeAppId: z.string(),
  appName: z.string(),
  adamId: z.string(),
  tokenId: z.string(),
  tokenName: z.string(),
  licenseType: z.enum(['DEVICE', 'USER']),
  /** Serial number (DEVICE) or clientUserId (USER). */
  assignee: z.string(),
  assigneeName: z.string(),
  /** Why it is a candidate, in English, e.g. "last seen 2026-10-01". */
  reason: z.string(),
  /** The same as a code (for translations) and the date it names, if any. */
  reasonCode: z.enum([
    'LAST_SEEN',
    'NOT_IN_INVENTORY',
    'UNENROLLED',
    'RETIRED',
    'NOT_INSTALLED',
    'NO_DEVICE',
  ]),
  reasonDate: z.iso.datetime().nullable(),
  /** The app is installed there (per its deployments): it is removed before the license goes. */
  installed: z.boolean(),
  licensedSince: z.iso.datetime(),
  /** The money the license would free; null when the app has no price. */
  priceMinor: moneyMinorSchema.nullable(),
});
export type ReclaimCandidate = z.infer<typeof reclaimCandidateSchema>;

export const reclaimCandidatesSchema = z.object({
  rule: reclaimRuleSchema,
  days: z.number().int().nullable(),
  currency: currencySchema,
  items: z.array(reclaimCandidateSchema),
  /** Candidates in all (items holds the first 1,000). */
  total: z.number().int(),
  freedMinor: moneyMinorSchema,
});
export type ReclaimCandidates = z.infer<typeof reclaimCandidatesSchema>;

export const reclaimRequestSchema = z
  .strictObject({
    candidateIds: z.array(z.string().min(1).max(1000)).min(1).max(1000).optional(),
    rule: reclaimRuleSchema.optional(),
    days: z.number().int().min(1).max(3650).optional(),
    tokenId: z.uuid().optional(),
    dryRun: z.boolean().default(false),
  })
  .superRefine((value, ctx) => {
    if ((value.candidateIds === undefined) === (value.rule === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['rule'], message: 'give either candidateIds or rule' });
    }
  });
export type ReclaimRequest = z.output<typeof reclaimRequestSchema>;

export const reclaimItemSchema = z.object({
  id: z.string(),
  rule: reclaimRuleSchema,
  storeAppId: z.string().nullable(),
  appName: z.string(),
  adamId: z.string(),
  licenseType: z.enum(['DEVICE', 'USER']),
  assignee: z.string(),
  assigneeName: z.string(),
  /** RELEASED at Apple at once, or through an UNINSTALL_DEPLOYMENT (removed first, then released). */
  method: z.enum(['RELEASED', 'UNINSTALL_DEPLOYMENT']),
  deploymentId: z.string().nullable(),
  priceMinor: moneyMinorSchema.nullable(),
});

export const reclaimSchema = z.object({
  id: z.string(),
  createdAt: z.iso.datetime(),
  rule: reclaimRuleSchema.nullable(),
  days: z.number().int().nullable(),
  actorEmail: z.string().nullable(),
  currency: currencySchema,
  freedMinor: moneyMinorSchema,
  licenses: z.number().int(),
  undoneAt: z.iso.datetime().nullable(),
  undoneBy: z.string().nullable(),
  /** Until when Undo is offered; null once undone. */
  undoUntil: z.iso.datetime().nullable(),
  items: z.array(reclaimItemSchema),
});
export type Reclaim = z.infer<typeof reclaimSchema>;

export const reclaimResultSchema = z.object({
  dryRun: z.boolean(),
  /** The reclaim recorded; null on a dry run. */
  reclaim: reclaimSchema.nullable(),
  /** What was (or would be) taken back. */
  candidates: z.array(reclaimCandidateSchema),
  freedMinor: moneyMinorSchema,
  currency: currencySchema,
  /** Of those, licenses whose app is removed first by an uninstall deployment. */
  uninstalls: z.number().int(),
});
export type ReclaimResult = z.infer<typeof reclaimResultSchema>;

export const reclaimsPageSchema = z.object({
  items: z.array(reclaimSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ReclaimsPage = z.infer<typeof reclaimsPageSchema>;
export const reclaimsQuerySchema = pageQuerySchema;

/** Rules that run on a schedule (the daily job `run-scheduled-reclaims`). */
export const reclaimScheduleSchema = z.object({
  rules: z
    .array(
      z.strictObject({
        rule: reclaimRuleSchema,
        days: z.number().int().min(1).max(3650).optional(),
      }),
    )
    .max(reclaimRules.length),
});
export type ReclaimSchedule = z.infer<typeof reclaimScheduleSchema>;
