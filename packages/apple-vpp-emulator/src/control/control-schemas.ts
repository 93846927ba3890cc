import { z } from 'zod';

const platform = z.enum(['iOS', 'macOS', 'tvOS', 'watchOS', 'visionOS']);
const pricingParam = z.enum(['STDQ', 'PLUS']);
const adamId = z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(String);

export const assetInput = z.object({
  adamId,
  pricingParam: pricingParam.optional(),
  productType: z.enum(['App', 'Book']).optional(),
  name: z.string().min(1).optional(),
  bundleId: z.string().min(1).optional(),
  deviceAssignable: z.boolean().optional(),
  revocable: z.boolean().optional(),
  supportedPlatforms: z.array(platform).min(1).optional(),
  /** Licences owned. Ignored for unlimited assets. */
  count: z.number().int().min(0).optional(),
  unlimited: z.boolean().optional(),
  retiredCount: z.number().int().min(0).optional(),
});
export type AssetInput = z.infer<typeof assetInput>;

export const userInput = z.object({
  clientUserId: z.string().min(1),
  email: z.string().optional(),
  managedAppleId: z.string().min(1).optional(),
  status: z.enum(['Registered', 'Associated', 'Retired']).optional(),
});
export type UserInput = z.infer<typeof userInput>;

export const assignmentInput = z
  .object({
    adamId,
    pricingParam: pricingParam.optional(),
    serialNumber: z.string().min(1).optional(),
    clientUserId: z.string().min(1).optional(),
  })
  .refine((a) => (a.serialNumber === undefined) !== (a.clientUserId === undefined), {
    message: 'give exactly one of serialNumber and clientUserId',
  });
export type AssignmentInput = z.infer<typeof assignmentInput>;

const mdmInfo = z.object({ id: z.string().min(1), name: z.string().min(1), metadata: z.string() });

export const createLocationRequest = z.object({
  orgName: z.string().min(1),
  locationName: z.string().min(1),
  type: z.enum(['BUSINESS', 'EDUCATION']),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  countryCode: z.string().length(2).optional(),
  assets: z.array(assetInput).optional(),
  users: z.array(userInput).optional(),
  assignments: z.array(assignmentInput).optional(),
  mdmInfo: mdmInfo.optional(),
});
export type CreateLocationRequest = z.infer<typeof createLocationRequest>;

export const purchaseRequest = assetInput.omit({ count: true, unlimited: true, retiredCount: true }).extend({
  /** Licences bought; negative for a refund. */
  count: z
    .number()
    .int()
    .refine((count) => count !== 0, 'count must not be 0'),
});

export const outsideAssignmentsRequest = z.object({
  add: z.array(assignmentInput).optional(),
  remove: z.array(assignmentInput).optional(),
});

export const claimRequest = z.object({ mdmInfo: mdmInfo.optional() });

export const expireRequest = z.object({ expiresAt: z.iso.datetime({ offset: true }).optional() });

export const renewRequest = z.object({
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  revokePrevious: z.boolean().optional(),
});

export const acceptInvitationRequest = z.object({ appleAccount: z.string().min(1).optional() });

const share = z.number().min(0).max(1);
export const faultsRequest = z.object({
  rate429: share.optional(),
  rate5xx: share.optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  dropNotifications: share.optional(),
  duplicateNotifications: share.optional(),
  failNext: z
    .object({
      count: z.number().int().min(0),
      status: z.union([z.literal(429), z.literal(500), z.literal(503)]).optional(),
    })
    .optional(),
});
export type FaultsRequest = z.infer<typeof faultsRequest>;

export const limitsRequest = z.record(z.string(), z.number().int().min(1));
