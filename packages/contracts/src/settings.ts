import { z } from 'zod';

export const settingsSchema = z.object({
  /** An app is "running low" when its available licenses are at most this share of its total. */
  lowLicenseThresholdPercent: z.number().int().min(0).max(100),
});
export type Settings = z.infer<typeof settingsSchema>;
export const updateSettingsSchema = settingsSchema.partial().strict();

/**
 * What happens to a device's device licenses when it checks out of the MDM (the MDM profile was
 * removed) or is deleted here: released at once, released once it stayed unenrolled for `days`,
 * or only suggested to the admin (nothing is released without a click).
 */
export const CHECK_OUT_LICENSE_MODES = ['IMMEDIATELY', 'AFTER_DAYS', 'SUGGEST_ONLY'] as const;
export const checkOutLicensesSchema = z.object({
  mode: z.enum(CHECK_OUT_LICENSE_MODES),
  /** With AFTER_DAYS: how long a device stays unenrolled before its licenses go back. */
  days: z.number().int().min(1).max(365),
});
export type CheckOutLicenses = z.infer<typeof checkOutLicensesSchema>;
