import { z } from 'zod';
import { pageQuerySchema } from './paging.ts';
import { storeAppSchema } from './store-apps.ts';

export const deploymentActionSchema = z.enum(['INSTALL', 'UNINSTALL']);
export const deploymentPurposeSchema = z.enum(['REQUIRED', 'AVAILABLE']);
export const targetStateSchema = z.enum([
  'PENDING',
  'LICENSED',
  'INSTALLED',
  'REMOVED',
  'LICENSE_RELEASED',
  'FAILED',
]);
export type TargetState = z.infer<typeof targetStateSchema>;
export const licenseTypeSchema = z.enum(['DEVICE', 'USER']);

export const deploymentSummarySchema = z.object({
  id: z.string(),
  applicationId: z.string(),
  collectionId: z.string(),
  collectionName: z.string(),
  collectionType: z.enum(['USER', 'DEVICE']),
  action: deploymentActionSchema,
  purpose: deploymentPurposeSchema,
  /** ACTIVE while targets have work left; FINISHED once every target settled; STOPPED by an admin. */
  status: z.enum(['ACTIVE', 'FINISHED', 'STOPPED']),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  counts: z.partialRecord(targetStateSchema, z.number().int()),
});
export type DeploymentSummary = z.infer<typeof deploymentSummarySchema>;

export const applicationSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  storeApp: storeAppSchema,
  deployments: z.array(deploymentSummarySchema),
});
export type Application = z.infer<typeof applicationSchema>;

export const applicationListQuerySchema = pageQuerySchema.extend({
  search: z.string().trim().max(200).optional(),
  tokenId: z.uuid().optional(),
});

export const deploymentRequestSchema = z.strictObject({
  applicationId: z.uuid(),
  collectionId: z.uuid(),
  action: deploymentActionSchema,
  purpose: deploymentPurposeSchema,
});
export type DeploymentRequest = z.infer<typeof deploymentRequestSchema>;

export const deploymentPreviewSchema = z.object({
  licenseType: licenseTypeSchema,
  /** Targets the deployment would have, by the license each needs. */
  targets: z.number().int(),
  targetsByLicenseType: z.object({ DEVICE: z.number().int(), USER: z.number().int() }),
  /** Distinct licenses the targets need (two devices of one person share one user license). */
  licensesNeeded: z.number().int(),
  alreadyHeld: z.number().int(),
  newClaims: z.number().int(),
  available: z.number().int(),
  shortfall: z.number().int(),
  /** Up to 100 targets that will fail, with why. */
  targetsThatWillFail: z.array(
    z.object({
      target: z.string(),
      reason: z.string(),
      code: z.enum(['NO_PRIMARY_USER', 'NO_LICENSE_AVAILABLE', 'PLATFORM_NOT_SUPPORTED']),
    }),
  ),
  targetsThatWillFailCount: z.number().int(),
});
export type DeploymentPreview = z.infer<typeof deploymentPreviewSchema>;

export const deploymentTargetSchema = z.object({
  id: z.string(),
  /** The device serial number or person the target stands for, as people read it. */
  target: z.string(),
  deviceId: z.string().nullable(),
  personId: z.string().nullable(),
  licenseType: licenseTypeSchema,
  assignee: z.string(),
  state: targetStateSchema,
  error: z.string().nullable(),
  errorCode: z.string().nullable(),
  /** An install target whose app and license a later uninstall deployment removed: that deployment. */
  removedBy: z
    .object({ deploymentId: z.string(), collectionName: z.string(), createdAt: z.iso.datetime() })
    .nullable(),
  updatedAt: z.iso.datetime(),
});

export const deploymentSchema = deploymentSummarySchema.extend({
  application: z.object({ id: z.string(), name: z.string(), storeAppId: z.string(), tokenId: z.string() }),
  targets: z.array(deploymentTargetSchema),
  targetsTotal: z.number().int(),
});
export type Deployment = z.infer<typeof deploymentSchema>;

export const deploymentTargetQuerySchema = pageQuerySchema.extend({
  state: targetStateSchema.optional(),
  search: z.string().trim().max(200).optional(),
});

export const patchDeploymentSchema = z.strictObject({
  action: deploymentActionSchema.optional(),
  purpose: deploymentPurposeSchema.optional(),
});

/** What the device side reports: one result per command. */
export const mdmEventsRequestSchema = z.strictObject({
  events: z
    .array(
      z.strictObject({
        commandId: z.string().min(1).max(200),
        serialNumber: z.string().min(1).max(64),
        status: z.enum(['INSTALLED', 'REMOVED', 'FAILED']),
        error: z.string().max(1000).optional(),
      }),
    )
    .min(1)
    .max(10_000),
});
export type MdmEventsRequest = z.infer<typeof mdmEventsRequestSchema>;
