import { z } from 'zod';
import { pagedSchema } from './paging.ts';

// Device licenses given back to Apple because their device left, and the devices whose licenses
// could go back (checked out of the MDM, still holding device licenses).

export const LICENSE_RETURN_REASONS = ['CHECKED_OUT', 'DEVICE_DELETED', 'SUGGESTION_ACCEPTED'] as const;

export const returnedLicenseSchema = z.object({
  id: z.uuid(),
  returnedAt: z.iso.datetime(),
  reason: z.enum(LICENSE_RETURN_REASONS),
  serialNumber: z.string(),
  /** Null once the device was deleted. */
  deviceId: z.uuid().nullable(),
  deviceName: z.string(),
  adamId: z.string(),
  appName: z.string(),
  pricingParam: z.string(),
  /** The admin who released it; null when the console did (CheckOut, the delay ran out). */
  actorEmail: z.string().nullable(),
});
export type ReturnedLicense = z.infer<typeof returnedLicenseSchema>;
export const returnedLicensesPageSchema = pagedSchema(returnedLicenseSchema);

export const licenseReturnSuggestionSchema = z.object({
  deviceId: z.uuid(),
  serialNumber: z.string(),
  deviceName: z.string(),
  unenrolledAt: z.iso.datetime().nullable(),
  /** With the AFTER_DAYS setting: when the licenses go back by themselves. */
  releaseDueAt: z.iso.datetime().nullable(),
  apps: z.array(z.object({ adamId: z.string(), name: z.string() })),
});
export type LicenseReturnSuggestion = z.infer<typeof licenseReturnSuggestionSchema>;
export const licenseReturnSuggestionsSchema = z.object({ items: z.array(licenseReturnSuggestionSchema) });

export const licenseReturnSummarySchema = z.object({
  /** Licenses returned in the last 30 days. */
  returnedLast30Days: z.number().int().min(0),
  /** Checked-out devices still holding device licenses. */
  suggestions: z.number().int().min(0),
});
export type LicenseReturnSummary = z.infer<typeof licenseReturnSummarySchema>;

export const releaseDeviceLicensesResultSchema = z.object({ released: z.number().int().min(0) });
