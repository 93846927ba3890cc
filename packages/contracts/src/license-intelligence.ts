import { z } from 'zod';

// History of a store app's counts, the exhaustion forecast every store-app row carries, and the
// settings both read (docs/license-intelligence.md).

const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

export const licenseHistoryQuerySchema = z.object({
  /** From this instant or date (start of the UTC day); default 90 days before `to`. */
  from: instant.optional(),
  /** Up to this instant or date (end of the UTC day); default now. */
  to: instant.optional(),
});
export type LicenseHistoryQuery = z.infer<typeof licenseHistoryQuerySchema>;

export const licenseHistoryPointSchema = z.object({
  at: z.iso.datetime(),
  totalCount: z.number().int(),
  assignedCount: z.number().int(),
  availableCount: z.number().int(),
});
export type LicenseHistoryPoint = z.infer<typeof licenseHistoryPointSchema>;

export const licenseHistorySchema = z.object({
  storeAppId: z.string(),
  /** The count in force at `from` (the last point before it), so a chart starts at the right level. */
  items: z.array(licenseHistoryPointSchema),
});
export type LicenseHistory = z.infer<typeof licenseHistorySchema>;

export const forecastSchema = z.object({
  /** Whole days until no license is left at the current burn rate; null when not running out. */
  daysUntilExhausted: z.number().int().nullable(),
  exhaustedOn: z.iso.date().nullable(),
  /** Licenses to buy so the horizon is covered at the current burn rate. */
  suggestedPurchase: z.number().int(),
});
export type Forecast = z.infer<typeof forecastSchema>;

export const MAX_HORIZON_DAYS = 730;

/** Query fields every store-app list (the license view and the report) takes for the forecast. */
export const forecastQueryShape = {
  /** The horizon `suggestedPurchase` covers; default: the saved setting (90 days). */
  horizonDays: z.coerce.number().int().min(1).max(MAX_HORIZON_DAYS).optional(),
  /** Only apps that run out within this many days at the current rate. */
  runsOutWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
};

const currency = z
  .string()
  .trim()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR or USD');

export const licenseIntelligenceSettingsSchema = z.object({
  forecastHorizonDays: z.number().int().min(1).max(MAX_HORIZON_DAYS),
  /** The organisation's currency (ISO 4217) for license prices; default EUR. */
  currency,
  weeklyReport: z.object({
    enabled: z.boolean(),
    recipients: z.array(z.email().max(254)).max(50),
  }),
});
export type LicenseIntelligenceSettings = z.infer<typeof licenseIntelligenceSettingsSchema>;

export const updateLicenseIntelligenceSettingsSchema = z.strictObject({
  forecastHorizonDays: z.number().int().min(1).max(MAX_HORIZON_DAYS).optional(),
  currency: currency.optional(),
  weeklyReport: z
    .strictObject({
      enabled: z.boolean(),
      recipients: z.array(z.email().max(254)).max(50),
    })
    .optional(),
});
