import { z } from 'zod';
import { pageQuerySchema } from './paging.ts';
import { reclaimRuleSchema } from './reclaim.ts';

// Alert channels (where messages go), rules (what to watch) and what they did
// (docs/license-intelligence.md).

export const alertChannelTypes = ['EMAIL', 'WEBHOOK', 'SLACK'] as const;
export const alertChannelTypeSchema = z.enum(alertChannelTypes);
export type AlertChannelType = z.infer<typeof alertChannelTypeSchema>;

export const alertKinds = [
  'LOW_LICENSES',
  'EXHAUSTION_FORECAST',
  'TOKEN_EXPIRING',
  'TOKEN_UNUSABLE',
  'SYNC_FAILING',
  'DEPLOYMENT_SHORTFALL',
  'RECLAIM_AVAILABLE',
] as const;
export const alertKindSchema = z.enum(alertKinds);
export type AlertKind = z.infer<typeof alertKindSchema>;

const name = z.string().trim().min(1).max(200);
const secret = z.string().min(16, 'must be at least 16 characters').max(256);

const channelFields = z.strictObject({
  type: alertChannelTypeSchema,
  name,
  /** An email address (EMAIL) or an http(s) URL (WEBHOOK, SLACK). */
  target: z.string().trim().min(1).max(2000),
  /** WEBHOOK: the key of the X-VPP-Signature HMAC. Stored encrypted, never returned. */
  secret: secret.optional(),
});

function checkTarget(value: { type?: AlertChannelType; target?: string }, ctx: z.RefinementCtx): void {
  if (value.type === undefined || value.target === undefined) return;
  if (value.type === 'EMAIL') {
    if (!z.email().safeParse(value.target).success) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'must be an email address' });
    }
    return;
  }
  let url: URL | undefined;
  try {
    url = new URL(value.target);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    ctx.addIssue({ code: 'custom', path: ['target'], message: 'must be an http(s) URL' });
  }
}

export const createAlertChannelSchema = channelFields.superRefine((value, ctx) => {
  checkTarget(value, ctx);
  if (value.type === 'WEBHOOK' && value.secret === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['secret'],
      message: 'a webhook channel needs a secret to sign with',
    });
  }
});
export type CreateAlertChannel = z.infer<typeof createAlertChannelSchema>;

/** The type cannot change; a target change is checked against the channel's type by the service. */
export const updateAlertChannelSchema = z.strictObject({
  name: name.optional(),
  target: z.string().trim().min(1).max(2000).optional(),
  secret: secret.optional(),
});
export type UpdateAlertChannel = z.infer<typeof updateAlertChannelSchema>;

export function alertTargetProblem(type: AlertChannelType, target: string): string | undefined {
  const result = z
    .object({ type: alertChannelTypeSchema, target: z.string() })
    .superRefine(checkTarget)
    .safeParse({ type, target });
  return result.success ? undefined : result.error.issues[0]?.message;
}

export const alertChannelSchema = z.object({
  id: z.string(),
  type: alertChannelTypeSchema,
  name: z.string(),
  target: z.string(),
  secretSet: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type AlertChannel = z.infer<typeof alertChannelSchema>;

export const alertThresholdSchema = z.strictObject({
  available: z.number().int().min(0).max(10_000_000).optional(),
  percent: z.number().min(0).max(100).optional(),
  days: z.number().int().min(0).max(3650).optional(),
  runs: z.number().int().min(1).max(100).optional(),
  /** RECLAIM_AVAILABLE: the reclaim rule whose candidates are counted (with `days` for its days). */
  reclaimRule: reclaimRuleSchema.optional(),
});
export type AlertThreshold = z.infer<typeof alertThresholdSchema>;

export const alertScopeSchema = z.strictObject({
  tokenIds: z.array(z.uuid()).max(500).optional(),
  storeAppIds: z.array(z.uuid()).max(500).optional(),
  categories: z.array(z.string().trim().min(1).max(50)).max(100).optional(),
});
export type AlertScope = z.infer<typeof alertScopeSchema>;

/** The numeric threshold fields (reclaimRule picks a rule, it counts nothing). */
export type NumericThresholdField = Exclude<keyof AlertThreshold, 'reclaimRule'>;

/**
 * Which threshold fields each kind reads; a rule must set at least one of them. RECLAIM_AVAILABLE
 * fires when a token has more than `available` candidates of `reclaimRule` (default
 * DEVICE_NOT_SEEN) with `days` (default 30).
 */
export const thresholdFieldsByKind: Record<AlertKind, NumericThresholdField[]> = {
  LOW_LICENSES: ['available', 'percent'],
  EXHAUSTION_FORECAST: ['days'],
  TOKEN_EXPIRING: ['days'],
  TOKEN_UNUSABLE: [],
  SYNC_FAILING: ['runs'],
  DEPLOYMENT_SHORTFALL: [],
  RECLAIM_AVAILABLE: ['available'],
};

export function thresholdProblem(kind: AlertKind, threshold: AlertThreshold): string | undefined {
  const fields = thresholdFieldsByKind[kind];
  if (fields.length === 0) return undefined;
  return fields.some((field) => threshold[field] !== undefined)
    ? undefined
    : `${kind} needs threshold.${fields.join(' or threshold.')}`;
}

export const createAlertRuleSchema = z
  .strictObject({
    name,
    kind: alertKindSchema,
    threshold: alertThresholdSchema.default({}),
    channelIds: z.array(z.uuid()).max(50),
    scope: alertScopeSchema.nullable().optional(),
  })
  .superRefine((value, ctx) => {
    const problem = thresholdProblem(value.kind, value.threshold);
    if (problem) ctx.addIssue({ code: 'custom', path: ['threshold'], message: problem });
  });
export type CreateAlertRule = z.infer<typeof createAlertRuleSchema>;

export const updateAlertRuleSchema = z.strictObject({
  name: name.optional(),
  threshold: alertThresholdSchema.optional(),
  channelIds: z.array(z.uuid()).max(50).optional(),
  scope: alertScopeSchema.nullable().optional(),
});
export type UpdateAlertRule = z.infer<typeof updateAlertRuleSchema>;

export const alertRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: alertKindSchema,
  threshold: alertThresholdSchema,
  channelIds: z.array(z.string()),
  scope: alertScopeSchema.nullable(),
  firingCount: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type AlertRule = z.infer<typeof alertRuleSchema>;

export const alertDeliverySchema = z.object({
  id: z.string(),
  channelId: z.string().nullable(),
  ruleId: z.string().nullable(),
  purpose: z.enum(['ALERT', 'TEST', 'WEEKLY_REPORT']),
  subject: z.string(),
  status: z.enum(['PENDING', 'SENT', 'FAILED']),
  attempts: z.number().int(),
  responseCode: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});
export type AlertDelivery = z.infer<typeof alertDeliverySchema>;

export const alertDeliveryQuerySchema = pageQuerySchema;

export const activeAlertSchema = z.object({
  ruleId: z.string(),
  ruleName: z.string(),
  kind: alertKindSchema,
  subjectType: z.enum(['STORE_APP', 'TOKEN', 'DEPLOYMENT']),
  subjectId: z.string(),
  subjectName: z.string(),
  message: z.string(),
  firedAt: z.iso.datetime(),
});
export type ActiveAlert = z.infer<typeof activeAlertSchema>;
