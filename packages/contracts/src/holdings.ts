import { z } from 'zod';
import { deploymentActionSchema, licenseTypeSchema, targetStateSchema } from './deployments.ts';

// What one device or one person holds: the licenses Apple has assigned to it, and where each
// deployment that targeted it stands. Read by the device and person pages.

/** One license Apple holds for the device (device license) or the person (user license). */
export const heldLicenseSchema = z.object({
  storeAppId: z.string(),
  name: z.string(),
  iconUrl: z.string().nullable(),
  tokenId: z.string(),
  tokenName: z.string(),
  adamId: z.string(),
  /** STDQ or PLUS: shown when an app is bought in two pricing variants. */
  pricingParam: z.string(),
  licenseType: licenseTypeSchema,
  /** When the console first saw the assignment at Apple. */
  since: z.iso.datetime(),
});
export type HeldLicense = z.infer<typeof heldLicenseSchema>;

/** One deployment target that stands for the device or the person. */
export const heldTargetSchema = z.object({
  targetId: z.string(),
  deploymentId: z.string(),
  applicationId: z.string(),
  applicationName: z.string(),
  collectionId: z.string(),
  collectionName: z.string(),
  action: deploymentActionSchema,
  deploymentStatus: z.enum(['ACTIVE', 'FINISHED', 'STOPPED']),
  state: targetStateSchema,
  errorCode: z.string().nullable(),
  error: z.string().nullable(),
  removedByDeploymentId: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type HeldTarget = z.infer<typeof heldTargetSchema>;

export const holdingsSchema = z.object({
  licenses: z.array(heldLicenseSchema),
  targets: z.array(heldTargetSchema),
});
export type Holdings = z.infer<typeof holdingsSchema>;
