import { z } from 'zod';

export const settingsSchema = z.object({
  /** An app is "running low" when its available licenses are at most this share of its total. */
  lowLicenseThresholdPercent: z.number().int().min(0).max(100),
});
export type Settings = z.infer<typeof settingsSchema>;
export const updateSettingsSchema = settingsSchema.partial().strict();
