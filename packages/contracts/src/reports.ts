import { z } from 'zod';
import { forecastQueryShape, forecastSchema } from './license-intelligence.ts';
import { pageQuerySchema } from './paging.ts';
import { statusReasonParamsSchema, tokenTypeSchema } from './tokens.ts';

export const licenseReportSortKeys = [
  'appName',
  'tokenName',
  'totalPurchased',
  'inUse',
  'available',
  'retired',
  'daysUntilExhausted',
] as const;

export const licenseReportQuerySchema = pageQuerySchema.extend({
  format: z.enum(['json', 'csv']).default('json'),
  tokenId: z.uuid().optional(),
  category: z.string().max(50).optional(),
  tokenType: tokenTypeSchema.optional(),
  search: z.string().trim().max(200).optional(),
  ...forecastQueryShape,
  /** The counts as they were at this instant or at the end of this UTC day, from the history. */
  asOf: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
  sort: z
    .string()
    .regex(
      new RegExp(`^-?(${licenseReportSortKeys.join('|')})$`),
      `one of ${licenseReportSortKeys.join(', ')}, optionally with a leading -`,
    )
    .default('appName'),
});
export type LicenseReportQuery = z.output<typeof licenseReportQuerySchema>;

/** "Apple VPP apps for iOS with license counts": one row per store app per token. */
export const licenseReportRowSchema = z.object({
  storeAppId: z.string(),
  appName: z.string(),
  adamId: z.string(),
  productType: z.enum(['APP', 'BOOK']),
  tokenId: z.string(),
  tokenName: z.string(),
  tokenType: tokenTypeSchema,
  /** null for free apps Apple lists as unlimited: they have no purchased count. */
  totalPurchased: z.number().int().nullable(),
  inUse: z.number().int(),
  available: z.number().int().nullable(),
  retired: z.number().int(),
  unlimited: z.boolean(),
  deployedApplications: z.number().int(),
  lastSyncedAt: z.iso.datetime().nullable(),
  /** At the current burn rate; null in an "as of" report. */
  forecast: forecastSchema.nullable(),
  /** Price of one license in minor units of the report's currency; null when no price is set. */
  unitPriceMinor: z.number().int().nullable(),
  /** Price × licenses in use; null without a price. */
  valueInUseMinor: z.number().int().nullable(),
  /** Price × licenses available (bought, not in use); null without a price or for unlimited apps. */
  valueIdleMinor: z.number().int().nullable(),
});
export type LicenseReportRow = z.infer<typeof licenseReportRowSchema>;

export const licenseReportTotalsSchema = z.object({
  apps: z.number().int(),
  /** Purchased licenses of apps with a count; unlimited apps are counted in `unlimitedApps` instead. */
  totalPurchased: z.number().int(),
  inUse: z.number().int(),
  available: z.number().int(),
  retired: z.number().int(),
  unlimitedApps: z.number().int(),
  /** Money in minor units of the report's currency, over priced apps. */
  valueInUseMinor: z.number().int(),
  valueIdleMinor: z.number().int(),
  /** Chargeback: value by token category ('' = tokens without one; a token in two categories counts in both). */
  costByCategory: z.array(
    z.object({
      category: z.string(),
      apps: z.number().int(),
      valueInUseMinor: z.number().int(),
      valueIdleMinor: z.number().int(),
    }),
  ),
});

export const licenseReportSchema = z.object({
  items: z.array(licenseReportRowSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  totals: licenseReportTotalsSchema,
  /** The organisation's currency (ISO 4217) the money is in. */
  currency: z.string(),
});
export type LicenseReport = z.infer<typeof licenseReportSchema>;

export const dashboardSchema = z.object({
  tokens: z.object({
    total: z.number().int(),
    byStatus: z.record(z.string(), z.number().int()),
    needingAttention: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        status: z.string(),
        statusReason: z.string(),
        statusReasonParams: statusReasonParamsSchema,
        expiresAt: z.iso.datetime(),
      }),
    ),
  }),
  lowLicenses: z.object({
    thresholdPercent: z.number().int(),
    count: z.number().int(),
    items: z.array(
      z.object({
        storeAppId: z.string(),
        appName: z.string(),
        adamId: z.string(),
        tokenId: z.string(),
        tokenName: z.string(),
        totalPurchased: z.number().int(),
        inUse: z.number().int(),
        available: z.number().int(),
      }),
    ),
  }),
  recentSyncRuns: z.array(
    z.object({
      id: z.string(),
      tokenId: z.string(),
      tokenName: z.string(),
      kind: z.string(),
      status: z.string(),
      finishedAt: z.iso.datetime().nullable(),
      error: z.string().nullable(),
    }),
  ),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
